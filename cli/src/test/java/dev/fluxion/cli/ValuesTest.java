package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading --at values and writing results. */
class ValuesTest {

    @Test
    void readsScalarsVectorsAndMatrices() {
        Map<String, Values.Literal> v = Values.named(List.of("x=2,v=[1, -2.5, 3e2]", "A=[[1,2],[3,4]],s=-inf"), "--at");
        assertEquals(List.of("x", "v", "A", "s"), List.copyOf(v.keySet()));
        assertEquals(Shape.SCALAR, v.get("x").shape());
        assertArrayEquals(new double[] {1, -2.5, 300}, v.get("v").values());
        assertEquals(Shape.of(2, 2), v.get("A").shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, v.get("A").values());
        assertEquals(Double.NEGATIVE_INFINITY, v.get("s").values()[0]);
        assertEquals(Shape.of(1, 2, 1), Values.literal("[[[1],[2]]]", "--at").shape());
    }

    @Test
    void rejectsMalformedValues() {
        assertThrows(UserError.class, () -> Values.literal("[1, [2]]", "--at"));
        assertThrows(UserError.class, () -> Values.literal("[[1], 2]", "--at"));
        assertThrows(UserError.class, () -> Values.literal("[1, 2", "--at"));
        assertThrows(UserError.class, () -> Values.literal("[1] 2", "--at"));
        assertThrows(UserError.class, () -> Values.named(List.of("x=1,x=2"), "--at"));
        assertThrows(UserError.class, () -> Values.named(List.of("2"), "--at"));
        assertThrows(UserError.class, () -> Values.named(List.of("x="), "--at"));
    }

    @Test
    void convertsToTheInputsDtype() {
        NDArray i = Values.literal("[1, 2]", "--at").as(TensorType.of(DType.I64, 2), "k");
        assertEquals(DType.I64, i.dtype());
        assertThrows(UserError.class, () -> Values.literal("1.5", "--at").as(TensorType.scalar(DType.I64), "k"));
        NDArray b = Values.literal("[true, false]", "--at").as(TensorType.of(DType.BOOL, 2), "c");
        assertEquals("[true, false]", Values.text(b));
    }

    @Test
    void writesNumbersPlainly() {
        assertEquals("72", Values.text(72.0));
        assertEquals("-0.5", Values.text(-0.5));
        assertEquals("nan", Values.text(Double.NaN));
        assertEquals("-inf", Values.text(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E20", Values.text(1e20));
        assertEquals("[[108, 72], [72, 16]]", Values.text(NDArray.of(DType.F64, Shape.of(2, 2), new double[] {108, 72, 72, 16})));
        assertEquals("[[1], [2]]", Values.text(NDArray.of(DType.F64, Shape.of(2, 1), new double[] {1, 2})));
    }
}
