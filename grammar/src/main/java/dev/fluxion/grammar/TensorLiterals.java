package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.grammar.FluxionParser.ElementContext;
import dev.fluxion.grammar.FluxionParser.TensorContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Bracket literals, {@code [[1, 2], [3, 4]]}: row-major numbers in nested brackets, every row of
 * a level the same length. A literal is an untyped constant: f64 unless its context gives a dtype,
 * and {@code cast([1, 0], i64)} is an i64 constant, as the printer writes one.
 */
final class TensorLiterals {
    private TensorLiterals() {}

    /** The numbers of a literal, row-major, and its shape. */
    record Literal(double[] values, int[] shape) {}

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The literal as an untyped constant. */
    static Value read(Operations ops, SourceText source, TensorContext literal) {
        Literal l = parse(source, literal);
        return new Value.Untyped(dtype -> ops.tensorConstant(literal.getStart(), l.values(), TensorType.of(dtype, l.shape())));
    }

    /** Reads the numbers and shape of a literal; throws when rows differ in length or depth. */
    static Literal parse(SourceText source, TensorContext literal) {
        // the shape comes from the first element at every depth
        List<Integer> dims = new ArrayList<>();
        for (TensorContext t = literal; t != null; ) {
            dims.add(t.element().size());
            ElementContext first = t.element(0);
            t = first.tensor();
        }
        int rank = dims.size();
        List<Double> values = new ArrayList<>();
        // depth-first, left to right, with an explicit stack of (literal, depth)
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {literal, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            TensorContext t = (TensorContext) top[0];
            int depth = (Integer) top[1];
            if (t.element().size() != dims.get(depth)) {
                throw source.error(t, "this row has " + count(t.element().size(), "element") + " but the first row at its depth has "
                        + dims.get(depth));
            }
            for (int i = t.element().size() - 1; i >= 0; i--) {
                ElementContext e = t.element(i);
                boolean nested = e.tensor() != null;
                if (nested != (depth + 1 < rank)) {
                    throw source.error(e, (nested ? "too many brackets: " : "expected a bracketed row here: ")
                            + "the literal has " + (rank == 1 ? "1 axis" : rank + " axes"));
                }
                if (nested) stack.push(new Object[] {e.tensor(), depth + 1});
            }
            if (depth + 1 == rank) {
                for (ElementContext e : t.element()) {
                    double v = Attributes.number(e.number());
                    values.add(e.MINUS() != null ? -v : v);
                }
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        return new Literal(values.stream().mapToDouble(Double::doubleValue).toArray(), shape);
    }
}
