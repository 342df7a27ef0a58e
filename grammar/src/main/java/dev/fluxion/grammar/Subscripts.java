package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.SliceSpec;
import dev.fluxion.grammar.FluxionParser.BoundContext;
import dev.fluxion.grammar.FluxionParser.IndexContext;
import dev.fluxion.grammar.FluxionParser.SingleContext;
import dev.fluxion.grammar.FluxionParser.SliceContext;
import dev.fluxion.grammar.FluxionParser.SubscriptContext;

import java.util.Arrays;
import java.util.List;

/**
 * {@code x[…]}: per axis an integer index ({@code x[0]}, {@code x[-1]}) or a slice
 * ({@code A[1:3, :]}, {@code x[::2]}, {@code x[-3:]}) with Python's bounds (negative counts from
 * the end, out-of-range bounds clamp, steps are positive); axes not mentioned are taken whole.
 * Slices become one {@code slice} node; integer indices then remove their axes with a
 * {@code squeeze}. On a tuple, {@code t[i]} picks an item.
 */
final class Subscripts {
    private Subscripts() {}

    static Value apply(Operations ops, SourceText source, SubscriptContext ctx, Value v) {
        List<IndexContext> indices = ctx.index();
        if (v instanceof Value.Tuple) return item(source, ctx, (Value.Tuple) v);
        Node x = ops.node(ctx.getStart(), v, DType.F64);
        int rank = x.rank();
        if (indices.size() > rank) {
            throw source.error(ctx, "too many indices: " + indices.size() + " for a value of type " + x.type());
        }
        int[] start = new int[rank], stop = x.shape().dims(), step = new int[rank], squeeze = new int[rank];
        Arrays.fill(step, 1);
        int squeezed = 0;
        boolean whole = true;
        for (int axis = 0; axis < indices.size(); axis++) {
            IndexContext index = indices.get(axis);
            int dim = x.shape().dim(axis);
            if (index instanceof SingleContext) {
                int k = integer(source, ((SingleContext) index).at);
                int at = k < 0 ? k + dim : k;
                if (at < 0 || at >= dim) {
                    throw source.error(index, "index " + k + " is out of range for axis " + axis + " of size " + dim);
                }
                start[axis] = at;
                stop[axis] = at + 1;
                squeeze[squeezed++] = axis;
            } else {
                SliceContext s = (SliceContext) index;
                Integer lo = s.start == null ? null : integer(source, s.start);
                Integer hi = s.stop == null ? null : integer(source, s.stop);
                int by = s.step == null ? 1 : integer(source, s.step);
                if (by < 1) throw source.error(index, "slice steps must be positive but this one is " + by);
                SliceSpec spec = SliceSpec.normalize(lo, hi, by, dim);
                start[axis] = spec.start();
                stop[axis] = spec.stop();
                step[axis] = by;
            }
            whole &= start[axis] == 0 && stop[axis] == dim && step[axis] == 1;
        }
        Node out = x;
        // x[0] on a size-1 axis needs no slice; x[:] is kept as the slice it spells
        if (!(whole && squeezed > 0)) {
            out = ops.apply(ctx.getStart(), Op.SLICE, Attrs.of("start", start, "stop", stop, "step", step), x);
        }
        if (squeezed > 0) out = ops.apply(ctx.getStart(), Op.SQUEEZE, Attrs.of("axes", Arrays.copyOf(squeeze, squeezed)), out);
        return new Value.Tensor(out);
    }

    private static Value item(SourceText source, SubscriptContext ctx, Value.Tuple t) {
        if (ctx.index().size() != 1 || !(ctx.index(0) instanceof SingleContext)) {
            throw source.error(ctx, "a tuple takes one integer index, t[i]");
        }
        int n = t.items().size();
        int k = integer(source, ((SingleContext) ctx.index(0)).at);
        int at = k < 0 ? k + n : k;
        if (at < 0 || at >= n) throw source.error(ctx, "index " + k + " is out of range for a tuple of " + n + " values");
        return t.items().get(at);
    }

    private static int integer(SourceText source, BoundContext b) {
        try {
            int v = Integer.parseInt(b.INT().getText());
            return b.MINUS() != null ? -v : v;
        } catch (NumberFormatException e) {
            throw source.error(b, "index " + b.getText() + " is too large");
        }
    }
}
