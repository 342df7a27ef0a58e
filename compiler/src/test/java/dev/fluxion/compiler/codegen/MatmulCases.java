package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Matrix products that reach every path of {@link MatmulKernel} and {@link MatmulTiles}: the 2×4 and
 * 1×8 register blocks with leftover rows and columns (blocks of 4 and 2, then single ones), p in
 * chunks (a partial last chunk, an exact split), transposed views of A, of B or of both, sliced
 * views, batched and broadcast operands, 1-D operands, an outer product (p of one term), operands
 * that are one repeated value (a constant, a broadcast scalar input), f32 and i64 rounding, and the
 * column sweep of a transposed matrix times a vector. Public so that the Java-export tests run the
 * same cases through the source printer.
 */
public final class MatmulCases {
    private MatmulCases() {}

    /** A named graph and inputs for it. */
    public record Case(String name, Graph graph) {
        @Override
        public String toString() {
            return name;
        }

        /** Seeded inputs: uniform in [-1, 1) (rounded to f32 for f32 inputs), small integers for i64. */
        public List<NDArray> inputs() {
            Random r = new Random(name.hashCode());
            List<NDArray> args = new ArrayList<>();
            for (Node in : graph.inputs()) {
                double[] v = new double[in.type().numel()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.dtype() == DType.I64 ? r.nextInt(7) - 3 : in.dtype().round(2 * r.nextDouble() - 1);
                }
                args.add(NDArray.of(in.type(), v));
            }
            return args;
        }

        /** {@link #inputs()} flattened and concatenated, the compiled code's {@code in}. */
        public double[] flatInputs() {
            List<double[]> parts = new ArrayList<>();
            int n = 0;
            for (NDArray a : inputs()) {
                parts.add(a.toDoubleArray());
                n += parts.get(parts.size() - 1).length;
            }
            double[] in = new double[n];
            int at = 0;
            for (double[] p : parts) {
                System.arraycopy(p, 0, in, at, p.length);
                at += p.length;
            }
            return in;
        }
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        // ---- block shapes and leftovers ----------------------------------------------------------
        cases.add(product("2x4, rows 3x2+1, columns 2x4+2+1", f64(7, 13), f64(13, 11)));
        cases.add(product("2x4, three columns (2+1)", f64(6, 5), f64(5, 3)));
        cases.add(product("1x8 (short p, columns in eights)", f64(5, 24), f64(24, 16)));
        cases.add(product("1x8 over p of 64 (one chunk)", f64(9, 64), f64(64, 8)));
        cases.add(product("one column (dot per row)", f64(5, 6), f64(6, 1)));
        cases.add(product("single row matrix", f64(1, 30), f64(30, 5)));
        cases.add(product("outer product (p of one term)", f64(6, 1), f64(1, 10)));
        // ---- p in chunks ------------------------------------------------------------------------------
        cases.add(product("chunks 64+64+22", f64(6, 150), f64(150, 10)));
        cases.add(product("chunks 64+64", f64(4, 128), f64(128, 8)));
        cases.add(product("chunks 64+1", f64(3, 65), f64(65, 9)));
        // ---- views -----------------------------------------------------------------------------------
        cases.add(build("A transposed (A[p,i] contiguous in i)", b -> b.matmul(b.transpose(in(b, "a", 24, 5), 1, 0), in(b, "b", 24, 16))));
        cases.add(build("B transposed (A·Bᵀ, both contiguous in p)", b -> b.matmul(in(b, "a", 9, 70), b.transpose(in(b, "b", 11, 70), 1, 0))));
        cases.add(build("both transposed", b -> b.matmul(b.transpose(in(b, "a", 70, 9), 1, 0), b.transpose(in(b, "b", 11, 70), 1, 0))));
        cases.add(build("sliced views (strides 2 and 3)", b -> b.matmul(
                b.slice(in(b, "a", 14, 30), new int[] {0, 1}, new int[] {14, 30}, new int[] {2, 3}),
                b.slice(in(b, "b", 10, 13), new int[] {0, 0}, new int[] {10, 13}, new int[] {1, 2}))));
        // ---- batches -----------------------------------------------------------------------------------
        cases.add(build("GMM forward: x·Q over a batch of Q", b -> b.matmul(in(b, "x", 50, 8), in(b, "q", 3, 8, 8))));
        cases.add(build("GMM backward: xᵀ·e over a batch of e, chunked", b -> b.matmul(b.transpose(in(b, "x", 200, 6), 1, 0), in(b, "e", 3, 200, 6))));
        cases.add(product("batches broadcast on both sides", f64(2, 1, 5, 7), f64(3, 7, 9)));
        cases.add(build("batched, both transposed, chunked", b -> b.matmul(b.transpose(in(b, "a", 2, 90, 5), 0, 2, 1), b.transpose(in(b, "b", 2, 6, 90), 0, 2, 1))));
        // ---- 1-D operands ------------------------------------------------------------------------------
        cases.add(product("vector × matrix, chunked", f64(70), f64(70, 13)));
        cases.add(product("vector × batched matrices", f64(6), f64(4, 6, 5)));
        cases.add(product("matrix × vector (dot per row)", f64(9, 12), f64(12)));
        cases.add(build("Aᵀ × vector (column sweep)", b -> b.matmul(b.transpose(in(b, "a", 40, 9), 1, 0), in(b, "v", 40))));
        cases.add(build("batched Aᵀ × column (column sweep)", b -> b.matmul(b.transpose(in(b, "a", 2, 40, 9), 0, 2, 1), in(b, "v", 2, 40, 1))));
        // ---- operands of one repeated value -------------------------------------------------------------
        cases.add(build("B a constant", b -> b.matmul(in(b, "a", 6, 20), b.full(TensorType.of(DType.F64, 20, 9), 0.5))));
        cases.add(build("B a broadcast scalar input", b -> b.matmul(in(b, "a", 6, 70), b.broadcastTo(in(b, "s"), Shape.of(70, 9)))));
        // ---- dtypes ----------------------------------------------------------------------------------------
        cases.add(product("f32", TensorType.of(DType.F32, 5, 10), TensorType.of(DType.F32, 10, 12)));
        cases.add(product("f32, chunked (rounded once at the end)", TensorType.of(DType.F32, 5, 100), TensorType.of(DType.F32, 100, 7)));
        cases.add(product("i64", TensorType.of(DType.I64, 4, 9), TensorType.of(DType.I64, 9, 6)));
        return cases;
    }

    private static TensorType f64(int... shape) {
        return TensorType.of(DType.F64, shape);
    }

    private static Node in(GraphBuilder b, String name, int... shape) {
        return b.input(name, f64(shape));
    }

    private static Case product(String name, TensorType a, TensorType c) {
        return build(name, b -> b.matmul(b.input("a", a), b.input("b", c)));
    }

    private static Case build(String name, Function<GraphBuilder, Node> f) {
        GraphBuilder b = new GraphBuilder();
        return new Case(name, b.build(f.apply(b)));
    }
}
