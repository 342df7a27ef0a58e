package dev.fluxion.compiler.optable;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static dev.fluxion.compiler.optable.Domain.NONZERO;
import static dev.fluxion.compiler.optable.Domain.POSITIVE;
import static dev.fluxion.compiler.optable.Domain.REAL;
import static dev.fluxion.compiler.optable.Domain.UNIT;

/**
 * The OpInfo-style table: every op of the IR, in several shapes (0-d, vectors, matrices,
 * broadcasting pairs), with input domains. Tests of every layer (interpreter, reverse mode, and
 * later the backends) run over {@link #samples()}.
 */
public final class OpTable {
    private OpTable() {}

    private static final int[][] UNARY_SHAPES = {{}, {4}, {2, 3}};
    private static final int[][][] BINARY_SHAPES = {{{}, {}}, {{4}, {4}}, {{2, 3}, {2, 3}}, {{3, 1}, {4}}, {{}, {2, 3}}};

    private static final Map<Op, Domain> UNARY_DOMAIN = new EnumMap<>(Op.class);

    static {
        for (Op op : new Op[] {Op.NEG, Op.EXP, Op.EXPM1, Op.SQUARE, Op.SIN, Op.COS, Op.ATAN, Op.SINH, Op.COSH,
                Op.TANH, Op.SIGMOID, Op.SOFTPLUS, Op.ERF}) {
            UNARY_DOMAIN.put(op, REAL);
        }
        for (Op op : new Op[] {Op.LOG, Op.LOG1P, Op.SQRT, Op.RSQRT}) UNARY_DOMAIN.put(op, POSITIVE);
        for (Op op : new Op[] {Op.ASIN, Op.ACOS, Op.TAN}) UNARY_DOMAIN.put(op, UNIT);
        for (Op op : new Op[] {Op.ABS, Op.SIGN, Op.RELU, Op.RECIPROCAL}) UNARY_DOMAIN.put(op, NONZERO);
    }

    private static final Map<Op, Domain[]> BINARY_DOMAIN = new EnumMap<>(Op.class);

    static {
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.MAXIMUM, Op.MINIMUM, Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE}) {
            BINARY_DOMAIN.put(op, new Domain[] {REAL, REAL});
        }
        BINARY_DOMAIN.put(Op.DIV, new Domain[] {REAL, NONZERO});
        BINARY_DOMAIN.put(Op.POW, new Domain[] {POSITIVE, REAL});
        BINARY_DOMAIN.put(Op.ATAN2, new Domain[] {NONZERO, NONZERO});
    }

    private static TensorType f64(int... dims) {
        return TensorType.of(DType.F64, dims);
    }

    private static OpSample sample(String name, Op op, List<TensorType> types, List<Domain> domains,
                                   BiFunction<GraphBuilder, Node[], Node> body) {
        return new OpSample(name, op, types, domains, body, null);
    }

    private static OpSample fixed(String name, Op op, List<TensorType> types, double[][] values,
                                  BiFunction<GraphBuilder, Node[], Node> body) {
        return new OpSample(name, op, types, null, body, values);
    }

    private static OpSample one(String name, Op op, TensorType t, Domain d, BiFunction<GraphBuilder, Node[], Node> body) {
        return sample(name, op, List.of(t), List.of(d), body);
    }

    private static String shapes(int[]... dims) {
        StringBuilder sb = new StringBuilder();
        for (int[] d : dims) sb.append(Shape.of(d));
        return sb.toString();
    }

    private static Node index(GraphBuilder b, long[] values, int... shape) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i];
        return b.constant(v, TensorType.of(DType.I64, shape));
    }

    /** Every sample of the table. */
    public static List<OpSample> samples() {
        List<OpSample> s = new ArrayList<>();
        leaves(s);
        for (Map.Entry<Op, Domain> e : UNARY_DOMAIN.entrySet()) {
            Op op = e.getKey();
            for (int[] shape : UNARY_SHAPES) {
                s.add(one(op + shapes(shape), op, f64(shape), e.getValue(), (b, x) -> b.unary(op, x[0])));
            }
        }
        s.add(one("cast[f32]", Op.CAST, f64(3), REAL, (b, x) -> b.cast(b.cast(x[0], DType.F32), DType.F64)));
        s.add(one("cast[i64]", Op.CAST, f64(3), REAL, (b, x) -> b.mul(x[0], b.cast(b.cast(x[0], DType.I64), DType.F64))));
        for (Map.Entry<Op, Domain[]> e : BINARY_DOMAIN.entrySet()) {
            Op op = e.getKey();
            for (int[][] pair : BINARY_SHAPES) {
                s.add(sample(op + shapes(pair), op, List.of(f64(pair[0]), f64(pair[1])), Arrays.asList(e.getValue()),
                        (b, x) -> b.binary(op, x[0], x[1])));
            }
        }
        s.add(one("pow[x^3]", Op.POW, f64(4), REAL, (b, x) -> b.pow(x[0], 3)));
        s.add(fixed("pow[0^2]", Op.POW, List.of(f64(), f64()), new double[][] {{0}, {2}}, (b, x) -> b.pow(x[0], x[1])));
        selection(s);
        reductions(s);
        ShapeOpSamples.add(s);
        return s;
    }

    private static void leaves(List<OpSample> s) {
        s.add(one("const", Op.CONST, f64(3), REAL, (b, x) -> b.mul(x[0], b.constant(new double[] {1.5, -2, 0.25}, f64(3)))));
        s.add(one("full", Op.FULL, f64(2, 2), REAL, (b, x) -> b.add(x[0], b.full(f64(2, 2), 3.5))));
        s.add(one("eye", Op.EYE, f64(3, 3), REAL, (b, x) -> b.mul(x[0], b.add(b.eye(DType.F64, 3, 3), 1))));
        s.add(one("arange", Op.ARANGE, f64(4), REAL, (b, x) -> b.mul(x[0], b.arange(0.5, 4.5, 1, DType.F64))));
    }

    private static void selection(List<OpSample> s) {
        s.add(sample("where[2,3]", Op.WHERE, List.of(f64(2, 3), f64(2, 3), f64(2, 3)), List.of(NONZERO, REAL, REAL),
                (b, x) -> b.where(b.gt(x[0], b.constant(0)), x[1], x[2])));
        s.add(sample("where[3,1][][4]", Op.WHERE, List.of(f64(3, 1), f64(), f64(4)), List.of(NONZERO, REAL, REAL),
                (b, x) -> b.where(b.lt(x[0], b.constant(0)), x[1], x[2])));
    }

    private static void reductions(List<OpSample> s) {
        Op[] ops = {Op.SUM, Op.MEAN, Op.PROD, Op.MAX, Op.MIN, Op.LOGSUMEXP};
        Object[][] cases = {
            {new int[] {5}, new int[] {}, false},
            {new int[] {2, 3}, new int[] {0}, false},
            {new int[] {2, 3}, new int[] {1}, true},
            {new int[] {2, 3, 4}, new int[] {0, 2}, false},
            {new int[] {2, 3, 4}, new int[] {-1}, true},
        };
        for (Op op : ops) {
            for (Object[] c : cases) {
                int[] shape = (int[]) c[0], axes = (int[]) c[1];
                boolean keep = (Boolean) c[2];
                String name = op + Shape.of(shape).toString() + "axes" + Arrays.toString(axes) + (keep ? "keep" : "");
                s.add(one(name, op, f64(shape), op == Op.PROD ? NONZERO : REAL, (b, x) -> b.reduce(op, x[0], keep, axes)));
            }
        }
        s.add(one("logsumexp[]", Op.LOGSUMEXP, f64(), REAL, (b, x) -> b.apply(Op.LOGSUMEXP,
                Attrs.of("axes", new int[0], "keepdim", false), x[0])));
        s.add(fixed("prod[one zero]", Op.PROD, List.of(f64(4)), new double[][] {{1.5, 0, -2, 0.5}}, (b, x) -> b.prod(x[0], false)));
        s.add(fixed("prod[two zeros]", Op.PROD, List.of(f64(4)), new double[][] {{1.5, 0, -2, 0}}, (b, x) -> b.prod(x[0], false)));
        s.add(fixed("prod[rows with a zero]", Op.PROD, List.of(f64(2, 3)), new double[][] {{1.5, 0, -2, 0.5, 3, -1}},
                (b, x) -> b.prod(x[0], false, 1)));
        s.add(fixed("max[ties]", Op.MAX, List.of(f64(4)), new double[][] {{1, 3, 3, -2}}, (b, x) -> b.max(x[0], false)));
    }

    /** Samples grouped by op, to prove the table covers the op set. */
    public static Map<Op, List<OpSample>> byOp() {
        Map<Op, List<OpSample>> m = new EnumMap<>(Op.class);
        for (OpSample s : samples()) m.computeIfAbsent(s.op(), k -> new ArrayList<>()).add(s);
        return m;
    }

    static TensorType type(int... dims) {
        return f64(dims);
    }

    static Node indices(GraphBuilder b, long[] values, int... shape) {
        return index(b, values, shape);
    }
}
