package dev.fluxion;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;

/** The gradient of a built-in op, from the compiler's derivative rules (one calculus for every layer). */
final class OpGradFn extends GradFn {
    private final OpCall call;
    private final boolean[] needsGrad;

    OpGradFn(OpCall call, Tensor[] inputs) {
        super(inputs);
        this.call = call;
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needsGrad[i] = inputs[i].requiresGrad();
    }

    @Override
    String name() {
        return backwardName(call.op());
    }

    static String backwardName(Op op) {
        StringBuilder sb = new StringBuilder();
        for (String part : op.text().split("_")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.append("Backward0").toString();
    }

    @Override
    Tensor[] backward(Tensor g) {
        Tensor[] in = inputs();
        RuleGraphs.Rule rule = RuleGraphs.rule(call.op(), call.attrs(), in, needsGrad);
        for (int i : rule.valuesUsed()) checkVersion(i);
        return rule.apply(in, g);
    }

    Attrs attrs() {
        return call.attrs();
    }
}
