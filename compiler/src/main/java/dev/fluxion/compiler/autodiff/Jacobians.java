package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;

/** Full Jacobians by reverse mode: one sweep per output element, seeded with a one-hot cotangent. */
public final class Jacobians {
    private Jacobians() {}

    /** ∂y/∂x for each x, of shape {@code y.shape + x.shape}; zeros where y does not depend on x. */
    public static Node[] jacobian(GraphBuilder b, Node y, List<Node> xs) {
        int rows = y.shape().numel();
        List<List<Node>> perInput = new ArrayList<>();
        for (int j = 0; j < xs.size(); j++) perInput.add(new ArrayList<>());
        for (int e = 0; e < rows; e++) {
            double[] oneHot = new double[rows];
            oneHot[e] = 1;
            Node seed = y.shape().isScalar() ? b.scalarLike(y, 1) : b.constant(oneHot, y.type());
            Node[] grads = Backprop.run(b, List.of(y), List.of(seed), xs);
            for (int j = 0; j < xs.size(); j++) {
                perInput.get(j).add(grads[j] != null ? grads[j] : b.zeros(xs.get(j).type()));
            }
        }
        Node[] result = new Node[xs.size()];
        for (int j = 0; j < xs.size(); j++) {
            int[] shape = concat(y.shape().dims(), xs.get(j).shape().dims());
            List<Node> r = perInput.get(j);
            result[j] = rows == 0
                    ? b.zeros(TensorType.of(y.dtype(), shape))
                    : b.reshape(rows == 1 ? r.get(0) : b.stack(0, r), shape);
        }
        return result;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
