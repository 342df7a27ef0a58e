package dev.fluxion.compiler.ir;

/** One axis of a Python-style slice, normalised against a dimension: {@code start:stop:step}. */
public record SliceSpec(int start, int stop, int step) {
    /**
     * Normalises Python bounds: negative indices count from the end, out-of-range bounds clamp,
     * {@code null} means "from the start"/"to the end". A positive step gives {@code 0 <= start <= stop <= dim}.
     */
    public static SliceSpec normalize(Integer start, Integer stop, int step, int dim) {
        if (step == 0) throw new ShapeException("slice: step cannot be zero");
        if (step > 0) {
            int lo = start == null ? 0 : clamp(start < 0 ? start + dim : start, 0, dim);
            int hi = stop == null ? dim : clamp(stop < 0 ? stop + dim : stop, 0, dim);
            return new SliceSpec(lo, Math.max(lo, hi), step);
        }
        int lo = start == null ? dim - 1 : clamp(start < 0 ? start + dim : start, -1, dim - 1);
        int hi = stop == null ? -1 : clamp(stop < 0 ? stop + dim : stop, -1, dim - 1);
        return new SliceSpec(lo, Math.min(lo, hi), step);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
