package dev.fluxion;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import java.util.EnumMap;
import java.util.Map;

/**
 * The names PyTorch 1.13 gives the backward node of each op, shown by {@code toString} as
 * {@code grad_fn=<MulBackward0>}. An op whose name is its own text in CamelCase plus
 * {@code Backward0} ({@code exp} → {@code ExpBackward0}) needs no entry; the table holds the ops
 * PyTorch names otherwise, and the few whose name depends on the call (a reduction over all
 * dimensions or over some, matmul by operand ranks, pow by its exponent).
 *
 * <p>Some PyTorch names belong to a Tensor method rather than to an op (clone, t, view, select,
 * rsub, norm…): {@link Tensor} labels those results itself. The names were read off PyTorch 1.13
 * by {@code benchmarks/torch/tensor_printing_oracle.py}.
 */
final class BackwardNames {
    private BackwardNames() {}

    /** Ops whose PyTorch backward name does not follow from the op's own name. */
    private static final Map<Op, String> FIXED = new EnumMap<>(Op.class);

    /** Each op's text in CamelCase ({@code scatter_add} → {@code ScatterAdd}), built once: naming runs on every recorded op. */
    private static final Map<Op, String> CAMEL = new EnumMap<>(Op.class);

    /** {@code <Camel>Backward0} for every op, the name of all ops PyTorch names after themselves. */
    private static final Map<Op, String> DEFAULT = new EnumMap<>(Op.class);

    static {
        for (Op op : Op.values()) {
            StringBuilder sb = new StringBuilder();
            for (String part : op.text().split("_")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            CAMEL.put(op, sb.toString());
            DEFAULT.put(op, sb + "Backward0");
        }
        // ---- elementwise ----
        FIXED.put(Op.SQUARE, "PowBackward0");        // torch.square is pow(x, 2)
        FIXED.put(Op.LOG1P, "Log1PBackward0");
        FIXED.put(Op.CAST, "ToCopyBackward0");       // x.to(dtype)
        // ---- shape ----
        FIXED.put(Op.RESHAPE, "ViewBackward0");
        FIXED.put(Op.BROADCAST_TO, "ExpandBackward0");
        FIXED.put(Op.TRANSPOSE, "PermuteBackward0");
        FIXED.put(Op.SQUEEZE, "SqueezeBackward1");
        FIXED.put(Op.PAD, "ConstantPadNdBackward0");
        FIXED.put(Op.CONCAT, "CatBackward0");
    }

    /**
     * PyTorch's name for the backward node of {@code op} applied to inputs of {@code inputs} types.
     *
     * @param needsGrad which inputs require grad (decides between {@code PowBackward0} and {@code 1})
     */
    static String of(Op op, Attrs attrs, TensorType[] inputs, boolean[] needsGrad) {
        String fixed = FIXED.get(op);
        if (fixed != null) return fixed;
        switch (op) {
            case SUM: case MEAN: case PROD:
                // sum() is SumBackward0, sum(dim) SumBackward1 (also when dim covers every dimension)
                return CAMEL.get(op) + (reducesAll(attrs, inputs[0]) ? "Backward0" : "Backward1");
            case MAX: case MIN:
                // max() is MaxBackward1, max(dim) (values and indices) MaxBackward0
                return CAMEL.get(op) + (reducesAll(attrs, inputs[0]) ? "Backward1" : "Backward0");
            case POW:
                // x ** 2. is PowBackward0; a tensor exponent that needs its own gradient is PowBackward1
                return inputs[1].rank() == 0 && !needsGrad[1] ? "PowBackward0" : "PowBackward1";
            case MATMUL:
                return matmulName(inputs[0].rank(), inputs[1].rank());
            default:
                return DEFAULT.get(op);
        }
    }

    /** PyTorch dispatches matmul to dot, mv, mm or a batched product by the operands' ranks. */
    private static String matmulName(int a, int b) {
        if (a == 1 && b == 1) return "DotBackward0";
        if (a == 2 && b == 1) return "MvBackward0";
        if (a == 1 && b == 2) return "SqueezeBackward3";
        if (a == 2 && b == 2) return "MmBackward0";
        return "UnsafeViewBackward0";
    }

    private static boolean reducesAll(Attrs attrs, TensorType input) {
        return !attrs.getBoolean("keepdim") && attrs.getInts("axes").length == input.rank();
    }

}
