package dev.fluxion;

import dev.fluxion.compiler.ir.DType;

/**
 * {@link Tensor#toString} as PyTorch prints: {@code tensor(7.)}, {@code tensor([2., 2., 2.])},
 * {@code tensor([0.2500, 1.5000])}, nested rows on new lines, then {@code requires_grad=True} or
 * {@code grad_fn=<MulBackward0>}. f64 is the default and is not named; other dtypes are.
 */
final class TensorFormat {
    private TensorFormat() {}

    static String format(Tensor t) {
        double[] v = t.storage.data;
        Style style = Style.of(t.dtype(), v);
        int[] shape = t.shape();
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(style.text(v[0]).strip());
        } else {
            appendNested(sb, v, shape, style, "tensor(".length());
        }
        if (t.dtype() == DType.F32) sb.append(", dtype=f32");
        if (t.gradFnName() != null) sb.append(", grad_fn=<").append(t.gradFnName()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static void appendNested(StringBuilder sb, double[] v, int[] shape, Style style, int indent) {
        int[] strides = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = acc;
            acc *= shape[i];
        }
        // Iterative walk: for each element, open the brackets of dimensions starting here and close those ending here.
        int n = v.length;
        if (n == 0) {
            sb.append("[]".repeat(1));
            return;
        }
        for (int k = 0; k < n; k++) {
            int opens = 0;
            for (int d = shape.length - 1; d >= 0 && k % (strides[d] * shape[d]) == 0; d--) opens++;
            if (k > 0) {
                int newlines = Math.max(0, opens - 1);
                sb.append(',');
                if (opens == 0) sb.append(' ');
                else sb.append("\n".repeat(newlines + 1)).append(" ".repeat(indent + shape.length - opens));
            }
            sb.append("[".repeat(opens));
            sb.append(style.text(v[k]));
            int closes = 0;
            for (int d = shape.length - 1; d >= 0 && (k + 1) % (strides[d] * shape[d]) == 0; d--) closes++;
            sb.append("]".repeat(closes));
        }
    }

    /** How numbers print: integers as {@code 2.}, otherwise 4 decimals or scientific, all padded to one width. */
    private record Style(DType dtype, boolean integral, boolean scientific, int width) {
        static Style of(DType dtype, double[] v) {
            boolean integral = true;
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            for (double x : v) {
                if (!Double.isFinite(x)) continue;
                if (x != Math.rint(x)) integral = false;
                double a = Math.abs(x);
                if (a > 0) {
                    maxAbs = Math.max(maxAbs, a);
                    minAbs = Math.min(minAbs, a);
                }
            }
            boolean sci = !integral && maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
            if (integral && maxAbs >= 1e8) sci = true;
            Style s = new Style(dtype, integral, sci, 0);
            int w = 0;
            for (double x : v) w = Math.max(w, s.raw(x).length());
            return new Style(dtype, integral, sci, w);
        }

        String raw(double x) {
            if (dtype == DType.BOOL) return x != 0 ? "True" : "False";
            if (dtype == DType.I64) return Long.toString((long) x);
            if (Double.isNaN(x)) return "nan";
            if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
            if (scientific) return String.format("%.4e", x).replace("e+", "e+");
            if (integral) return (long) x + ".";
            return String.format("%.4f", x);
        }

        String text(double x) {
            String r = raw(x);
            return " ".repeat(Math.max(0, width - r.length())) + r;
        }
    }
}
