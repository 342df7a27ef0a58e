package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.Shape;
import java.util.Arrays;

/**
 * Matrix products. The reference matmul is the plain i-k-j loop per batch (the bytecode backend
 * owns the fast one); sums accumulate in double and are rounded to the dtype once.
 */
final class LinalgKernels {
    private LinalgKernels() {}

    /**
     * NumPy matmul. A 1-D left operand is a (1, k) matrix and a 1-D right operand a (k, 1) one; the
     * added axis is absent from the node's shape, which leaves the row-major layout unchanged.
     * Batch axes broadcast: each batch reads its operands at offsets from a broadcasting walk.
     */
    static Kernel matmul() {
        return (node, in) -> {
            Shape as = in[0].shape(), bs = in[1].shape();
            boolean aVector = as.rank() == 1, bVector = bs.rank() == 1;
            int n = aVector ? 1 : as.dim(as.rank() - 2);
            int k = as.dim(as.rank() - 1);
            int m = bVector ? 1 : bs.dim(bs.rank() - 1);
            Shape batchA = batchShape(as), batchB = batchShape(bs);
            Shape batch = Shape.broadcast(batchA, batchB);
            int[] offA = batchOffsets(batchA, batch, n * k);
            int[] offB = batchOffsets(batchB, batch, k * m);
            double[] a = in[0].data(), b = in[1].data();
            double[] out = new double[batch.numel() * n * m];
            for (int t = 0; t < offA.length; t++) {
                int oa = offA[t], ob = offB[t], oc = t * n * m;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < k; p++) {
                        double aip = a[oa + i * k + p];
                        int rowB = ob + p * m, rowC = oc + i * m;
                        for (int j = 0; j < m; j++) out[rowC + j] += aip * b[rowB + j];
                    }
                }
            }
            return NDArray.rounded(node.type(), out);
        };
    }

    /** Inner product of two vectors of equal length, a 0-d result. */
    static Kernel dot() {
        return (node, in) -> {
            double[] a = in[0].data(), b = in[1].data();
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * b[i];
            return NDArray.rounded(node.type(), new double[] {s});
        };
    }

    /** The axes before the matrix axes; none for a vector. */
    private static Shape batchShape(Shape s) {
        return Shape.of(Arrays.copyOf(s.dims(), Math.max(0, s.rank() - 2)));
    }

    /** The offset of each batch's matrix in an operand whose batch shape broadcasts to {@code batch}. */
    private static int[] batchOffsets(Shape operandBatch, Shape batch, int matrixSize) {
        int[] s = Strides.broadcast(operandBatch, batch);
        for (int i = 0; i < s.length; i++) s[i] *= matrixSize;
        return Strides.offsets(0, batch.dims(), s);
    }
}
