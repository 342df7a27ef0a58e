package dev.fluxion;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The seed's {@code @track_grad(grad_fn)}: wraps a function so its result carries a hand-written
 * gradient. The gradient function receives the same inputs as the function and returns the local
 * partial derivatives, one per input (null for an input without one); backward multiplies each by
 * the incoming gradient, so d(loss)/d(x_i) = g * partial_i, summed down to x_i's shape when the
 * product broadcasts (a partial shaped like the input also serves reductions such as a sum).
 *
 * <pre>{@code
 * BinaryOperator<Tensor> mul = trackGrad((x, y) -> new Tensor[] {y, x}, (x, y) -> x.mul(y));
 * }</pre>
 *
 * The function runs with grad mode off; the partials are computed during backward (recorded with
 * create-graph, so partials written with tensor operations give correct higher derivatives).
 */
public final class TrackGrad {
    private TrackGrad() {}

    /** Wraps a one-input function; {@code gradFn} returns {@code {d fn/dx}}. */
    public static UnaryOperator<Tensor> trackGrad(Function<Tensor, Tensor[]> gradFn, UnaryOperator<Tensor> fn) {
        Objects.requireNonNull(gradFn, "gradFn");
        Objects.requireNonNull(fn, "fn");
        Tracked f = new Tracked(in -> gradFn.apply(in[0]), in -> fn.apply(in[0]));
        return x -> f.apply(x);
    }

    /** Wraps a two-input function; {@code gradFn} returns {@code {d fn/dx, d fn/dy}}. */
    public static BinaryOperator<Tensor> trackGrad(BiFunction<Tensor, Tensor, Tensor[]> gradFn, BinaryOperator<Tensor> fn) {
        Objects.requireNonNull(gradFn, "gradFn");
        Objects.requireNonNull(fn, "fn");
        Tracked f = new Tracked(in -> gradFn.apply(in[0], in[1]), in -> fn.apply(in[0], in[1]));
        return (x, y) -> f.apply(x, y);
    }

    /** The custom function behind both wrappers; it keeps nothing between calls but the saved inputs in each context. */
    private static final class Tracked extends CustomFunction {
        private final Function<Tensor[], Tensor[]> partials;
        private final Function<Tensor[], Tensor> fn;

        Tracked(Function<Tensor[], Tensor[]> partials, Function<Tensor[], Tensor> fn) {
            this.partials = partials;
            this.fn = fn;
        }

        @Override
        public Tensor forward(Context ctx, Tensor... inputs) {
            ctx.saveForBackward(inputs);
            return fn.apply(inputs);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor gradOutput) {
            Tensor[] in = ctx.savedTensors().toArray(new Tensor[0]);
            Tensor[] p = partials.apply(in.clone());
            if (p == null || p.length != in.length) {
                throw new IllegalStateException("the gradient function given to trackGrad returned "
                        + (p == null ? "null" : p.length + " partial derivatives") + " but the function has " + in.length
                        + (in.length == 1 ? " input" : " inputs") + "; return one per input (null for none)");
            }
            Tensor[] grads = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                if (p[i] == null) continue;
                grads[i] = gradOutput.mul(p[i].dtype() == gradOutput.dtype() ? p[i] : p[i].to(gradOutput.dtype()));
            }
            return grads;
        }

        @Override
        String backwardName() {
            return "TrackGradBackward";
        }
    }
}
