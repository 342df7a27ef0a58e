package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.PassManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graphs with more constant arrays than the constructor could set as fields one by one (a Hessian
 * by rows has one one-hot seed per input element): those beyond the first ones are read from one
 * table, the constructor stays small, and the values are the interpreter's.
 */
class ManyConstantsTest {
    @ParameterizedTest(name = "{0} constant arrays")
    @ValueSource(ints = {599, 600, 601, 3000})
    void everyConstantArrayIsReadCorrectly(int count) {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 3);
        List<Node> outs = new ArrayList<>();
        Node acc = null;
        for (int k = 0; k < count; k++) {
            Node c = b.constant(new double[] {k, 0.5 * k + 1, -k}, TensorType.of(DType.F64, 3));
            Node term = b.mul(x, c);
            acc = acc == null ? term : b.add(acc, term);
            if (k % 250 == 0 || k == count - 1) outs.add(acc);
        }
        check(b.build(outs.toArray(new Node[0])), new double[] {0.25, -1.5, 2.0});
    }

    @Test
    void hessianWithRespectToAMatrixInput() {
        // 1,272 input elements: one one-hot seed array per row of the Hessian
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, 317, 4), w = b.input("w", DType.F64, 4);
        Graph f = b.build(b.sum(b.softplus(b.matmul(x, w))));
        Graph h = PassManager.forCodegen().optimize(ReverseMode.hessian(f));
        double[] in = new double[317 * 4 + 4];
        for (int i = 0; i < in.length; i++) in[i] = 0.3 * Math.sin(0.7 * i + 0.1);
        check(h, in);
    }

    private static void check(Graph g, double[] in) {
        CompiledGraph c = BytecodeBackend.compile(g);
        assertTrue(c.maxMethodBytes() < 8000, "largest method " + c.maxMethodBytes());
        double[] out = c.run(in);
        List<NDArray> args = new ArrayList<>();
        int at = 0;
        for (Node input : g.inputs()) {
            int n = input.type().numel();
            args.add(NDArray.of(input.type(), java.util.Arrays.copyOfRange(in, at, at + n)));
            at += n;
        }
        int k = 0;
        for (NDArray want : Interpreter.run(g, args)) {
            for (double v : want.toDoubleArray()) {
                assertEquals(v, out[k], 1e-12 * Math.abs(v) + 1e-300, "output element " + k);
                k++;
            }
        }
        assertEquals(out.length, k);
    }
}
