package dev.fluxion;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.TensorType;

/** The gradient of a built-in op, from the compiler's derivative rules (one calculus for every layer). */
final class OpGradFn extends GradFn {
    private final OpCall call;
    private final TensorType[] inputTypes;
    private final boolean[] needsGrad;
    private final boolean scalar;

    /**
     * @param inputTypes the inputs' types; may be null when {@code scalar}, as they are then all the result's
     * @param scalar true when the op has no attributes and every input is 0-d of the result's dtype
     */
    OpGradFn(OpCall call, Tensor[] inputs, TensorType[] inputTypes, boolean scalar) {
        super(inputs);
        this.call = call;
        this.inputTypes = inputTypes;
        this.scalar = scalar;
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needsGrad[i] = inputs[i].requiresGrad();
    }

    OpGradFn(OpCall call, Tensor[] inputs, TensorType[] inputTypes) {
        this(call, inputs, inputTypes, false);
    }

    /** PyTorch's name for this op's backward node, computed only when shown. */
    @Override
    String name() {
        return BackwardNames.of(call.op(), call.attrs(), inputTypes(), needsGrad);
    }

    private TensorType[] inputTypes() {
        if (inputTypes != null) return inputTypes;
        TensorType[] t = new TensorType[needsGrad.length];
        java.util.Arrays.fill(t, call.type());
        return t;
    }

    @Override
    Tensor[] backward(Tensor g) {
        Tensor[] in = inputs();
        RuleGraphs.Rule rule = scalar
                ? RuleGraphs.scalarRule(call.op(), call.dtype(), needsGrad)
                : RuleGraphs.rule(call.op(), call.attrs(), inputTypes(), needsGrad);
        for (int i : rule.valuesUsed()) checkVersion(i);
        return rule.apply(in, g);
    }

    Attrs attrs() {
        return call.attrs();
    }
}
