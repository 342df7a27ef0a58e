package dev.fluxion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code torch.autograd.functional}: Jacobians, Hessians and Jacobian/Hessian-vector
 * products of whole functions, each for a function of one tensor ({@link UnaryOperator}), of two
 * ({@link BinaryOperator}) and of a list ({@code Function<List<Tensor>, List<Tensor>>}).
 *
 * <p>The function is called on fresh copies of the inputs that require grad, so the inputs given
 * need not require grad themselves. Results have no history unless {@link Options#createGraph} is
 * set; then they are differentiable with respect to the given inputs that require grad. With
 * {@link Options#strict}, an output independent of an input throws {@link IllegalStateException}
 * with PyTorch's message instead of giving zeros. Shapes are PyTorch's: the Jacobian of output
 * {@code o} with respect to input {@code i} has shape (o's shape…, i's shape…), the Hessian block
 * [i][j] has shape (i's shape…, j's shape…); a 0-d input of a 0-d output gives a 0-d Jacobian.
 */
public final class Functional {
    private Functional() {}

    /** Options of every function here, PyTorch's keyword arguments; immutable, {@link #defaults()} both off. */
    public record Options(boolean createGraph, boolean strict) {
        private static final Options DEFAULTS = new Options(false, false);

        public static Options defaults() {
            return DEFAULTS;
        }

        /** Record the computation, so the results can be differentiated again. */
        public Options createGraph(boolean create) {
            return new Options(create, strict);
        }

        /** Throw when an output is independent of an input, instead of returning zeros. */
        public Options strict(boolean isStrict) {
            return new Options(createGraph, isStrict);
        }
    }

    /** What {@code jvp}, {@code vjp}, {@code hvp} and {@code vhp} return: f(x) and the product. */
    public record ValueAndProduct<V, P>(V value, P product) {}

    // ---- adapters: every overload runs the list form in FunctionalCore --------------------------------------

    private static Function<List<Tensor>, List<Tensor>> lift(UnaryOperator<Tensor> f) {
        Objects.requireNonNull(f, "function");
        return xs -> single(f.apply(xs.get(0)));
    }

    private static Function<List<Tensor>, List<Tensor>> lift(BinaryOperator<Tensor> f) {
        Objects.requireNonNull(f, "function");
        return xs -> single(f.apply(xs.get(0), xs.get(1)));
    }

    /** A one-element list that may hold null (checked later with PyTorch's message). */
    private static List<Tensor> single(Tensor t) {
        List<Tensor> l = new ArrayList<>(1);
        l.add(t);
        return l;
    }

    private static List<Tensor> inputs(Tensor... xs) {
        for (int i = 0; i < xs.length; i++) Objects.requireNonNull(xs[i], "input " + i);
        return List.of(xs);
    }

    private static List<Tensor> vector(Tensor... v) {
        for (Tensor t : v) if (t == null) return null;
        return List.of(v);
    }

    // ---- jacobian ---------------------------------------------------------------------------------------------

    /** The Jacobian of f at x, of shape (f(x)'s shape…, x's shape…). */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
        return jacobian(f, x, Options.defaults());
    }

    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x, Options options) {
        return FunctionalCore.jacobian(lift(f), inputs(x), options.createGraph(), options.strict()).get(0).get(0);
    }

    /** The Jacobians of f at (x, y) with respect to x and to y. */
    public static List<Tensor> jacobian(BinaryOperator<Tensor> f, Tensor x, Tensor y) {
        return jacobian(f, x, y, Options.defaults());
    }

    public static List<Tensor> jacobian(BinaryOperator<Tensor> f, Tensor x, Tensor y, Options options) {
        return FunctionalCore.jacobian(lift(f), inputs(x, y), options.createGraph(), options.strict()).get(0);
    }

    /** The Jacobians of every output of f with respect to every input, indexed [output][input]. */
    public static List<List<Tensor>> jacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs) {
        return jacobian(f, xs, Options.defaults());
    }

    public static List<List<Tensor>> jacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, Options options) {
        return FunctionalCore.jacobian(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])),
                options.createGraph(), options.strict());
    }

    // ---- hessian ----------------------------------------------------------------------------------------------

    /** The Hessian of a function with a one-element result, of shape (x's shape…, x's shape…). */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
        return hessian(f, x, Options.defaults());
    }

    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x, Options options) {
        return FunctionalCore.hessian(lift(f), inputs(x), options.createGraph(), options.strict()).get(0).get(0);
    }

    /** The Hessian blocks [i][j] (i, j in {x, y}) of a function with a one-element result. */
    public static List<List<Tensor>> hessian(BinaryOperator<Tensor> f, Tensor x, Tensor y) {
        return hessian(f, x, y, Options.defaults());
    }

    public static List<List<Tensor>> hessian(BinaryOperator<Tensor> f, Tensor x, Tensor y, Options options) {
        return FunctionalCore.hessian(lift(f), inputs(x, y), options.createGraph(), options.strict());
    }

    /** The Hessian blocks [i][j] of a function returning one one-element tensor. */
    public static List<List<Tensor>> hessian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs) {
        return hessian(f, xs, Options.defaults());
    }

    public static List<List<Tensor>> hessian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, Options options) {
        return FunctionalCore.hessian(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])),
                options.createGraph(), options.strict());
    }

    // ---- derivative (the seed's; PyTorch has none) -------------------------------------------------------------

    /**
     * The derivative of f as a function: {@code derivative(f).apply(x)} is d(sum of f(x))/dx, the
     * gradient when f(x) has one element and the elementwise derivative when f is elementwise
     * (the vector-Jacobian product with ones).
     */
    public static UnaryOperator<Tensor> derivative(UnaryOperator<Tensor> f) {
        return derivative(f, Options.defaults());
    }

    public static UnaryOperator<Tensor> derivative(UnaryOperator<Tensor> f, Options options) {
        Function<List<Tensor>, List<Tensor>> g = lift(f);
        return x -> derivativeAt(g, inputs(x), false, options).get(0);
    }

    /** The partial derivatives of f as a function: [d(sum f)/dx, d(sum f)/dy]. */
    public static BiFunction<Tensor, Tensor, List<Tensor>> derivative(BinaryOperator<Tensor> f) {
        return derivative(f, Options.defaults());
    }

    public static BiFunction<Tensor, Tensor, List<Tensor>> derivative(BinaryOperator<Tensor> f, Options options) {
        Function<List<Tensor>, List<Tensor>> g = lift(f);
        return (x, y) -> derivativeAt(g, inputs(x, y), false, options);
    }

    /**
     * The derivative of a list function: one gradient of the sum of all output elements per input.
     * (Named apart from {@code derivative} because a lambda would fit both one-argument overloads.)
     */
    public static Function<List<Tensor>, List<Tensor>> derivativeOfMany(Function<List<Tensor>, List<Tensor>> f) {
        return derivativeOfMany(f, Options.defaults());
    }

    public static Function<List<Tensor>, List<Tensor>> derivativeOfMany(Function<List<Tensor>, List<Tensor>> f, Options options) {
        Objects.requireNonNull(f, "function");
        return xs -> derivativeAt(f, inputs(xs.toArray(new Tensor[0])), true, options);
    }

    private static List<Tensor> derivativeAt(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, boolean outputsAreList,
                                             Options options) {
        Function<List<Tensor>, List<Tensor>> onesLikeOutputs = outs -> {
            List<Tensor> ones = new ArrayList<>(outs.size());
            for (Tensor o : outs) ones.add(Fluxion.onesLike(o));
            return ones;
        };
        return FunctionalCore.vjp(f, xs, onesLikeOutputs, outputsAreList, options.createGraph(), options.strict()).product();
    }

    // ---- vjp ----------------------------------------------------------------------------------------------------

    /** f(x) and v^T J (shaped like x); v is shaped like f(x), and may be null when f(x) has one element. */
    public static ValueAndProduct<Tensor, Tensor> vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return vjp(f, x, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, Tensor> vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v, Options options) {
        FunctionalCore.Raw r = FunctionalCore.vjp(lift(f), inputs(x), vector(v), false, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), r.product().get(0));
    }

    /** f(x, y) and [v^T J_x, v^T J_y]. */
    public static ValueAndProduct<Tensor, List<Tensor>> vjp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor v) {
        return vjp(f, x, y, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, List<Tensor>> vjp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor v, Options options) {
        FunctionalCore.Raw r = FunctionalCore.vjp(lift(f), inputs(x, y), vector(v), false, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), List.copyOf(r.product()));
    }

    /** f(xs) and, per input, the sum over outputs of v_o^T J_o (one v per output; null for one one-element output). */
    public static ValueAndProduct<List<Tensor>, List<Tensor>> vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v) {
        return vjp(f, xs, v, Options.defaults());
    }

    public static ValueAndProduct<List<Tensor>, List<Tensor>> vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v,
                                                                  Options options) {
        FunctionalCore.Raw r = FunctionalCore.vjp(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])), v, true,
                options.createGraph(), options.strict());
        return new ValueAndProduct<>(List.copyOf(r.value()), List.copyOf(r.product()));
    }

    // ---- jvp ----------------------------------------------------------------------------------------------------

    /** f(x) and J v (shaped like f(x)); v is shaped like x, and may be null when x has one element. */
    public static ValueAndProduct<Tensor, Tensor> jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return jvp(f, x, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, Tensor> jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, Options options) {
        FunctionalCore.Raw r = FunctionalCore.jvp(lift(f), inputs(x), vector(v), false, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), r.product().get(0));
    }

    /** f(x, y) and J_x vx + J_y vy. */
    public static ValueAndProduct<Tensor, Tensor> jvp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy) {
        return jvp(f, x, y, vx, vy, Options.defaults());
    }

    public static ValueAndProduct<Tensor, Tensor> jvp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy, Options options) {
        FunctionalCore.Raw r = FunctionalCore.jvp(lift(f), inputs(x, y), vector(vx, vy), true, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), r.product().get(0));
    }

    /** f(xs) and, per output, the sum over inputs of J_i v_i (one v per input). */
    public static ValueAndProduct<List<Tensor>, List<Tensor>> jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v) {
        return jvp(f, xs, v, Options.defaults());
    }

    public static ValueAndProduct<List<Tensor>, List<Tensor>> jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v,
                                                                  Options options) {
        FunctionalCore.Raw r = FunctionalCore.jvp(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])), v, true,
                options.createGraph(), options.strict());
        return new ValueAndProduct<>(List.copyOf(r.value()), List.copyOf(r.product()));
    }

    // ---- hvp / vhp ----------------------------------------------------------------------------------------------

    /** f(x) and H v for a function with a one-element result; v is shaped like x (null allowed when x has one element). */
    public static ValueAndProduct<Tensor, Tensor> hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return hvp(f, x, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, Tensor> hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, Options options) {
        FunctionalCore.Raw r = FunctionalCore.hvp(lift(f), inputs(x), vector(v), false, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), r.product().get(0));
    }

    /** f(x, y) and H (vx, vy), split into the parts shaped like x and like y. */
    public static ValueAndProduct<Tensor, List<Tensor>> hvp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy) {
        return hvp(f, x, y, vx, vy, Options.defaults());
    }

    public static ValueAndProduct<Tensor, List<Tensor>> hvp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy,
                                                            Options options) {
        FunctionalCore.Raw r = FunctionalCore.hvp(lift(f), inputs(x, y), vector(vx, vy), true, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), List.copyOf(r.product()));
    }

    /** f(xs) (one one-element tensor) and H v, one part per input. */
    public static ValueAndProduct<Tensor, List<Tensor>> hvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v) {
        return hvp(f, xs, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, List<Tensor>> hvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v,
                                                            Options options) {
        FunctionalCore.Raw r = FunctionalCore.hvp(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])), v, true,
                options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), List.copyOf(r.product()));
    }

    /** f(x) and v^T H; equal to {@link #hvp} when the Hessian is symmetric (f twice continuously differentiable). */
    public static ValueAndProduct<Tensor, Tensor> vhp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return vhp(f, x, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, Tensor> vhp(UnaryOperator<Tensor> f, Tensor x, Tensor v, Options options) {
        FunctionalCore.Raw r = FunctionalCore.vhp(lift(f), inputs(x), vector(v), false, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), r.product().get(0));
    }

    public static ValueAndProduct<Tensor, List<Tensor>> vhp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy) {
        return vhp(f, x, y, vx, vy, Options.defaults());
    }

    public static ValueAndProduct<Tensor, List<Tensor>> vhp(BinaryOperator<Tensor> f, Tensor x, Tensor y, Tensor vx, Tensor vy,
                                                            Options options) {
        FunctionalCore.Raw r = FunctionalCore.vhp(lift(f), inputs(x, y), vector(vx, vy), true, options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), List.copyOf(r.product()));
    }

    public static ValueAndProduct<Tensor, List<Tensor>> vhp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v) {
        return vhp(f, xs, v, Options.defaults());
    }

    public static ValueAndProduct<Tensor, List<Tensor>> vhp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> xs, List<Tensor> v,
                                                            Options options) {
        FunctionalCore.Raw r = FunctionalCore.vhp(Objects.requireNonNull(f, "function"), inputs(xs.toArray(new Tensor[0])), v, true,
                options.createGraph(), options.strict());
        return new ValueAndProduct<>(r.value().get(0), List.copyOf(r.product()));
    }
}
