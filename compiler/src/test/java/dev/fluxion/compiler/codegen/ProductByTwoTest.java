package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A product by two is compiled as an addition (ElementwiseLowering), which must give the
 * interpreter's bits for every value: signed zeros, infinities, NaN, overflow, subnormals.
 */
class ProductByTwoTest {
    private static final double[] VALUES = {0.0, -0.0, 1.0, -1.5, 0.1, 1e-310, -4.9e-324, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE / 1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            3.0e38, 1.0e-45, 12345.678, -7.25e-300};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void productsByTwoAreAdditionsWithTheInterpretersBits(DType dtype) {
        GraphBuilder b = new GraphBuilder();
        TensorType t = TensorType.of(dtype, VALUES.length);
        Node x = b.input("x", t);
        Node s = b.input("s", TensorType.of(dtype));
        Node two = b.constant(2.0, dtype);
        // a vector in a fused loop, both operand orders, and a scalar in straight-line code
        Graph g = b.build(b.mul(x, two), b.mul(two, b.sin(x)), b.mul(s, two));
        double[] in = new double[VALUES.length + 1];
        for (int i = 0; i < VALUES.length; i++) in[i] = dtype.round(VALUES[i]);
        in[VALUES.length] = dtype.round(-3.0e-39);
        CompiledGraph c = BytecodeBackend.compile(g);
        double[] out = c.run(in);
        List<NDArray> want = Interpreter.run(g, List.of(NDArray.of(t, java.util.Arrays.copyOf(in, VALUES.length)),
                NDArray.of(TensorType.of(dtype), new double[] {in[VALUES.length]})));
        int k = 0;
        for (NDArray w : want) {
            for (double v : w.toDoubleArray()) {
                assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(out[k]), "output element " + k + ": " + v + " vs " + out[k]);
                k++;
            }
        }
        assertEquals(2 * VALUES.length + 1, k);
        String code = c.disassembly();
        assertTrue(code.contains("DADD"), code);
        assertFalse(code.contains("LDC 2.0D"), "no product by two is left:\n" + code);
    }
}
