package dev.fluxion;

import dev.fluxion.compiler.autodiff.DerivativeRules;
import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.TensorType;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The fast path of eager elementwise ops on 0-d floating-point tensors (the common case of scalar
 * code such as seed 000's Rosenbrock): the kernel table's own scalar function and the same
 * rounding, without shape inference or array wrapping. Results are bit-identical to the general
 * path (a test compares them over the op set).
 */
final class ScalarOps {
    private ScalarOps() {}

    private static final TensorType BOOL_SCALAR = TensorType.scalar(DType.BOOL);

    /** Attribute-less 0-d calls, one per (op, dtype), shared by every node that records one. */
    private static final OpCall[][] CALLS = new OpCall[Op.values().length][DType.values().length];

    private static OpCall call(Op op, Attrs attrs, TensorType out) {
        if (attrs.size() != 0) return OpCall.of(op, attrs, out);
        OpCall c = CALLS[op.ordinal()][out.dtype().ordinal()];
        if (c == null) CALLS[op.ordinal()][out.dtype().ordinal()] = c = OpCall.of(op, attrs, out); // benign race
        return c;
    }

    /** The result, or null when the fast path does not apply. */
    static Tensor tryApply(Op op, Attrs attrs, Tensor[] in) {
        Op.Kind kind = op.kind();
        if (in.length == 1 && kind == Op.Kind.UNARY && op != Op.CAST) {
            TensorType t = in[0].type();
            if (!t.shape().isScalar() || !t.dtype().isFloating()) return null;
            DoubleUnaryOperator f = Kernels.unaryFunction(op);
            return finish(op, attrs, in, t, t.dtype().round(f.applyAsDouble(in[0].storage.data[0])));
        }
        if (in.length == 2 && (kind == Op.Kind.BINARY || kind == Op.Kind.COMPARE)) {
            TensorType a = in[0].type(), b = in[1].type();
            if (!a.shape().isScalar() || !b.shape().isScalar() || a.dtype() != b.dtype() || !a.dtype().isFloating()) return null;
            DoubleBinaryOperator f = Kernels.binaryFunction(op);
            double v = f.applyAsDouble(in[0].storage.data[0], in[1].storage.data[0]);
            return kind == Op.Kind.COMPARE
                    ? finish(op, attrs, in, BOOL_SCALAR, v)
                    : finish(op, attrs, in, a, a.dtype().round(v));
        }
        return null;
    }

    private static TensorType[] typesOf(Tensor[] in) {
        TensorType[] types = new TensorType[in.length];
        for (int i = 0; i < in.length; i++) types[i] = in[i].type();
        return types;
    }

    /** {@code in} is the caller's fresh varargs array and is kept, not copied. */
    private static Tensor finish(Op op, Attrs attrs, Tensor[] in, TensorType out, double value) {
        Tensor t = new Tensor(new Storage(new double[] {value}), out);
        if (out.dtype().isFloating() && GradMode.isEnabled() && DerivativeRules.hasRule(op)) {
            boolean any = false;
            for (Tensor x : in) any |= x.requiresGrad();
            if (any) {
                // The result's type is every input's type here (same dtype, 0-d), so none are stored.
                boolean plain = attrs.size() == 0;
                TensorType[] types = plain ? null : typesOf(in);
                t.markRequiresGrad(new OpGradFn(call(op, attrs, out), in, types, plain));
            }
        }
        return t;
    }
}
