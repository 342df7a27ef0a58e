package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.codegen.bytecode.MethodSizes;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix-product kernels against the interpreter. The blocked kernels and the column sweep add
 * each element's products one by one in ascending p from 0, as the interpreter does, so they must
 * match it bit for bit (none of these cases reaches the four partial sums of a dot product of 16
 * terms or more); gradients, whose matrix-vector products may use those partial sums, match to
 * rounding.
 */
class MatmulKernelTest {
    static List<MatmulCases.Case> cases() {
        return MatmulCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheInterpreterBitForBit(MatmulCases.Case c) {
        double[] out = BytecodeBackend.compile(c.graph()).run(c.flatInputs());
        double[] expected = Interpreter.run(c.graph(), c.inputs()).get(0).toDoubleArray();
        assertEquals(expected.length, out.length);
        for (int k = 0; k < out.length; k++) assertEquals(expected[k], out[k], "element " + k);
    }

    /** Reverse mode turns each product into products with transposed views on either side (A·Bᵀ, Aᵀ·B). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchTheInterpreter(MatmulCases.Case c) {
        if (c.graph().output(0).dtype() != DType.F64) return; // no gradients of integer products; f32 is covered above
        GraphBuilder b = new GraphBuilder();
        Node[] in = new Node[c.graph().inputs().size()];
        for (int k = 0; k < in.length; k++) in[k] = b.input(c.graph().input(k).attrs().getString("name"), c.graph().input(k).type());
        Node y = b.inline(c.graph(), List.of(in))[c.graph().output(0).id()]; // inline maps every node id
        Graph g = ReverseMode.valueAndGrad(b.build(b.sum(b.mul(y, y))));
        double[] out = BytecodeBackend.compile(g).run(c.flatInputs());
        int k = 0;
        for (NDArray e : Interpreter.run(g, c.inputs())) {
            for (double v : e.toDoubleArray()) {
                assertEquals(v, out[k], 1e-12 * Math.max(1, Math.abs(v)), "output element " + k);
                k++;
            }
        }
        assertEquals(out.length, k);
    }

    /**
     * The lowering reserves room for a kernel by its estimated size, so the estimate must bound the
     * real bytecode: the largest kernels (three batch axes, both operands transposed, p in chunks,
     * leftover rows and columns at every level) keep each method's estimate at or above its size.
     */
    @Test
    void sizeEstimatesBoundTheBytecode() {
        GraphBuilder b = new GraphBuilder();
        Node a = b.transpose(b.input("a", TensorType.of(DType.F64, 2, 3, 2, 131, 7)), 0, 1, 2, 4, 3);
        Node c = b.transpose(b.input("c", TensorType.of(DType.F64, 3, 1, 15, 131)), 0, 1, 3, 2);
        Node d = b.input("d", TensorType.of(DType.F32, 5, 131)), e = b.input("e", TensorType.of(DType.F32, 131, 24));
        Graph g = b.build(b.matmul(a, c), b.matmul(d, e), b.matmul(b.transpose(d, 1, 0), d));
        CompiledGraph compiled = BytecodeBackend.compile(g);
        Map<String, Integer> real = MethodSizes.of(compiled.classBytes());
        for (MethodModel m : compiled.model().methods()) {
            int estimate = 0;
            for (Stmt s : m.body()) estimate += MethodSplitter.Sizes.of(s);
            assertTrue(real.get(m.name()) <= estimate, m.name() + ": " + real.get(m.name()) + " bytes, estimated " + estimate);
        }
        assertTrue(compiled.maxMethodBytes() < MethodSizes.HUGE_METHOD_LIMIT);
        MatmulCases.Case check = new MatmulCases.Case("size estimates", g);
        double[] out = compiled.run(check.flatInputs());
        int k = 0;
        for (NDArray expected : Interpreter.run(g, check.inputs())) {
            for (double v : expected.toDoubleArray()) assertEquals(v, out[k++], "output element " + (k - 1));
        }
    }
}
