package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import java.util.Arrays;

/**
 * Π_{j≠i} xⱼ over a set of axes, the derivative of prod. Dividing the product by xᵢ fails at zeros
 * and a where-based repair is not differentiable again, so this builds prefix and suffix products
 * with a Hillis–Steele scan (log₂ n steps of shift-and-multiply, shifts as slice + pad + where) and
 * multiplies them: exact at zeros, O(n log n) work, and made of ops that differentiate to any order.
 */
final class ExclusiveProducts {
    private ExclusiveProducts() {}

    /** For each element of {@code x}, the product of the other elements of its group over {@code axes}. */
    static Node of(GraphBuilder b, Node x, int[] axes) {
        int rank = x.rank();
        int[] perm = new int[rank];
        int k = 0, n = 1;
        for (int i = 0; i < rank; i++) if (Arrays.binarySearch(axes, i) < 0) perm[k++] = i;
        int kept = k;
        for (int a : axes) {
            perm[k++] = a;
            n *= x.shape().dim(a);
        }
        if (n == 0) return b.zeros(x.type());
        Node moved = b.transpose(x, perm);
        int[] flatShape = Arrays.copyOf(moved.shape().dims(), kept + 1);
        flatShape[kept] = n;
        Node flat = b.reshape(moved, flatShape);
        Node prefix = scan(b, shift(b, flat, 1, true), true);
        Node suffix = scan(b, shift(b, flat, 1, false), false);
        Node exclusive = b.reshape(b.mul(prefix, suffix), moved.shape().dims());
        return b.transpose(exclusive, GraphBuilder.inversePermutation(perm));
    }

    /** Inclusive product scan along the last axis, forward or backward. */
    private static Node scan(GraphBuilder b, Node v, boolean forward) {
        int n = v.shape().dim(v.rank() - 1);
        for (int s = 1; s < n; s *= 2) v = b.mul(v, shift(b, v, s, forward));
        return v;
    }

    /** Shifts along the last axis by {@code s} (towards higher indices when forward), filling with 1. */
    private static Node shift(GraphBuilder b, Node v, int s, boolean forward) {
        int last = v.rank() - 1, n = v.shape().dim(last);
        if (s >= n) return b.ones(v.type());
        int[] lo = new int[v.rank()], hi = new int[v.rank()], interior = new int[v.rank()];
        Node kept = forward ? b.slice(v, last, 0, n - s, 1) : b.slice(v, last, s, n, 1);
        if (forward) lo[last] = s;
        else hi[last] = s;
        double[] valid = new double[n];
        for (int i = 0; i < n; i++) valid[i] = forward ? (i >= s ? 1 : 0) : (i < n - s ? 1 : 0);
        Node mask = b.constant(valid, TensorType.of(DType.BOOL, n));
        return b.where(mask, b.pad(kept, lo, hi, interior), b.scalarLike(v, 1));
    }
}
