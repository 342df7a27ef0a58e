package dev.fluxion;

import dev.fluxion.compiler.ir.DType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Tensor#toString} exactly as PyTorch 1.13 prints ({@code torch/_tensor_str.py} with the
 * default print options: precision 4, threshold 1000, edge items 3, line width 80), with f64 in
 * the place of PyTorch's default dtype:
 *
 * <ul>
 *   <li>{@code tensor(7.)}, {@code tensor([2., 2., 2.])}, {@code tensor([0.2500, 1.5000])},
 *       {@code tensor([1.0000e-05, 1.0000e+00])}, nested rows on new lines (one blank line more per
 *       dimension), vectors wrapped at 80 columns, more than 1000 elements summarised with
 *       {@code ...};</li>
 *   <li>then the suffixes, wrapped like the numbers: {@code size=(0, 3)} for an empty tensor that is
 *       not 1-D, {@code dtype=f32} (our dtype names; f64, i64 and bool are not named unless the tensor
 *       is empty, where PyTorch names every non-default dtype), then {@code grad_fn=<MulBackward0>} or
 *       {@code requires_grad=True}.</li>
 * </ul>
 *
 * Numbers are rounded as Python's {@code format} rounds: the exact binary value, half to even
 * (Java's {@code String.format} rounds the shortest decimal form half up, which differs for values
 * such as 0.00105).
 */
final class TensorFormat {
    private TensorFormat() {}

    private static final int PRECISION = 4;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    static String format(Tensor t) {
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        String body;
        if (t.numel() == 0) {
            if (t.dim() != 1) suffixes.add("size=" + pythonTuple(t.shape()));
            if (t.dtype() != DType.F64) suffixes.add("dtype=" + t.dtype().text());
            body = "[]";
        } else {
            if (t.dtype() == DType.F32) suffixes.add("dtype=" + t.dtype().text());
            body = new Layout(t).render(indent);
        }
        String gradFn = t.gradFnName();
        if (gradFn != null) suffixes.add("grad_fn=<" + gradFn + ">");
        else if (t.requiresGrad()) suffixes.add("requires_grad=True");
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    /** PyTorch's {@code _add_suffixes}: a suffix goes on a new line when it would pass column 80. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(tensorStr);
        int lastLineLength = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1; // as PyTorch counts it
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    private static String pythonTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    // ---- layout: brackets, separators, summarisation ---------------------------------------------------

    /**
     * The nested-bracket text of a non-empty tensor. It recurses over dimensions (depth = rank, never
     * over a graph), mirroring {@code _tensor_str_with_formatter} so the two can be read side by side.
     */
    private static final class Layout {
        private final double[] v;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarize;
        private final NumberStyle style;

        Layout(Tensor t) {
            v = t.storage.data;
            shape = t.shape();
            strides = new int[shape.length];
            for (int d = shape.length - 1, acc = 1; d >= 0; d--) {
                strides[d] = acc;
                acc *= shape[d];
            }
            summarize = t.numel() > THRESHOLD;
            style = new NumberStyle(t.dtype(), printedValues());
        }

        /** Indices shown along dimension {@code d}: all, or the first and last three when summarising. */
        private int[] shownIndices(int d) {
            int n = shape[d];
            if (!summarize || n <= 2 * EDGE_ITEMS) return java.util.stream.IntStream.range(0, n).toArray();
            return new int[] {0, 1, 2, n - 3, n - 2, n - 1};
        }

        /** The values that will be printed (PyTorch's {@code get_summarized_data}): they alone set the widths. */
        private double[] printedValues() {
            if (shape.length == 0) return new double[] {v[0]};
            int[][] shown = new int[shape.length][];
            int count = 1;
            for (int d = 0; d < shape.length; d++) {
                shown[d] = shownIndices(d);
                count *= shown[d].length;
            }
            double[] out = new double[count];
            int[] odometer = new int[shape.length];
            for (int k = 0; k < count; k++) {
                int offset = 0;
                for (int d = 0; d < shape.length; d++) offset += shown[d][odometer[d]] * strides[d];
                out[k] = v[offset];
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++odometer[d] < shown[d].length) break;
                    odometer[d] = 0;
                }
            }
            return out;
        }

        String render(int indent) {
            return shape.length == 0 ? style.format(v[0]) : block(0, 0, indent);
        }

        /** The sub-tensor at {@code offset} holding dimensions {@code d..rank-1}. */
        private String block(int d, int offset, int indent) {
            if (d == shape.length - 1) return vector(offset, indent);
            int n = shape[d];
            List<String> slices = new ArrayList<>();
            if (summarize && n > 2 * EDGE_ITEMS) {
                for (int i = 0; i < EDGE_ITEMS; i++) slices.add(block(d + 1, offset + i * strides[d], indent + 1));
                slices.add("...");
                for (int i = n - EDGE_ITEMS; i < n; i++) slices.add(block(d + 1, offset + i * strides[d], indent + 1));
            } else {
                for (int i = 0; i < n; i++) slices.add(block(d + 1, offset + i * strides[d], indent + 1));
            }
            int remainingDims = shape.length - d;
            String separator = "," + "\n".repeat(remainingDims - 1) + " ".repeat(indent + 1);
            return "[" + String.join(separator, slices) + "]";
        }

        /** The last dimension, wrapped so that a line holds {@code (80 - indent) / (width + 2)} elements. */
        private String vector(int offset, int indent) {
            int n = shape[shape.length - 1];
            int stride = strides[shape.length - 1];
            List<String> data = new ArrayList<>();
            if (summarize && n > 2 * EDGE_ITEMS) {
                for (int i = 0; i < EDGE_ITEMS; i++) data.add(style.format(v[offset + i * stride]));
                data.add(" ...");
                for (int i = n - EDGE_ITEMS; i < n; i++) data.add(style.format(v[offset + i * stride]));
            } else {
                for (int i = 0; i < n; i++) data.add(style.format(v[offset + i * stride]));
            }
            int elementsPerLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, style.width() + 2));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < data.size(); i += elementsPerLine) {
                lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + elementsPerLine))));
            }
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
    }

    // ---- numbers ---------------------------------------------------------------------------------------

    /**
     * PyTorch's {@code _Formatter}: for floating tensors, integer mode ({@code 2.}) when every finite
     * non-zero value is an integer, else fixed ({@code 0.2500}); scientific ({@code 1.0000e-05}) when
     * the finite non-zero magnitudes span more than 1000×, exceed 1e8, or (not integers) fall below
     * 1e-4. The width is the widest finite non-zero value; zeros, nan and inf are padded to it.
     */
    private static final class NumberStyle {
        private final DType dtype;
        private boolean intMode = true;
        private boolean sciMode;
        private int width = 1;

        NumberStyle(DType dtype, double[] values) {
            this.dtype = dtype;
            if (!dtype.isFloating()) {
                for (double x : values) width = Math.max(width, plain(x).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            boolean any = false;
            for (double x : values) {
                if (!Double.isFinite(x) || x == 0) continue;
                any = true;
                min = Math.min(min, Math.abs(x));
                max = Math.max(max, Math.abs(x));
                if (x != Math.ceil(x)) intMode = false;
            }
            if (!any) return;
            sciMode = max / min > 1000. || max > 1.e8 || (!intMode && min < 1.e-4);
            for (double x : values) {
                if (!Double.isFinite(x) || x == 0) continue;
                int w = sciMode ? scientific(x).length() : intMode ? fixed(x, 0).length() + 1 : fixed(x, PRECISION).length();
                width = Math.max(width, w);
            }
        }

        int width() {
            return width;
        }

        /** One element, right-aligned to the common width. */
        String format(double x) {
            String s;
            if (!dtype.isFloating()) s = plain(x);
            else if (sciMode) s = scientific(x);
            else if (intMode) s = Double.isFinite(x) ? fixed(x, 0) + "." : nonFinite(x);
            else s = fixed(x, PRECISION);
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }

        private String plain(double x) {
            if (dtype == DType.BOOL) return x != 0 ? "True" : "False";
            return Long.toString((long) x);
        }
    }

    private static String nonFinite(double x) {
        return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }

    /** Python's {@code '{:.Nf}'.format(x)}: the exact binary value rounded half to even; keeps the sign of -0. */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) return nonFinite(x);
        String digits = new BigDecimal(Math.abs(x)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return (negative(x) ? "-" : "") + digits;
    }

    /** Python's {@code '{:.4e}'.format(x)}: five significant digits, an exponent of at least two digits. */
    static String scientific(double x) {
        if (!Double.isFinite(x)) return nonFinite(x);
        String sign = negative(x) ? "-" : "";
        if (x == 0) return sign + "0." + "0".repeat(PRECISION) + "e+00";
        BigDecimal r = new BigDecimal(Math.abs(x)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = (digits + "0".repeat(PRECISION + 1)).substring(0, PRECISION + 1);
        String exp = String.valueOf(Math.abs(exponent));
        return sign + digits.charAt(0) + "." + digits.substring(1) + "e" + (exponent < 0 ? "-" : "+")
                + (exp.length() < 2 ? "0" + exp : exp);
    }

    private static boolean negative(double x) {
        return x < 0 || (x == 0 && 1 / x < 0);
    }
}
