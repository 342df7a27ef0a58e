package dev.fluxion.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code grammar/LANGUAGE.md} in step with the language: every op has a row in the table of
 * built-ins whose call form is the one the parser binds and whose example reads and uses the op,
 * and every worked example reads and passes its {@code #>} checks.
 */
class LanguageReferenceTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_0-9]+)` \\| (.*) \\| (.*) \\| `(.*)` \\|$");
    private static final Pattern CHECK = Pattern.compile("^#> (.*) = (.*)$");

    private static String reference() throws IOException {
        Path path = Path.of("LANGUAGE.md");   // surefire runs in the module directory
        if (!Files.exists(path)) path = Path.of("grammar", "LANGUAGE.md");
        return Files.readString(path);
    }

    /** The contents of every fenced block of the given info string. */
    private static List<String> blocks(String text, String info) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + Pattern.quote(info) + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private record Row(String call, String example) {}

    private static Map<Op, Row> table(String text) {
        Map<Op, Row> rows = new EnumMap<>(Op.class);
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue;
            Op op = Op.fromText(m.group(1));
            assertTrue(op != null, "the table names an op the IR does not have: " + m.group(1));
            assertTrue(rows.put(op, new Row(m.group(2), m.group(4))) == null, "two rows for " + op);
        }
        return rows;
    }

    @Test
    void everyOpHasARowWhoseExampleReadsAndUsesIt() throws IOException {
        String text = reference();
        List<String> declared = blocks(text, "fluxion-parameters");
        assertEquals(1, declared.size(), "one block declares the example variables");
        Graph parameters = Source.parse("fn examples(" + declared.get(0).strip() + ") = 0").function("examples");
        List<Parameter> inputs = Graphs.parameters(parameters);
        Map<Op, Row> rows = table(text);
        for (Op op : Op.values()) {
            Row row = rows.get(op);
            assertTrue(row != null, "LANGUAGE.md has no row for " + op);
            Graph g = Expression.parse(row.example(), inputs);
            assertTrue(g.nodes().stream().anyMatch(n -> n.op() == op), op + ": the example " + row.example() + " does not use it");
            if (Signatures.callable(op.text()) != null) {
                String usage = "`" + Signatures.usage(op) + "`";
                assertTrue(row.call().contains(usage), op + ": the call column should show " + usage + " but is " + row.call());
            }
        }
        assertEquals(Op.values().length, rows.size());
    }

    @Test
    void workedExamplesReadAndPassTheirChecks() throws IOException {
        List<String> examples = blocks(reference(), "fluxion");
        assertTrue(examples.size() >= 5, "worked examples: " + examples.size());
        int checks = 0;
        for (String source : examples) {
            Program program = Source.parse(source);
            assertTrue(!program.functionNames().isEmpty(), "an example defines functions:\n" + source);
            for (String line : source.split("\n")) {
                Matcher m = CHECK.matcher(line.strip());
                if (!m.matches()) continue;
                checks++;
                Program checked = Source.parse(source + "\nfn actual__() = " + m.group(1) + "\nfn expected__() = " + m.group(2) + "\n");
                List<NDArray> actual = Interpreter.run(checked.function("actual__"));
                List<NDArray> expected = Interpreter.run(checked.function("expected__"));
                assertEquals(expected.size(), actual.size(), line);
                for (int i = 0; i < actual.size(); i++) {
                    double[] e = expected.get(i).toDoubleArray(), a = actual.get(i).toDoubleArray();
                    assertEquals(e.length, a.length, line);
                    for (int k = 0; k < e.length; k++) assertEquals(e[k], a[k], 1e-12 * Math.max(1, Math.abs(e[k])), line);
                }
            }
        }
        assertTrue(checks >= 10, "checks run: " + checks);
    }

    @Test
    void theCallFormsInTheTableAreTheParsersSignatures() {
        // usage strings list every parameter; a callable op's optional ones are marked
        assertEquals("sum(x, axes?, keepdim?)", Signatures.usage(Op.SUM));
        assertEquals("concat(axis, xs...)", Signatures.usage(Op.CONCAT));
        List<String> names = Signatures.names();
        assertTrue(!names.contains("input") && !names.contains("const"), "inputs and constants have no call form");
        assertEquals(Op.values().length - 2, names.size());
        assertArrayEquals(new String[0], names.stream().filter(n -> Op.fromText(n) == null).toArray(String[]::new));
        for (Node n : Source.parse("fn f(x) = x").function("f").inputs()) assertEquals(Op.INPUT, n.op());
    }
}
