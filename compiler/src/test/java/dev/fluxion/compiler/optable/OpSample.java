package dev.fluxion.compiler.optable;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * One row of the op table: an op applied to inputs of given types, with a domain per input and
 * optionally fixed input values (to hit special points such as zeros in prod).
 */
public record OpSample(String name, Op op, List<TensorType> inputTypes, List<Domain> domains,
                       BiFunction<GraphBuilder, Node[], Node> body, double[][] fixedValues) {

    /** The graph {@code x0, x1, … → op(…)}. */
    public Graph graph() {
        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[inputTypes.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = b.input("x" + i, inputTypes.get(i));
        return b.build(body.apply(b, xs));
    }

    /** Input values: the fixed ones, or draws from each input's domain with a seed derived from the name. */
    public List<NDArray> inputs(long salt) {
        Random r = new Random(name.hashCode() * 31L + salt);
        List<NDArray> in = new ArrayList<>();
        for (int i = 0; i < inputTypes.size(); i++) {
            TensorType t = inputTypes.get(i);
            double[] v = new double[t.numel()];
            if (fixedValues != null) {
                v = fixedValues[i].clone();
            } else {
                for (int k = 0; k < v.length; k++) v[k] = domains.get(i).sample(r);
            }
            in.add(NDArray.of(t, v));
        }
        return in;
    }

    @Override
    public String toString() {
        return name;
    }
}
