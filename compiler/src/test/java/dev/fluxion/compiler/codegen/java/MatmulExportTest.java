package dev.fluxion.compiler.codegen.java;

import dev.fluxion.compiler.codegen.BytecodeBackend;
import dev.fluxion.compiler.codegen.MatmulCases;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Every matrix-product case of {@link MatmulCases} exported as Java source (one class, one javac
 * call with {@code -Xlint:all -Werror}): the blocked kernels' chunk bounds, block positions and
 * loop indices reused by sibling loops must print as valid Java, and the exported code must give
 * the bytecode backend's results bit for bit (both print the same lowered model).
 */
class MatmulExportTest {
    private static final String CLASS = "gen.matmul.Products";
    private static final List<MatmulCases.Case> CASES = MatmulCases.all();
    private static Class<?> exported;

    static List<MatmulCases.Case> cases() {
        return CASES;
    }

    @BeforeAll
    static void exportAndCompile() {
        JavaExport export = new JavaExport().packageName("gen.matmul").className("Products").description("matrix products");
        for (int k = 0; k < CASES.size(); k++) export.entry("product" + k, CASES.get(k).graph());
        exported = InProcessJavac.compileOne(CLASS, export.source());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportedSourceMatchesTheBytecode(MatmulCases.Case c) {
        double[] bytecode = BytecodeBackend.compile(c.graph()).run(c.flatInputs());
        double[] java = new double[bytecode.length];
        InProcessJavac.callInto(exported, "product" + CASES.indexOf(c) + "Into", c.flatInputs(), java);
        assertArrayEquals(bytecode, java);
    }
}
