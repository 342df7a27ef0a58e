package dev.fluxion.compiler.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The interpreter's op table: every op except INPUT, evaluated on concrete inputs against values written in the cases. */
class OpTableTest {

    static List<OpCase> allCases() {
        List<OpCase> all = new ArrayList<>();
        all.addAll(UnaryCases.cases());
        all.addAll(BinaryCases.cases());
        all.addAll(ReductionCases.cases());
        all.addAll(ShapeCases.cases());
        all.addAll(LinalgAndLeafCases.cases());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyCase() {
        return allCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), c::check));
    }

    @Test
    void theTableCoversEveryOpExceptInput() {
        Set<Op> covered = EnumSet.noneOf(Op.class);
        for (OpCase c : allCases()) covered.add(c.op());
        Set<Op> expected = EnumSet.allOf(Op.class);
        expected.remove(Op.INPUT);
        assertEquals(expected, covered, "ops without a row in the op table");
    }

    @Test
    void everyOpExceptInputHasAKernel() {
        for (Op op : Op.values()) {
            assertEquals(op != Op.INPUT, Kernels.has(op), op.text());
            if (op != Op.INPUT) assertNotNull(Kernels.kernel(op), op.text());
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Kernels.kernel(Op.INPUT));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
    }

    @Test
    void scalarFunctionsAreExposedForElementwiseOpsOnly() {
        for (Op op : Op.values()) {
            boolean unary = op.kind() == Op.Kind.UNARY;
            boolean binary = op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE;
            assertEquals(unary, Kernels.unaryFunction(op) != null, op.text());
            assertEquals(binary, Kernels.binaryFunction(op) != null, op.text());
        }
        assertEquals(0.5, Kernels.unaryFunction(Op.SIGMOID).applyAsDouble(0));
        assertEquals(1.0, Kernels.binaryFunction(Op.LT).applyAsDouble(1, 2));
        assertNull(Kernels.unaryFunction(Op.SUM));
        assertFalse(Kernels.has(Op.INPUT));
    }
}
