package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import org.antlr.v4.runtime.Token;

import java.util.List;

/**
 * Applies ops to values at a source position: gives untyped constants their dtype, and turns the
 * builder's type and shape errors into errors under the op's text. Ops are applied with exactly
 * the attributes the text states ({@link GraphBuilder#apply}), never simplified, so printed text
 * reads back to the graph it came from.
 */
final class Operations {
    private final GraphBuilder builder;
    private final SourceText source;

    Operations(GraphBuilder builder, SourceText source) {
        this.builder = builder;
        this.source = source;
    }

    GraphBuilder builder() {
        return builder;
    }

    /** {@code op(inputs)} with attributes, or an error at {@code at} naming the builder's complaint. */
    Node apply(Token at, Op op, Attrs attrs, Node... inputs) {
        try {
            return builder.apply(op, attrs, inputs);
        } catch (IllegalArgumentException e) {
            throw source.error(at, e.getMessage(), e);
        }
    }

    /** A leaf op of a declared type. */
    Node leaf(Token at, Op op, Attrs attrs, TensorType type) {
        try {
            return builder.apply(op, attrs, type);
        } catch (IllegalArgumentException e) {
            throw source.error(at, e.getMessage(), e);
        }
    }

    /** A 0-d constant; i64 and bool constants must hold their value exactly, f32 ones round. */
    Node constant(Token at, double value, DType dtype) {
        return tensorConstant(at, new double[] {value}, TensorType.scalar(dtype));
    }

    /** A tensor constant of row-major values; see {@link #constant}. */
    Node tensorConstant(Token at, double[] values, TensorType type) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            double r = type.dtype().round(v[i]);
            if (type.dtype().isFloating() || Double.compare(r, v[i]) == 0) {
                v[i] = r;
            } else {
                throw source.error(at, "the constant " + v[i] + " is not a value of dtype " + type.dtype());
            }
        }
        return leaf(at, Op.CONST, Attrs.of("value", v), type);
    }

    /** The node of a value, building an untyped constant in {@code dtype}; a tuple is an error. */
    Node node(Token at, Value v, DType dtype) {
        if (v instanceof Value.Tensor) return ((Value.Tensor) v).node();
        if (v instanceof Value.Untyped) return ((Value.Untyped) v).build(dtype);
        int n = ((Value.Tuple) v).items().size();
        throw source.error(at, "a tuple of " + n + " values is not a tensor here (pick one with t[i], or return it as the result)");
    }

    /** The dtype of the first typed value among {@code values}, else f64. */
    static DType dtypeOf(List<Value> values) {
        for (Value v : values) if (v instanceof Value.Tensor) return ((Value.Tensor) v).node().dtype();
        return DType.F64;
    }

    /**
     * An elementwise or linear-algebra op on operands that may be untyped. Elementwise arithmetic
     * on untyped operands only stays untyped ({@code 2 * 3} takes its dtype later); otherwise
     * untyped operands take the dtype of the first typed one (for {@code where}, of the first typed
     * branch, and an untyped condition is bool).
     */
    Value elementwise(Token at, Op op, List<Value> operands) {
        for (Value v : operands) if (v instanceof Value.Tuple) node(at, v, DType.F64); // throws
        boolean keepsDType = (op.kind() == Op.Kind.UNARY && op != Op.CAST) || op.kind() == Op.Kind.BINARY;
        boolean allUntyped = operands.stream().allMatch(v -> v instanceof Value.Untyped);
        if (keepsDType && allUntyped) {
            return new Value.Untyped(dtype -> {
                Node[] in = new Node[operands.size()];
                for (int i = 0; i < in.length; i++) in[i] = ((Value.Untyped) operands.get(i)).build(dtype);
                return apply(at, op, Attrs.NONE, in);
            });
        }
        Node[] in = new Node[operands.size()];
        if (op == Op.WHERE) {
            DType dtype = dtypeOf(operands.subList(1, 3));
            in[0] = node(at, operands.get(0), DType.BOOL);
            in[1] = node(at, operands.get(1), dtype);
            in[2] = node(at, operands.get(2), dtype);
        } else {
            DType dtype = dtypeOf(operands);
            for (int i = 0; i < in.length; i++) in[i] = node(at, operands.get(i), dtype);
        }
        return new Value.Tensor(apply(at, op, Attrs.NONE, in));
    }

    /** The matrix transpose {@code x'}: swaps the last two axes; vectors and scalars are their own transpose. */
    Value transpose(Token at, Value v) {
        Node x = node(at, v, DType.F64);
        if (x.rank() < 2) return new Value.Tensor(x);
        int[] perm = GraphBuilder.allAxes(x.rank());
        perm[x.rank() - 2] = x.rank() - 1;
        perm[x.rank() - 1] = x.rank() - 2;
        return new Value.Tensor(apply(at, Op.TRANSPOSE, Attrs.of("perm", perm), x));
    }
}
