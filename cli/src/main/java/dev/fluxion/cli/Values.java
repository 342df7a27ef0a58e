package dev.fluxion.cli;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the values of {@code --at} and its kin ({@code x=2,y=3}, {@code x=[1,2,3]},
 * {@code A=[[1,2],[3,4]]}) and writes tensors back as text ({@code 72}, {@code [1, 0.5]}).
 */
final class Values {
    private Values() {}

    /** A tensor literal before it meets its input's dtype: a shape and row-major elements. */
    record Literal(Shape shape, double[] values) {
        /** This literal as a value of {@code type}, or a user error naming {@code what} when the shapes differ. */
        NDArray as(TensorType type, String what) {
            if (!shape.equals(type.shape())) {
                throw new UserError(what + " expects " + type + " but the value has shape " + shape);
            }
            double[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                if (type.dtype() == DType.I64 && v[i] != Math.rint(v[i])) {
                    throw new UserError(what + " expects " + type + " but the value holds " + text(v[i]));
                }
                v[i] = type.dtype() == DType.BOOL ? (v[i] != 0 ? 1 : 0) : type.dtype().round(v[i]);
            }
            return NDArray.of(type, v);
        }
    }

    /** {@code name=value} items of every option occurrence, in order; a name given twice is an error. */
    static Map<String, Literal> named(List<String> options, String option) {
        Map<String, Literal> out = new LinkedHashMap<>();
        for (String text : options) {
            for (String item : splitTopLevel(text, option)) {
                int eq = item.indexOf('=');
                if (eq <= 0) throw new UserError(option + " expects name=value items but got '" + item + "'");
                String name = item.substring(0, eq).trim();
                if (out.put(name, literal(item.substring(eq + 1).trim(), option)) != null) {
                    throw new UserError(option + " gives '" + name + "' twice");
                }
            }
        }
        return out;
    }

    /** Unnamed values of every option occurrence, in order ({@code 1,[1,2]}). */
    static List<Literal> unnamed(List<String> options, String option) {
        List<Literal> out = new ArrayList<>();
        for (String text : options) {
            for (String item : splitTopLevel(text, option)) out.add(literal(item.trim(), option));
        }
        return out;
    }

    /** Splits at the commas outside brackets. */
    private static List<String> splitTopLevel(String text, String option) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') depth++;
            else if (c == ']' && --depth < 0) throw new UserError(option + " has an unmatched ']' in '" + text + "'");
            else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) throw new UserError(option + " has an unclosed '[' in '" + text + "'");
        items.add(text.substring(start));
        return items;
    }

    /**
     * Reads a number, {@code true}/{@code false}, or a rectangular nested bracket list of them. One
     * left-to-right scan: '[' opens an axis, ']' closes it and checks its length against the first
     * list seen at that depth, so no recursion is needed.
     */
    static Literal literal(String text, String option) {
        if (text.isEmpty()) throw new UserError(option + " has an empty value");
        if (text.charAt(0) != '[') return new Literal(Shape.SCALAR, new double[] {number(text, option)});
        List<Double> values = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();   // length of each axis (by depth), fixed by the first list closed there
        List<Integer> counts = new ArrayList<>(); // items so far in the open list at each depth
        int depth = 0;
        int i = 0;
        int leafDepth = -1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[') {
                if (depth > 0) counts.set(depth - 1, counts.get(depth - 1) + 1);
                depth++;
                if (counts.size() < depth) counts.add(0);
                counts.set(depth - 1, 0);
                i++;
            } else if (c == ']') {
                if (depth == 0) throw malformed(text, option);
                int n = counts.get(depth - 1);
                while (dims.size() < depth) dims.add(null);
                if (dims.get(depth - 1) == null) dims.set(depth - 1, n);
                else if (dims.get(depth - 1) != n) throw new UserError(option + " value '" + text + "' is not rectangular");
                depth--;
                i++;
                if (depth == 0 && i != text.length()) throw malformed(text, option);
            } else if (c == ',' || c == ' ') {
                i++;
            } else {
                int end = i;
                while (end < text.length() && ",[] ".indexOf(text.charAt(end)) < 0) end++;
                if (depth == 0) throw malformed(text, option);
                if (leafDepth < 0) leafDepth = depth;
                else if (leafDepth != depth) throw new UserError(option + " value '" + text + "' is not rectangular");
                values.add(number(text.substring(i, end), option));
                counts.set(depth - 1, counts.get(depth - 1) + 1);
                i = end;
            }
        }
        if (depth != 0) throw malformed(text, option);
        if (dims.contains(null)) throw new UserError(option + " value '" + text + "' is not rectangular");
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        if (leafDepth >= 0 && leafDepth != shape.length) throw new UserError(option + " value '" + text + "' is not rectangular");
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (Shape.of(shape).numel() != v.length) throw new UserError(option + " value '" + text + "' is not rectangular");
        return new Literal(Shape.of(shape), v);
    }

    private static UserError malformed(String text, String option) {
        return new UserError(option + " value '" + text + "' is not a number or a bracketed tensor");
    }

    private static double number(String s, String option) {
        switch (s) {
            case "inf", "+inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            case "true": return 1;
            case "false": return 0;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new UserError(option + " value '" + s + "' is not a number");
                }
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    /** {@code 72}, {@code 0.5}, {@code [[108, 72], [72, 16]]}: integers without a fraction, inf and nan as the language writes them. */
    static String text(NDArray a) {
        if (a.rank() == 0) return element(a, 0);
        int[] dims = a.shape().dims();
        int[] strides = a.shape().strides();
        StringBuilder sb = new StringBuilder();
        int n = a.numel();
        if (n == 0) return "[]";
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims.length; d++) if (i % (strides[d] * dims[d]) == 0) sb.append('[');
            sb.append(element(a, i));
            int closed = 0;
            for (int d = dims.length - 1; d >= 0 && (i + 1) % (strides[d] * dims[d]) == 0; d--) closed++;
            sb.append("]".repeat(closed));
            if (i + 1 < n) sb.append(", ");
        }
        return sb.toString();
    }

    private static String element(NDArray a, int i) {
        double v = a.get(i);
        if (a.dtype() == DType.BOOL) return v != 0 ? "true" : "false";
        return text(v);
    }

    static String text(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
