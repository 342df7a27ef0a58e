package dev.fluxion;

import java.util.Arrays;

/**
 * An identity map from tensors to values for one backward pass: open addressing over the tensors'
 * {@code hashSeed}, compared by reference. Unlike {@link java.util.IdentityHashMap} it never asks for
 * an identity hash code, which the JVM must compute and store for each fresh object.
 */
final class TensorMap<V> {
    private Tensor[] keys = new Tensor[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    V get(Tensor k) {
        int mask = keys.length - 1;
        for (int i = k.hashSeed & mask; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k) return (V) values[i];
        }
        return null;
    }

    /** Associates {@code v} with {@code k}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(Tensor k, V v) {
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        int i = k.hashSeed & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k) {
                V old = (V) values[i];
                values[i] = v;
                return old;
            }
        }
        keys[i] = k;
        values[i] = v;
        size++;
        return null;
    }

    boolean containsKey(Tensor k) {
        int mask = keys.length - 1;
        for (int i = k.hashSeed & mask; keys[i] != null; i = (i + 1) & mask) if (keys[i] == k) return true;
        return false;
    }

    private void grow() {
        Tensor[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new Tensor[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Tensor k = oldKeys[j];
            if (k == null) continue;
            int i = k.hashSeed & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = k;
            values[i] = oldValues[j];
        }
    }

    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
        size = 0;
    }
}
