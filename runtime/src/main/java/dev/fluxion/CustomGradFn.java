package dev.fluxion;

import java.util.Arrays;

/**
 * The graph node of a {@link CustomFunction} result: runs the user's backward (recorded when the
 * engine runs with create-graph) and checks what it returns the way PyTorch's engine does: the
 * number of gradients, their shapes (a gradient broadcast from its input's shape is summed down)
 * and their dtypes (cast to the input's).
 */
final class CustomGradFn extends GradFn {
    private final CustomFunction function;
    private final CustomFunction.Context ctx;
    private final String name;

    CustomGradFn(CustomFunction function, CustomFunction.Context ctx, Tensor[] inputs) {
        super(inputs);
        this.function = function;
        this.ctx = ctx;
        this.name = function.backwardName();
    }

    @Override
    String name() {
        return name;
    }

    @Override
    Tensor[] backward(Tensor g) {
        Tensor[] in = inputs();
        Tensor[] grads = function.backward(ctx, g);
        if (grads == null) {
            throw new IllegalStateException("function " + name + " returned null; backward must return one gradient per input "
                    + "(an array with " + in.length + " entries, null where there is no gradient)");
        }
        int count = grads.length;
        while (count > in.length && grads[count - 1] == null) count--; // PyTorch ignores trailing Nones
        if (count != in.length) {
            throw new IllegalStateException("function " + name + " returned an incorrect number of gradients (expected "
                    + in.length + ", got " + grads.length + ")");
        }
        Tensor[] result = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            Tensor gi = grads[i];
            if (gi == null || !in[i].requiresGrad()) continue;
            int[] want = in[i].shape();
            if (!Arrays.equals(gi.shape(), want)) {
                if (!CustomFunction.expandable(want, gi.shape())) {
                    throw new IllegalArgumentException("Function " + name + " returned an invalid gradient at index " + i + " - got "
                            + Arrays.toString(gi.shape()) + " but expected shape compatible with " + Arrays.toString(want));
                }
                gi = CustomFunction.sumTo(gi, want);
            }
            if (gi.dtype() != in[i].dtype()) gi = gi.to(in[i].dtype());
            result[i] = gi;
        }
        return result;
    }

    @Override
    void release() {
        super.release();
        ctx.release();
    }
}
