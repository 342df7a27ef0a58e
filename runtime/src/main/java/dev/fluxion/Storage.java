package dev.fluxion;

/**
 * The memory of one or more tensors (a tensor and its detached views share it) and a version
 * counter that every in-place write bumps, so backward can tell when a value it saved was changed.
 */
final class Storage {
    double[] data;
    int version;

    Storage(double[] data) {
        this.data = data;
    }

    void bump() {
        version++;
    }
}
