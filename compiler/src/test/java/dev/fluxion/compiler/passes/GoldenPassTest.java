package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.IrParser;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.ir.Verifier;
import dev.fluxion.compiler.optable.GradientChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden pass tests kept as data: {@code passes/<pass>/<case>.ir} (test resources) holds an input
 * graph in IR text, a line {@code # expect}, then the graph the pass must produce. The directory
 * names the pass. Each case also checks that the output verifies, computes the same bits as the
 * input on random arguments (all three passes are exact) and is left alone by a second run.
 */
class GoldenPassTest {
    /** The passes golden files may name, by directory. */
    static final Map<String, Pass> PASSES = Map.of(
            "fold", new ConstantFolding(),
            "cse", new CommonSubexpressionElimination(),
            "dce", new DeadCodeElimination(),
            "simplify", new AlgebraicSimplification(),
            "stable", new StableRewrites(),
            "expand-powers", new PowerExpansion());

    /**
     * Passes whose golden output is shown after DCE (their rewrites leave the replaced nodes behind)
     * and whose values are compared to 1e-12 relative rather than bit for bit: simplification may
     * reassociate, and stable rewrites change values on purpose, towards the exact result.
     */
    static final Set<String> WITH_DCE_AND_TOLERANCE = Set.of("simplify", "stable", "expand-powers");
    static final String SEPARATOR = "# expect";

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root())) {
            for (Path dir : dirs.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".ir")).sorted().toList()) {
                        out.add(Arguments.of(dir.getFileName() + "/" + f.getFileName(), f));
                    }
                }
            }
        }
        return out.stream();
    }

    /** The golden directory: from the test classpath (Maven copies resources), else the source tree. */
    static Path root() {
        URL url = GoldenPassTest.class.getResource("/passes");
        try {
            if (url != null && url.getProtocol().equals("file")) return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path source = Paths.get("src/test/resources/passes"); // relative to the module, surefire's working directory
        if (!Files.isDirectory(source)) throw new IllegalStateException("golden pass files not found at " + source.toAbsolutePath());
        return source;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passGivesExpectedGraph(String name, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] halves = split(name, text);
        Graph input = IrParser.parse(halves[0]);
        Graph expected = IrParser.parse(halves[1]);
        Pass pass = PASSES.get(file.getParent().getFileName().toString());
        assertTrue(pass != null, name + ": no pass named by its directory (known: " + PASSES.keySet() + ")");

        boolean rewriting = WITH_DCE_AND_TOLERANCE.contains(pass.name());
        Graph actual = rewriting ? new DeadCodeElimination().apply(pass.apply(input)) : pass.apply(input);
        Verifier.verify(actual);
        if (!actual.sameStructure(expected)) {
            fail(name + ": " + pass.name() + " gave\n" + IrPrinter.print(actual) + "but the file expects\n" + IrPrinter.print(expected));
        }
        if (rewriting) {
            // One sweep rewrites each node once; the pass manager runs rounds to a fixpoint.
            assertCloseValues(name, input, actual);
            return;
        }
        if (input.sameStructure(expected)) assertSame(input, actual, name + ": an unchanged graph must be returned itself");
        assertSame(actual, pass.apply(actual), name + ": a second run must change nothing");
        assertSameValues(name, input, actual);
    }

    /** Both graphs on the same positive random arguments, to 1e-12 relative (NaN matching NaN). */
    private static void assertCloseValues(String name, Graph before, Graph after) {
        Random r = new Random(name.hashCode());
        List<NDArray> args = new ArrayList<>();
        for (Node in : before.inputs()) {
            double[] v = new double[in.type().numel()];
            for (int i = 0; i < v.length; i++) v[i] = in.dtype() == DType.BOOL ? r.nextInt(2) : 0.25 + 2 * r.nextDouble();
            args.add(NDArray.of(in.type(), v));
        }
        GradientChecks.assertSameOutputs(name, before, after, args, 1e-12);
    }

    /** Both graphs on the same random arguments: equal bits, or the same exception class from both. */
    private static void assertSameValues(String name, Graph before, Graph after) {
        Random r = new Random(name.hashCode());
        List<NDArray> args = new ArrayList<>();
        for (Node in : before.inputs()) args.add(randomValue(in.type(), r));
        List<NDArray> expected;
        try {
            expected = Interpreter.run(before, args);
        } catch (RuntimeException e) {
            assertThrows(e.getClass(), () -> Interpreter.run(after, args), name + ": the input graph throws " + e + " but the output does not");
            return;
        }
        assertEquals(expected, Interpreter.run(after, args), name + ": values changed");
    }

    private static NDArray randomValue(TensorType t, Random r) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.dtype() == DType.BOOL ? r.nextInt(2) : t.dtype() == DType.I64 ? r.nextInt(7) - 3 : -2 + 4 * r.nextDouble();
        }
        return NDArray.of(t, v);
    }

    static String[] split(String name, String text) {
        String[] lines = text.split("\n", -1);
        int at = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().equals(SEPARATOR)) {
                if (at >= 0) fail(name + ": more than one '" + SEPARATOR + "' line");
                at = i;
            }
        }
        if (at < 0) fail(name + ": no '" + SEPARATOR + "' line between the input and the expected graph");
        return new String[] {String.join("\n", List.of(lines).subList(0, at)), String.join("\n", List.of(lines).subList(at + 1, lines.length))};
    }

    /** Each pass has at least six golden cases, and every directory names a known pass. */
    @Test
    void everyPassHasSixCases() throws IOException {
        for (String pass : PASSES.keySet()) {
            Path dir = root().resolve(pass);
            try (Stream<Path> files = Files.list(dir)) {
                long n = files.filter(p -> p.toString().endsWith(".ir")).count();
                assertTrue(n >= 6, pass + " has only " + n + " golden cases");
            }
        }
        try (Stream<Path> dirs = Files.list(root())) {
            dirs.forEach(d -> assertTrue(PASSES.containsKey(d.getFileName().toString()), "unknown pass directory " + d));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
