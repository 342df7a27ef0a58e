package dev.fluxion.jit;

import dev.fluxion.Tensor;
import dev.fluxion.Tracer;
import dev.fluxion.compiler.codegen.BytecodeBackend;
import dev.fluxion.compiler.codegen.CompiledGraph;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.grammar.Expression;
import dev.fluxion.grammar.Program;
import dev.fluxion.grammar.Source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles functions of tensors to JVM bytecode, optionally differentiated first.
 *
 * <pre>{@code
 * Compiled f  = Jit.compile((x, y) -> x.mul(y).add(x.pow(2.)), Spec.scalar("x"), Spec.scalar("y"));
 * Compiled df = Jit.grad((x, y) -> x.mul(y).add(x.pow(2.)), Spec.scalar("x"), Spec.scalar("y"));
 * double[] g  = df.apply(2., 3.);   // {7., 2.}
 * }</pre>
 *
 * <p><b>Tracing.</b> A lambda of one to four tensors (or {@link #traceN} / {@link #traceMulti} for
 * any number of inputs or several outputs) runs once, on tracer tensors of the given {@link Spec}s,
 * and the operations it applies become the graph (see {@link Tracer}). Java control flow runs at
 * trace time: loops unroll, and branching on a traced value ({@code item()}, a comparison read in
 * an {@code if}) throws {@link IllegalStateException} saying to select with
 * {@code Fluxion.where}. Tensors the lambda makes or captures are baked in as constants.
 *
 * <p><b>Transforms.</b> {@code compile}, {@code grad}, {@code valueAndGrad}, {@code jacobian},
 * {@code hessian}, {@code jvp} and {@code vjp} each take a lambda and its specs, or a
 * {@link Traced} function ({@link #trace}, {@link #parse}) and optionally the names of the inputs to
 * differentiate (default: every floating-point input). {@link Transform} gives each one's inputs
 * and outputs. The result is optimised ({@link PassManager#forCodegen()}) and compiled to bytecode.
 *
 * <p><b>Cache.</b> Compiling the same graph with the same transform again returns the same
 * {@link Compiled} instance, from a bounded LRU cache of the 256 most recently used functions, keyed
 * by graph structure; tracing itself always runs (it is cheap, and the graph is the key).
 */
public final class Jit {
    private Jit() {}

    private static final JitCache CACHE = new JitCache();

    // ---- tracing ---------------------------------------------------------------------------------------

    /**
     * Traces {@code f} over inputs of the given specs.
     *
     * @throws IllegalArgumentException when the specs are not one per lambda parameter or share a name
     * @throws IllegalStateException when {@code f} reads a traced value as a number
     */
    public static Traced trace(Fn1 f, Spec... specs) {
        arity(1, specs);
        return traceMulti(xs -> new Tensor[] {f.apply(xs[0])}, specs);
    }

    public static Traced trace(Fn2 f, Spec... specs) {
        arity(2, specs);
        return traceMulti(xs -> new Tensor[] {f.apply(xs[0], xs[1])}, specs);
    }

    public static Traced trace(Fn3 f, Spec... specs) {
        arity(3, specs);
        return traceMulti(xs -> new Tensor[] {f.apply(xs[0], xs[1], xs[2])}, specs);
    }

    public static Traced trace(Fn4 f, Spec... specs) {
        arity(4, specs);
        return traceMulti(xs -> new Tensor[] {f.apply(xs[0], xs[1], xs[2], xs[3])}, specs);
    }

    /** Traces a function of one tensor per spec, given as an array, to one output. */
    public static Traced traceN(FnN f, Spec... specs) {
        Objects.requireNonNull(f, "f");
        return traceMulti(xs -> new Tensor[] {f.apply(xs)}, specs);
    }

    /**
     * Traces a function of one tensor per spec to several outputs (the returned tensors, in order).
     *
     * @throws IllegalArgumentException when two specs share a name, or {@code f} returns null or no tensors
     */
    public static Traced traceMulti(FnMulti f, Spec... specs) {
        Objects.requireNonNull(f, "f");
        List<String> names = new ArrayList<>();
        List<TensorType> types = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Spec s : specs) {
            Objects.requireNonNull(s, "spec");
            if (!seen.add(s.name())) throw new IllegalArgumentException("two inputs are named '" + s.name() + "'; names must differ");
            names.add(s.name());
            types.add(s.type());
        }
        Function<Tensor[], Tensor[]> body = f::apply;
        return Traced.of(Tracer.trace(names, types, body));
    }

    /**
     * Reads a function written in the Fluxion language: a source file defining exactly one function
     * ({@code fn f(x, y: f64[3]) = …}), or an inline expression ({@code x*y + x^2}) whose free
     * variables become f64 scalar inputs in order of first appearance.
     *
     * @throws dev.fluxion.grammar.FluxionSyntaxException for a syntax, name or type error (with line and column)
     * @throws IllegalArgumentException when the source defines no function or several (then name one
     *     with {@link #parse(String, String)})
     */
    public static Traced parse(String source) {
        if (!definesFunctions(source)) return Traced.of(Expression.parse(source));
        Program p = Source.parse(source);
        if (p.functionNames().size() != 1) {
            throw new IllegalArgumentException("the source defines " + (p.functionNames().isEmpty() ? "no functions"
                    : "functions " + String.join(", ", p.functionNames())) + "; name the one to compile with Jit.parse(source, name)");
        }
        return Traced.of(p.function(p.functionNames().get(0)));
    }

    /**
     * Reads function {@code name} of a Fluxion source file (it may call the file's other functions).
     *
     * @throws IllegalArgumentException when there is no such function (the message lists the file's functions)
     */
    public static Traced parse(String source, String name) {
        return Traced.of(Source.parse(source).function(name));
    }

    // ---- transforms ------------------------------------------------------------------------------------

    /** f compiled as it is ({@link Transform#COMPILE}). */
    public static Compiled compile(Traced f) {
        return build(Transform.COMPILE, f.graph(), new String[0]);
    }

    public static Compiled compile(Fn1 f, Spec... specs) { return compile(trace(f, specs)); }
    public static Compiled compile(Fn2 f, Spec... specs) { return compile(trace(f, specs)); }
    public static Compiled compile(Fn3 f, Spec... specs) { return compile(trace(f, specs)); }
    public static Compiled compile(Fn4 f, Spec... specs) { return compile(trace(f, specs)); }

    /**
     * The gradient of a scalar function with respect to the {@code wrt} inputs (default: every floating
     * input), one output per input ({@link Transform#GRAD}); flattened, the gradients are concatenated.
     *
     * @throws IllegalArgumentException when f does not return one 0-d floating-point tensor, or for a bad wrt name
     */
    public static Compiled grad(Traced f, String... wrt) {
        return build(Transform.GRAD, f.graph(), wrt);
    }

    public static Compiled grad(Fn1 f, Spec... specs) { return grad(trace(f, specs)); }
    public static Compiled grad(Fn2 f, Spec... specs) { return grad(trace(f, specs)); }
    public static Compiled grad(Fn3 f, Spec... specs) { return grad(trace(f, specs)); }
    public static Compiled grad(Fn4 f, Spec... specs) { return grad(trace(f, specs)); }

    /** f's value then its gradient ({@link Transform#VALUE_AND_GRAD}); the same conditions as {@link #grad}. */
    public static Compiled valueAndGrad(Traced f, String... wrt) {
        return build(Transform.VALUE_AND_GRAD, f.graph(), wrt);
    }

    public static Compiled valueAndGrad(Fn1 f, Spec... specs) { return valueAndGrad(trace(f, specs)); }
    public static Compiled valueAndGrad(Fn2 f, Spec... specs) { return valueAndGrad(trace(f, specs)); }
    public static Compiled valueAndGrad(Fn3 f, Spec... specs) { return valueAndGrad(trace(f, specs)); }
    public static Compiled valueAndGrad(Fn4 f, Spec... specs) { return valueAndGrad(trace(f, specs)); }

    /**
     * Every output's Jacobian with respect to each wrt input ({@link Transform#JACOBIAN}).
     *
     * @throws IllegalArgumentException when an output is not floating-point, or for a bad wrt name
     */
    public static Compiled jacobian(Traced f, String... wrt) {
        return build(Transform.JACOBIAN, f.graph(), wrt);
    }

    public static Compiled jacobian(Fn1 f, Spec... specs) { return jacobian(trace(f, specs)); }
    public static Compiled jacobian(Fn2 f, Spec... specs) { return jacobian(trace(f, specs)); }
    public static Compiled jacobian(Fn3 f, Spec... specs) { return jacobian(trace(f, specs)); }
    public static Compiled jacobian(Fn4 f, Spec... specs) { return jacobian(trace(f, specs)); }

    /** The Hessian blocks of a scalar function ({@link Transform#HESSIAN}); the same conditions as {@link #grad}. */
    public static Compiled hessian(Traced f, String... wrt) {
        return build(Transform.HESSIAN, f.graph(), wrt);
    }

    public static Compiled hessian(Fn1 f, Spec... specs) { return hessian(trace(f, specs)); }
    public static Compiled hessian(Fn2 f, Spec... specs) { return hessian(trace(f, specs)); }
    public static Compiled hessian(Fn3 f, Spec... specs) { return hessian(trace(f, specs)); }
    public static Compiled hessian(Fn4 f, Spec... specs) { return hessian(trace(f, specs)); }

    /**
     * The Jacobian-vector product ({@link Transform#JVP}): inputs are f's inputs then one tangent per
     * wrt input; outputs f's outputs then J·v for each.
     *
     * @throws IllegalArgumentException when an output is not floating-point, or for a bad wrt name
     */
    public static Compiled jvp(Traced f, String... wrt) {
        return build(Transform.JVP, f.graph(), wrt);
    }

    public static Compiled jvp(Fn1 f, Spec... specs) { return jvp(trace(f, specs)); }
    public static Compiled jvp(Fn2 f, Spec... specs) { return jvp(trace(f, specs)); }
    public static Compiled jvp(Fn3 f, Spec... specs) { return jvp(trace(f, specs)); }
    public static Compiled jvp(Fn4 f, Spec... specs) { return jvp(trace(f, specs)); }

    /**
     * The vector-Jacobian product ({@link Transform#VJP}): inputs are f's inputs then one cotangent per
     * output; outputs f's outputs then uᵀJ for each wrt input.
     *
     * @throws IllegalArgumentException when an output is not floating-point, or for a bad wrt name
     */
    public static Compiled vjp(Traced f, String... wrt) {
        return build(Transform.VJP, f.graph(), wrt);
    }

    public static Compiled vjp(Fn1 f, Spec... specs) { return vjp(trace(f, specs)); }
    public static Compiled vjp(Fn2 f, Spec... specs) { return vjp(trace(f, specs)); }
    public static Compiled vjp(Fn3 f, Spec... specs) { return vjp(trace(f, specs)); }
    public static Compiled vjp(Fn4 f, Spec... specs) { return vjp(trace(f, specs)); }

    // ---- cache -----------------------------------------------------------------------------------------

    /** How many compiled functions the cache holds. */
    public static int cacheSize() {
        return CACHE.size();
    }

    /** Empties the cache (the next compile of any graph compiles afresh). */
    public static void clearCache() {
        CACHE.clear();
    }

    // ---- internals -------------------------------------------------------------------------------------

    /** Transforms, optimises and compiles {@code f}, or returns the cached result of doing so. */
    static Compiled build(Transform kind, Graph f, String[] wrt) {
        for (String w : wrt) Objects.requireNonNull(w, "wrt name");
        int[] positions = Transforms.resolveWrt(kind, f, wrt);
        JitCache.Key key = new JitCache.Key(kind, positions, f);
        Compiled cached = CACHE.get(key);
        if (cached != null) return cached;
        Graph g = PassManager.forCodegen().optimize(Transforms.apply(kind, f, positions));
        CompiledGraph code = BytecodeBackend.compile(g);
        return CACHE.putIfAbsent(key, new Compiled(kind, g, code, f, positions));
    }

    private static void arity(int n, Spec[] specs) {
        if (specs.length != n) {
            throw new IllegalArgumentException("the lambda takes " + n + " tensor" + (n == 1 ? "" : "s") + " but " + specs.length
                    + " spec" + (specs.length == 1 ? " was" : "s were") + " given; give one Spec per lambda parameter"
                    + (specs.length > 4 ? " (for more than four inputs use Jit.traceN or Jit.traceMulti)" : ""));
        }
    }

    /** Whether the text defines functions: {@code fn} is a keyword, so outside comments it only starts one. */
    private static boolean definesFunctions(String source) {
        return source.replaceAll("#[^\\n]*", "").matches("(?s).*\\bfn\\b.*");
    }
}
