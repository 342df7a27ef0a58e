package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.ShapeRules;
import dev.fluxion.compiler.ir.TensorType;


/** The derivative rules of shape and linear-algebra ops too long for one line of {@link DerivativeRules}. */
final class ShapeDerivatives {
    private ShapeDerivatives() {}

    /** slice's transpose is pad: element k of the cotangent goes back to start + k·step, zeros elsewhere. */
    static Node slice(GraphBuilder b, Node y, Node g) {
        Node x = y.input(0);
        int[] start = y.attrs().getInts("start"), step = y.attrs().getInts("step");
        int rank = x.rank();
        int[] hi = new int[rank], interior = new int[rank];
        for (int i = 0; i < rank; i++) {
            int len = y.shape().dim(i);
            int covered = len == 0 ? start[i] : start[i] + (len - 1) * step[i] + 1;
            hi[i] = x.shape().dim(i) - covered;
            interior[i] = len == 0 ? 0 : step[i] - 1;
        }
        return b.pad(g, start, hi, interior);
    }

    /** pad's transpose is slice: keep the positions the input's elements were placed at. */
    static Node pad(GraphBuilder b, Node y, Node g) {
        Node x = y.input(0);
        int[] lo = y.attrs().getInts("lo"), interior = y.attrs().getInts("interior");
        int rank = x.rank();
        int[] stop = new int[rank], step = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = x.shape().dim(i);
            step[i] = interior[i] + 1;
            stop[i] = d == 0 ? lo[i] : lo[i] + (d - 1) * step[i] + 1;
        }
        return b.slice(g, lo, stop, step);
    }

    /** Input {@code part} of a concat receives its own span of the cotangent along the axis. */
    static Node concatPart(GraphBuilder b, Node y, Node g, int part) {
        int axis = y.attrs().getInt("axis");
        int offset = 0;
        for (int i = 0; i < part; i++) offset += y.input(i).shape().dim(axis);
        return b.slice(g, axis, offset, offset + y.input(part).shape().dim(axis), 1);
    }

    /** Input {@code part} of a stack receives index {@code part} of the cotangent along the new axis. */
    static Node stackPart(GraphBuilder b, Node y, Node g, int part) {
        int axis = y.attrs().getInt("axis");
        return b.reshape(b.slice(g, axis, part, part + 1, 1), y.input(part).shape().dims());
    }

    // ---- matmul: with A (…,n,k) and B (…,k,m), dA = G Bᵀ and dB = Aᵀ G, summed over broadcast batches.
    // 1-D operands are promoted as NumPy does, (k) → (1,k) on the left and (k,1) on the right.

    static Node matmulLeft(GraphBuilder b, Node y, Node g) {
        Node a = promoteLeft(b, y.input(0)), bb = promoteRight(b, y.input(1));
        Node g2 = b.reshape(g, productShape(a, bb));
        Node da = b.matmul(g2, b.transposeLast2(bb));
        return b.reshape(b.sumToShape(da, a.shape()), y.input(0).shape().dims());
    }

    static Node matmulRight(GraphBuilder b, Node y, Node g) {
        Node a = promoteLeft(b, y.input(0)), bb = promoteRight(b, y.input(1));
        Node g2 = b.reshape(g, productShape(a, bb));
        Node db = b.matmul(b.transposeLast2(a), g2);
        return b.reshape(b.sumToShape(db, bb.shape()), y.input(1).shape().dims());
    }

    /** The shape of {@code a @ b}, inferred without adding a node. */
    private static int[] productShape(Node a, Node b) {
        TensorType[] in = {a.type(), b.type()};
        return ShapeRules.infer(Op.MATMUL, Attrs.NONE, in, null).shape().dims();
    }

    private static Node promoteLeft(GraphBuilder b, Node a) {
        return a.rank() == 1 ? b.reshape(a, 1, a.shape().dim(0)) : a;
    }

    private static Node promoteRight(GraphBuilder b, Node v) {
        return v.rank() == 1 ? b.reshape(v, v.shape().dim(0), 1) : v;
    }

}
