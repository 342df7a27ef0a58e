package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.compiler.codegen.java.JavaExport;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A fused loop reading x[i], x[i + 1], … x[i + s] loads only x[i + s] each iteration and carries the
 * others from the previous iterations in locals, also across the copies of an unrolled loop; elementwise
 * values equal the interpreter's bit for bit.
 */
class CarriedLoadsTest {
    @ParameterizedTest(name = "n={0} neighbours={1}")
    @CsvSource({"10, 2", "1000, 2", "1000, 3", "1001, 2", "5, 4", "3, 2", "2, 2"})
    void neighboursAreLoadedOncePerIteration(int n, int neighbours) {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, n);
        int len = n - neighbours + 1;
        Node acc = null;
        for (int s = 0; s < neighbours; s++) {
            Node slice = b.slice(x, 0, s, s + len, 1);
            acc = acc == null ? b.square(slice) : b.sub(b.mul(acc, slice), b.sin(slice));
        }
        Graph g = b.build(acc, b.sum(acc));
        double[] in = new double[n];
        for (int i = 0; i < n; i++) in[i] = 0.5 + 0.4 * Math.sin(1.3 * i);
        double[] out = BytecodeBackend.compile(g).run(in);
        int k = 0;
        for (NDArray want : Interpreter.run(g, List.of(NDArray.of(TensorType.of(DType.F64, n), in)))) {
            // the elements exactly; the sum to rounding (from 64 elements on it adds four partial sums)
            for (double v : want.toDoubleArray()) assertEquals(v, out[k++], k > len ? 1e-13 * Math.abs(v) : 0.0, "output element " + (k - 1));
        }
        if (len < 2) return; // one element: no loop
        String source = new JavaExport().packageName("p").className("C").optimize(false).entry("f", g).source();
        String loop = source.substring(source.indexOf("for (int"), source.indexOf("\n        }\n", source.indexOf("for (int")));
        // each copy of the body (four when unrolled) stores one element and loads one
        assertEquals(count(loop, "out\\["), count(loop, "in\\["), "one load from in per element:\n" + loop);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (m.find()) count++;
        return count;
    }
}
