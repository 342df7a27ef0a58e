package dev.fluxion.compiler.interpret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import org.junit.jupiter.api.Test;

class NDArrayTest {

    @Test
    void ofRoundsToTheDtypeAndCopies() {
        double[] v = {0.1, 2.7, -2.7};
        NDArray f = NDArray.of(DType.F32, Shape.of(3), v);
        assertArrayEquals(new double[] {(float) 0.1, (float) 2.7, (float) -2.7}, f.toDoubleArray());
        assertArrayEquals(new double[] {2, -2}, NDArray.of(DType.I64, Shape.of(2), new double[] {2.9, -2.9}).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1}, NDArray.of(DType.BOOL, Shape.of(3), new double[] {0, -3, Double.NaN}).toDoubleArray());
        v[0] = 99;
        assertEquals((float) 0.1, f.get(0), "the factory copied its argument");
        f.toDoubleArray()[0] = 42;
        assertEquals((float) 0.1, f.get(0), "toDoubleArray hands out a copy");
    }

    @Test
    void ofChecksTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.of(DType.F64, Shape.of(2, 2), new double[3]));
        assertTrue(e.getMessage().contains("[2,2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NDArray.ofFloats(Shape.of(2), new float[] {1}));
    }

    @Test
    void floatsScalarsAndZeros() {
        NDArray f = NDArray.ofFloats(Shape.of(2), new float[] {0.1f, 3f});
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(new float[] {0.1f, 3f}, f.toFloatArray());
        assertEquals(0.1f, f.get(0));

        NDArray s = NDArray.scalar(2.5);
        assertEquals(TensorType.scalar(DType.F64), s.type());
        assertEquals(2.5, s.item());
        assertEquals(3, NDArray.scalar(3.9, DType.I64).item());
        assertEquals(DType.I64, NDArray.scalar(3.9, DType.I64).dtype());

        NDArray z = NDArray.zeros(TensorType.of(DType.BOOL, 2, 3));
        assertEquals(6, z.numel());
        assertEquals(2, z.rank());
        assertArrayEquals(new double[6], z.toDoubleArray());
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(4.0, NDArray.of(DType.F64, Shape.of(1, 1), new double[] {4}).item());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NDArray.vector(1, 2).item());
        assertTrue(e.getMessage().contains("f64[2]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> NDArray.vector().item());
    }

    @Test
    void equalityIsByDtypeShapeAndBits() {
        NDArray a = NDArray.vector(1, Double.NaN);
        assertEquals(a, NDArray.vector(1, Double.NaN));
        assertEquals(a.hashCode(), NDArray.vector(1, Double.NaN).hashCode());
        assertNotEquals(NDArray.vector(0.0), NDArray.vector(-0.0));
        assertNotEquals(NDArray.vector(1, 2), NDArray.of(DType.F64, Shape.of(2, 1), new double[] {1, 2}));
        assertNotEquals(NDArray.vector(1, 2), NDArray.of(DType.I64, Shape.of(2), new double[] {1, 2}));
        assertNotEquals(NDArray.vector(1, 2), NDArray.vector(1, 3));
    }

    @Test
    void toStringShowsTypeAndNestedElements() {
        assertEquals("f64[2,2] [[1.0, 2.0], [3.0, 4.0]]", NDArray.of(DType.F64, Shape.of(2, 2), new double[] {1, 2, 3, 4}).toString());
        assertEquals("f64[] 2.5", NDArray.scalar(2.5).toString());
        assertEquals("i64[3] [1, -2, 3]", NDArray.of(DType.I64, Shape.of(3), new double[] {1, -2, 3}).toString());
        assertEquals("bool[2] [true, false]", NDArray.of(DType.BOOL, Shape.of(2), new double[] {1, 0}).toString());
        assertEquals("f32[1] [0.1]", NDArray.ofFloats(Shape.of(1), new float[] {0.1f}).toString());
        assertEquals("f64[0,3] []", NDArray.of(DType.F64, Shape.of(0, 3), new double[0]).toString());
        assertEquals("f64[1,2,1] [[[1.0], [2.0]]]", NDArray.of(DType.F64, Shape.of(1, 2, 1), new double[] {1, 2}).toString());
        String big = NDArray.of(DType.F64, Shape.of(2000), new double[2000]).toString();
        assertTrue(big.endsWith("... (1000 more)"), big.substring(big.length() - 30));
    }
}
