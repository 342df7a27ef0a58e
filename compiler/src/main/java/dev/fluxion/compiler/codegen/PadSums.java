package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.ir.Node;

/**
 * Geometry of pad sums, {@code add(pad(a), pad(b))} of two members of one fused loop (the gradient of
 * shifted slices): where each member's element lands in the sum's buffer, which positions neither
 * reaches, and when the later pad's previous element can be carried in a local.
 */
final class PadSums {
    private PadSums() {}

    /**
     * Whether a pad sum over a one-axis loop can keep the later pad's previous element in a local
     * (as a hand-written loop would): the two pads' offsets along that axis differ by one.
     */
    static boolean carries(FusedLoop l, Node sum, boolean flat) {
        Node p = sum.input(0), q = sum.input(1);
        int axis = Lowering.padAxis(p);
        if (axis < 0 || Lowering.padAxis(q) != axis || l.shape.numel() != l.shape.dim(axis)) return false;
        if (!flat || l.padAxis >= 0) return false;
        return Math.abs(padLo(p) - padLo(q)) == 1;
    }

    /** Zeros at the positions of the sum that neither pad's elements reach. */
    static void zeroOutside(Lowering lowering, FusedLoop l, Node sum) {
        Value.Strided z = buf(l, sum);
        int first = padLo(earlier(sum)), end = padLo(later(sum)) + l.shape.numel(), size = z.shape.numel(), st = stride(z);
        if (first > 0) TensorKernels.zero(lowering, new Value.Strided(dev.fluxion.compiler.ir.Shape.of(first), z.array, z.base, new int[] {st}));
        if (end < size) TensorKernels.zero(lowering, new Value.Strided(dev.fluxion.compiler.ir.Shape.of(size - end), z.array, z.base + end * st, new int[] {st}));
    }

    static Node earlier(Node sum) {
        return padLo(sum.input(0)) < padLo(sum.input(1)) ? sum.input(0) : sum.input(1);
    }

    static Node later(Node sum) {
        return earlier(sum) == sum.input(0) ? sum.input(1) : sum.input(0);
    }

    /** A pad's offset along its one padded axis. */
    static int padLo(Node pad) {
        return pad.attrs().getInts("lo")[Lowering.padAxis(pad)];
    }

    /** The stride of a pad sum's buffer along the padded axis (every other axis has size one). */
    static int stride(Value.Strided z) {
        int s = 1;
        for (int a = 0; a < z.shape.rank(); a++) if (z.shape.dim(a) != 1) s = z.strides[a];
        return s;
    }

    static Value.Strided buf(FusedLoop l, Node sum) {
        return l.padSumBuffers.get(sum);
    }

    /** Where the loop's element lands in the pad's output: the sum's buffer viewed over the loop's shape, shifted by {@code lo}. */
    static Value.Strided padded(FusedLoop l, Node pad, Value.Strided sum) {
        int[] lo = pad.attrs().getInts("lo");
        int base = sum.base;
        for (int a = 0; a < lo.length; a++) base += lo[a] * sum.strides[a];
        return new Value.Strided(l.shape, sum.array, base, sum.strides);
    }
}
