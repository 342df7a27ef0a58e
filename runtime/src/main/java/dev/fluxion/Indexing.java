package dev.fluxion;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import java.util.Arrays;

/**
 * Assignment into a region of a tensor ({@code y[i] = v}, {@code y[a:b:s] = v}) without views: a
 * region is a box of the tensor, given per dimension by its first index, its extent and its step.
 * The value is broadcast to the box and padded with zeros to the tensor's shape (PAD places element
 * k at {@code lo + k·(interior + 1)}), then selected where a mask marks the box. Both steps are
 * differentiable ops, so the gradient reaches the value (summed over broadcasting, as PyTorch's
 * CopySlices does) and the tensor's former value outside the box.
 */
final class Indexing {
    private Indexing() {}

    /**
     * A box: along dimension d, the indices {@code lo[d] + k·step[d]} for k in {@code [0, extent[d])}.
     * {@code indexed} is the shape PyTorch gives the indexing result (without the dimensions fixed to
     * one index), which error messages name.
     */
    record Region(int[] lo, int[] extent, int[] step, int[] indexed) {
        /** The box {@code t[index...]}: the leading dimensions fixed to one index each. */
        static Region at(Tensor t, int... index) {
            int rank = t.dim();
            if (index.length > rank) {
                throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + rank);
            }
            int[] lo = new int[rank], extent = t.shape(), step = new int[rank];
            Arrays.fill(step, 1);
            for (int d = 0; d < index.length; d++) {
                lo[d] = t.checkIndex(d, index[d]);
                extent[d] = 1;
            }
            return new Region(lo, extent, step, Arrays.copyOfRange(t.shape(), index.length, rank));
        }

        /** The box {@code t[:, …, start:stop:step, …]} along {@code dim} (already normalised, step ≥ 1). */
        static Region slice(Tensor t, int dim, int start, int count, int step) {
            int rank = t.dim();
            int[] lo = new int[rank], extent = t.shape(), steps = new int[rank];
            Arrays.fill(steps, 1);
            lo[dim] = start;
            extent[dim] = count;
            steps[dim] = step;
            return new Region(lo, extent, steps, extent.clone());
        }

        /** Bool mask of {@code shape}: true exactly on the box. */
        Tensor mask(int[] shape) {
            TensorType type = TensorType.of(DType.BOOL, shape);
            double[] m = new double[type.numel()];
            int[] idx = new int[shape.length];
            for (int k = 0; k < m.length; k++) {
                boolean inside = true;
                for (int d = 0; d < shape.length && inside; d++) {
                    int off = idx[d] - lo[d];
                    inside = off >= 0 && off % step[d] == 0 && off / step[d] < extent[d];
                }
                m[k] = inside ? 1 : 0;
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) break;
                    idx[d] = 0;
                }
            }
            return Tensor.of(type, m);
        }

        /** {@code value} broadcast to the box and laid out in a zero tensor of {@code shape}. */
        Tensor embed(Tensor value, int[] shape) {
            Tensor boxed;
            try {
                boxed = value.expand(extent);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("set: shape mismatch: value tensor of shape " + Arrays.toString(value.shape())
                        + " cannot be broadcast to indexing result of shape " + Arrays.toString(indexed), e);
            }
            int[] hi = new int[shape.length], interior = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                interior[d] = step[d] - 1;
                int covered = extent[d] == 0 ? 0 : (extent[d] - 1) * step[d] + 1;
                hi[d] = shape[d] - lo[d] - covered;
                if (extent[d] == 0) hi[d] = shape[d] - lo[d];
            }
            return Tensor.apply(Op.PAD, Attrs.of("lo", lo.clone(), "hi", hi, "interior", interior), boxed);
        }
    }

    /** Writes {@code value} (cast to the tensor's dtype, broadcast to the box) into {@code region} in place. */
    static Tensor assign(Tensor self, Region region, Tensor value) {
        Tensor v = value.to(self.dtype());
        Tensor placed = region.embed(v, self.shape());
        Tensor mask = region.mask(self.shape());
        return InPlace.apply(self, t -> Fluxion.where(mask, placed, t));
    }
}
