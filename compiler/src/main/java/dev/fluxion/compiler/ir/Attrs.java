package dev.fluxion.compiler.ir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's attributes: an immutable, ordered map from name to value. Values are {@code Integer},
 * {@code Double}, {@code Boolean}, {@link DType}, {@code String}, {@code int[]} or {@code double[]};
 * arrays are copied in and out and compared by content, so structurally equal nodes hash alike.
 */
public final class Attrs {
    public static final Attrs NONE = new Attrs(new String[0], new Object[0]);

    /** The type each attribute name holds, fixed so the IR parser knows what to read. */
    public enum Type { INT, DOUBLE, BOOLEAN, DTYPE, STRING, INTS, DOUBLES }

    private final String[] keys;
    private final Object[] values;
    private final int hash;

    private Attrs(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        int h = Arrays.hashCode(keys);
        for (Object v : values) h = 31 * h + valueHash(v);
        this.hash = h;
    }

    /** Builds attributes from alternating names and values: {@code Attrs.of("axes", new int[]{0}, "keepdim", false)}. */
    public static Attrs of(Object... namesAndValues) {
        if (namesAndValues.length == 0) return NONE;
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("Attrs.of needs name/value pairs");
        int n = namesAndValues.length / 2;
        String[] k = new String[n];
        Object[] v = new Object[n];
        for (int i = 0; i < n; i++) {
            k[i] = (String) namesAndValues[2 * i];
            for (int j = 0; j < i; j++) {
                if (k[j].equals(k[i])) throw new IllegalArgumentException("attribute '" + k[i] + "' given twice");
            }
            v[i] = copyIn(k[i], namesAndValues[2 * i + 1]);
        }
        return new Attrs(k, v);
    }

    public static Attrs of(Map<String, Object> map) {
        String[] k = new String[map.size()];
        Object[] v = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            k[i] = e.getKey();
            v[i] = copyIn(e.getKey(), e.getValue());
            i++;
        }
        return new Attrs(k, v);
    }

    /** The declared type of attribute {@code name} of {@code op}. */
    public static Type typeOf(Op op, String name) {
        switch (name) {
            case "name": return Type.STRING;
            case "value": return op == Op.CONST ? Type.DOUBLES : Type.DOUBLE;
            case "axis": return Type.INT;
            case "keepdim": return Type.BOOLEAN;
            case "dtype": return Type.DTYPE;
            case "start": case "stop": case "step": return op == Op.ARANGE ? Type.DOUBLE : Type.INTS;
            default: return Type.INTS; // axes, shape, perm, lo, hi, interior
        }
    }

    private static Object copyIn(String key, Object v) {
        if (v instanceof int[]) return ((int[]) v).clone();
        if (v instanceof double[]) return ((double[]) v).clone();
        if (v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof DType || v instanceof String) return v;
        throw new IllegalArgumentException("attribute " + key + ": unsupported value type " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    private int indexOf(String name) {
        for (int i = 0; i < keys.length; i++) if (keys[i].equals(name)) return i;
        return -1;
    }

    private Object get(String name) {
        int i = indexOf(name);
        if (i < 0) throw new IllegalArgumentException("missing attribute '" + name + "'");
        return values[i];
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public DType getDType(String name) {
        return (DType) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    /** A copy of an {@code int[]} attribute. */
    public int[] getInts(String name) {
        return ((int[]) get(name)).clone();
    }

    /** A copy of a {@code double[]} attribute. */
    public double[] getDoubles(String name) {
        return ((double[]) get(name)).clone();
    }

    /** The length of a {@code double[]} attribute, without copying it. */
    int doublesLength(String name) {
        return ((double[]) get(name)).length;
    }

    /** The element at {@code i} of a {@code double[]} attribute, without copying. */
    public double getDoubleAt(String name, int i) {
        return ((double[]) get(name))[i];
    }

    public int size() {
        return keys.length;
    }

    public String name(int i) {
        return keys[i];
    }

    /** The value at position {@code i} (arrays copied). */
    public Object value(int i) {
        Object v = values[i];
        if (v instanceof int[]) return ((int[]) v).clone();
        if (v instanceof double[]) return ((double[]) v).clone();
        return v;
    }

    /** The IR text of value {@code i}: {@code 3}, {@code 2.0}, {@code true}, {@code f32}, {@code (0,1)}. */
    public String valueText(int i) {
        Object v = values[i];
        if (v instanceof int[]) {
            StringBuilder sb = new StringBuilder("(");
            int[] a = (int[]) v;
            for (int j = 0; j < a.length; j++) sb.append(j > 0 ? "," : "").append(a[j]);
            return sb.append(')').toString();
        }
        if (v instanceof double[]) {
            StringBuilder sb = new StringBuilder("(");
            double[] a = (double[]) v;
            for (int j = 0; j < a.length; j++) sb.append(j > 0 ? "," : "").append(a[j]);
            return sb.append(')').toString();
        }
        if (v instanceof String) return "\"" + v + "\"";
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Attrs)) return false;
        Attrs a = (Attrs) o;
        if (hash != a.hash || !Arrays.equals(keys, a.keys)) return false;
        for (int i = 0; i < values.length; i++) if (!valueEquals(values[i], a.values[i])) return false;
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    // Doubles compare by bit pattern, as Arrays.equals does: 0.0 and -0.0 are different constants.
    private static boolean valueEquals(Object x, Object y) {
        if (x instanceof int[] && y instanceof int[]) return Arrays.equals((int[]) x, (int[]) y);
        if (x instanceof double[] && y instanceof double[]) return Arrays.equals((double[]) x, (double[]) y);
        return x.equals(y);
    }

    private static int valueHash(Object v) {
        if (v instanceof int[]) return Arrays.hashCode((int[]) v);
        if (v instanceof double[]) return Arrays.hashCode((double[]) v);
        return v.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(keys[i]).append('=').append(valueText(i));
        }
        return sb.append(']').toString();
    }
}
