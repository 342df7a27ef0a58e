package dev.fluxion.jit;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@link JitCache.Key}: keys are equal exactly when the graphs print the same IR text and the
 * transform and wrt positions agree, which is what the cache keyed by printed IR used to compare.
 */
class JitCacheKeyTest {

    private static Graph graph(Function<GraphBuilder, Node> body) {
        GraphBuilder b = new GraphBuilder();
        return b.build(body.apply(b));
    }

    /** Graphs that differ in one detail each: a constant's bits, an op, a type, an operand, an input name or order. */
    private static List<Graph> graphs() {
        List<Graph> gs = new ArrayList<>();
        for (double c : new double[] {2, 3, 0.0, -0.0, Double.NaN}) {
            gs.add(graph(b -> b.mul(b.input("x", DType.F64), c)));
        }
        gs.add(graph(b -> b.add(b.input("x", DType.F64), 2)));
        gs.add(graph(b -> b.mul(b.input("x", DType.F32), 2)));
        gs.add(graph(b -> b.mul(b.input("y", DType.F64), 2)));
        gs.add(graph(b -> b.mul(b.input("x", DType.F64, 3), 2)));
        gs.add(graph(b -> {
            Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
            return b.sub(x, y);
        }));
        gs.add(graph(b -> {
            Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
            return b.sub(y, x);
        }));
        gs.add(graph(b -> {
            Node y = b.input("y", DType.F64), x = b.input("x", DType.F64);
            return b.sub(x, y);
        }));
        gs.add(graph(b -> b.sum(b.constant(new double[] {1, 2, 3}, TensorType.of(DType.F64, 3)), false, 0)));
        gs.add(graph(b -> b.sum(b.constant(new double[] {1, 2, 4}, TensorType.of(DType.F64, 3)), false, 0)));
        Graph two = graph(b -> {
            Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
            return b.mul(x, y);
        });
        gs.add(two);
        // The same nodes with the inputs listed the other way round: prints differently.
        gs.add(new Graph(List.of(two.input(1), two.input(0)), two.nodes(), two.outputs()));
        return gs;
    }

    @Test
    void keysAreEqualExactlyWhenTheIrTextIs() {
        List<Graph> a = graphs(), b = graphs(); // b: equal graphs built a second time, other node objects
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                JitCache.Key ka = new JitCache.Key(Transform.COMPILE, new int[0], a.get(i));
                JitCache.Key kb = new JitCache.Key(Transform.COMPILE, new int[0], b.get(j));
                boolean sameText = IrPrinter.print(a.get(i)).equals(IrPrinter.print(b.get(j)));
                assertEquals(sameText, ka.equals(kb), i + " vs " + j + ":\n" + a.get(i) + b.get(j));
                if (sameText) assertEquals(ka.hashCode(), kb.hashCode());
            }
        }
    }

    @Test
    void theTransformAndWrtPositionsArePartOfTheKey() {
        Graph g = graphs().get(9), h = graphs().get(9);
        JitCache.Key grad = new JitCache.Key(Transform.GRAD, new int[] {0, 1}, g);
        assertEquals(grad, new JitCache.Key(Transform.GRAD, new int[] {0, 1}, h));
        assertNotEquals(grad, new JitCache.Key(Transform.VALUE_AND_GRAD, new int[] {0, 1}, h));
        assertNotEquals(grad, new JitCache.Key(Transform.GRAD, new int[] {1, 0}, h));
        assertNotEquals(grad, new JitCache.Key(Transform.GRAD, new int[] {0}, h));
    }
}
