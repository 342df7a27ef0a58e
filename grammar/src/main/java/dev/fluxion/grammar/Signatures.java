package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Op;
import dev.fluxion.grammar.FluxionParser.ArgumentContext;

import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call signature of every op callable by name: its parameters in order, each a tensor or an
 * attribute, optional or not. Arguments bind as in Python: positional ones in order, then
 * keywords by name ({@code sum(x, 1, keepdim=true)}, {@code full((2, 3), 0, dtype=f32)}).
 * {@code input} and {@code const} have no call form: parameters and free variables are inputs,
 * numbers and bracket literals are constants.
 */
final class Signatures {
    private Signatures() {}

    /** What an argument holds. */
    enum Kind {
        /** An expression evaluated to a node. */
        TENSOR,
        /** All remaining positional arguments, each a tensor (at least one). */
        TENSORS,
        /** An integer constant, e.g. an axis. */
        INT,
        /** Integer constants: a tuple or one integer. */
        INTS,
        /** A number constant. */
        NUMBER,
        /** {@code true} or {@code false}. */
        FLAG,
        /** {@code f64}, {@code f32}, {@code i64} or {@code bool}. */
        DTYPE
    }

    record Param(String name, Kind kind, boolean optional) {}

    private static final Map<Op, List<Param>> TABLE = new EnumMap<>(Op.class);

    private static Param p(String name, Kind kind) {
        return new Param(name, kind, false);
    }

    private static Param opt(String name, Kind kind) {
        return new Param(name, kind, true);
    }

    private static void put(Op op, Param... params) {
        TABLE.put(op, List.of(params));
    }

    static {
        for (Op op : Op.values()) {
            switch (op.kind()) {
                // ---- elementwise and linear algebra: tensors only ----
                case UNARY: put(op, p("x", Kind.TENSOR)); break;
                case BINARY: case COMPARE: case LINALG: put(op, p("a", Kind.TENSOR), p("b", Kind.TENSOR)); break;
                case SELECT: put(op, p("cond", Kind.TENSOR), p("a", Kind.TENSOR), p("b", Kind.TENSOR)); break;
                // ---- reductions: all axes unless given ----
                case REDUCE: put(op, p("x", Kind.TENSOR), opt("axes", Kind.INTS), opt("keepdim", Kind.FLAG)); break;
                default: break;
            }
        }
        put(Op.CAST, p("x", Kind.TENSOR), p("dtype", Kind.DTYPE));
        // ---- shape ops: attributes as the IR names them ----
        put(Op.RESHAPE, p("x", Kind.TENSOR), p("shape", Kind.INTS));
        put(Op.BROADCAST_TO, p("x", Kind.TENSOR), p("shape", Kind.INTS));
        put(Op.TRANSPOSE, p("x", Kind.TENSOR), opt("perm", Kind.INTS));
        put(Op.SQUEEZE, p("x", Kind.TENSOR), opt("axes", Kind.INTS));
        put(Op.UNSQUEEZE, p("x", Kind.TENSOR), p("axes", Kind.INTS));
        put(Op.SLICE, p("x", Kind.TENSOR), p("start", Kind.INTS), p("stop", Kind.INTS), opt("step", Kind.INTS));
        put(Op.PAD, p("x", Kind.TENSOR), p("lo", Kind.INTS), p("hi", Kind.INTS), opt("interior", Kind.INTS));
        put(Op.GATHER, p("x", Kind.TENSOR), p("axis", Kind.INT), p("index", Kind.TENSOR));
        put(Op.SCATTER_ADD, p("base", Kind.TENSOR), p("axis", Kind.INT), p("index", Kind.TENSOR), p("src", Kind.TENSOR));
        put(Op.CONCAT, p("axis", Kind.INT), p("xs", Kind.TENSORS));
        put(Op.STACK, p("axis", Kind.INT), p("xs", Kind.TENSORS));
        // ---- leaves ----
        put(Op.FULL, p("shape", Kind.INTS), p("value", Kind.NUMBER), opt("dtype", Kind.DTYPE));
        put(Op.EYE, p("n", Kind.INT), opt("m", Kind.INT), opt("dtype", Kind.DTYPE));
        put(Op.ARANGE, p("start", Kind.NUMBER), opt("stop", Kind.NUMBER), opt("step", Kind.NUMBER), opt("dtype", Kind.DTYPE));
    }

    /** The op called {@code name}, or null when no op of that name can be called. */
    static Op callable(String name) {
        Op op = Op.fromText(name);
        return op != null && TABLE.containsKey(op) ? op : null;
    }

    /** The names of every callable op. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Op op : TABLE.keySet()) names.add(op.text());
        return names;
    }

    static List<Param> of(Op op) {
        return TABLE.get(op);
    }

    /** {@code sum(x, axes?, keepdim?)}, for messages and the language reference. */
    static String usage(Op op) {
        StringBuilder sb = new StringBuilder(op.text()).append('(');
        List<Param> params = TABLE.get(op);
        for (int i = 0; i < params.size(); i++) {
            Param q = params.get(i);
            sb.append(i > 0 ? ", " : "").append(q.name()).append(q.kind() == Kind.TENSORS ? "..." : "").append(q.optional() ? "?" : "");
        }
        return sb.append(')').toString();
    }

    /** Arguments bound to parameters: one argument per single parameter, a list for {@link Kind#TENSORS}. */
    record Bound(Map<String, ArgumentContext> single, List<ArgumentContext> rest) {
        ArgumentContext get(String name) {
            return single.get(name);
        }

        boolean has(String name) {
            return single.containsKey(name);
        }
    }

    /**
     * Binds call arguments to {@code op}'s parameters.
     *
     * @throws FluxionSyntaxException for too many or too few arguments, an unknown or repeated
     *     keyword, or a positional argument after a keyword one
     */
    static Bound bind(Op op, Token callee, List<ArgumentContext> args, SourceText source) {
        List<Param> params = TABLE.get(op);
        Map<String, ArgumentContext> single = new HashMap<>();
        List<ArgumentContext> rest = new ArrayList<>();
        int position = 0;
        boolean keywords = false;
        for (ArgumentContext a : args) {
            if (a.keyword != null) {
                keywords = true;
                String name = a.keyword.getText();
                Param q = params.stream().filter(x -> x.name().equals(name) && x.kind() != Kind.TENSORS).findFirst().orElse(null);
                if (q == null) {
                    List<String> names = params.stream().map(Param::name).toList();
                    throw source.error(a.keyword, op + " has no argument '" + name + "'" + Suggestions.hint(name, names)
                            + "; it takes " + usage(op));
                }
                if (single.put(name, a) != null) throw source.error(a.keyword, "argument '" + name + "' is given twice");
                continue;
            }
            if (keywords) throw source.error(a.getStart(), "a positional argument cannot follow a keyword argument");
            if (position < params.size() && params.get(position).kind() == Kind.TENSORS) {
                rest.add(a);
                continue;
            }
            if (position >= params.size()) {
                boolean allRequired = params.stream().noneMatch(Param::optional);
                throw source.error(callee, op + " takes " + (allRequired ? "" : "at most ") + params.size() + " argument"
                        + (params.size() == 1 ? "" : "s") + " but got " + args.size() + ": " + usage(op));
            }
            single.put(params.get(position++).name(), a);
        }
        for (Param q : params) {
            boolean given = q.kind() == Kind.TENSORS ? !rest.isEmpty() : single.containsKey(q.name());
            if (!given && !q.optional()) {
                throw source.error(callee, op + " is missing argument '" + q.name() + "': " + usage(op));
            }
        }
        return new Bound(single, Collections.unmodifiableList(rest));
    }
}
