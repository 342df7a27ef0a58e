package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import javax.lang.model.SourceVersion;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Readable names for the locals and buffers generated code keeps a graph's nodes in, so exported
 * source reads like hand-written code: inputs keep their names ({@code x}), other nodes are named
 * after their op and what they are computed from ({@code sin_x}, {@code x_mul_y}, {@code x_pow_3}),
 * or, when that would be long, after their op and the graph inputs they derive from
 * ({@code mul_x_y}).
 *
 * <p>Every name is a valid Java identifier of at most {@value #MAX_LENGTH} characters (an input's
 * own name may be longer), unique within the graph, and never {@linkplain #isReserved reserved}:
 * never a keyword or literal, never {@code in}, {@code out} or {@code work} (the parameters of
 * generated methods), never the name of a class generated code refers to ({@code Math},
 * {@code Double}, {@code java}, …) or of a special function, and never {@code i}, {@code j},
 * {@code k} or {@code acc} alone or followed by digits, which are left for the lowering's loop
 * indices and accumulators. Duplicates get
 * {@code _2}, {@code _3}, … appended.
 */
public final class LocalNames {
    private LocalNames() {}

    private static final int[] NO_DEPS = new int[0];

    /** Longest derived name; longer candidates fall back to shorter forms. */
    public static final int MAX_LENGTH = 16;

    /** How many graph inputs a node's "derived from" list names before it is considered too broad to name. */
    private static final int MAX_DEPS = 3;

    private static final Set<String> RESERVED = new HashSet<>(Set.of(
            "in", "out", "work", "Math", "Double", "Integer", "Long", "Float", "String", "System", "Object",
            "java", "javax", "IndexOutOfBoundsException", "IllegalArgumentException", "decode",
            "erfcContinuedFraction", "TWO_OVER_SQRT_PI", "SQRT_PI"));

    static {
        for (MathFunction f : MathFunction.values()) RESERVED.add(f.methodName());
    }

    /** Short forms of op names that would otherwise crowd out the operands' names. */
    private static final Map<Op, String> SHORT = new EnumMap<>(Op.class);

    static {
        SHORT.put(Op.BROADCAST_TO, "bcast");
        SHORT.put(Op.SCATTER_ADD, "scatter");
        SHORT.put(Op.LOGSUMEXP, "lse");
        SHORT.put(Op.RECIPROCAL, "recip");
        SHORT.put(Op.UNSQUEEZE, "unsq");
        SHORT.put(Op.TRANSPOSE, "transp");
        SHORT.put(Op.RESHAPE, "reshape");
        SHORT.put(Op.CONST, "c");
    }

    /**
     * A name per node of {@code g}, indexed by node id (ids are dense: node {@code i} has id
     * {@code i}). Runs in time linear in the graph's size, without recursion.
     */
    public static String[] of(Graph g) {
        int n = g.size();
        String[] names = new String[n];
        // Sized for every name at once: a name is asked for per node, and rehashing would repeat the work.
        Set<String> taken = new HashSet<>(2 * n);
        Map<String, Integer> next = new java.util.HashMap<>();
        // Inputs first, so derived names never take an input's name.
        for (Node in : g.inputs()) {
            String name = unique(sanitize(in.attrs().getString("name")), taken, next);
            names[in.id()] = name;
        }
        int[][] deps = new int[n][];
        for (int k = 0; k < g.inputs().size(); k++) deps[g.input(k).id()] = new int[] {k};
        for (int id = 0; id < n; id++) {
            Node node = g.node(id);
            if (node.op() == Op.INPUT) continue;
            deps[id] = union(node, deps);
            names[id] = unique(derivedName(g, node, names, deps[id]), taken, next);
        }
        return names;
    }

    /**
     * {@code name} made a valid, unreserved Java identifier: characters other than ASCII letters,
     * digits and {@code _} become {@code _}, a leading digit gets a {@code _} before it, and a
     * reserved name gets one after it ({@code in} becomes {@code in_}).
     */
    public static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, '_');
        String s = sb.toString();
        while (isReserved(s)) s = s + "_";
        return s;
    }

    /**
     * True for names generated code must not give a local: Java keywords and literals (and
     * {@code _}), the generated methods' parameters {@code in}, {@code out}, {@code work}, classes
     * and packages generated code names, the special functions' helper names, and the lowering's
     * loop-index and accumulator names: {@code i}, {@code j}, {@code k}, {@code acc}, optionally
     * followed by digits.
     */
    public static boolean isReserved(String name) {
        return SourceVersion.isKeyword(name) || name.equals("_") || RESERVED.contains(name) || isLoopIndex(name);
    }

    /** {@code (i|j|k|acc)[0-9]*}, matched by hand: a regex matcher per generated name costs more than the rest of naming. */
    private static boolean isLoopIndex(String name) {
        int digits;
        if (name.startsWith("acc")) digits = 3;
        else if (name.length() > 0 && (name.charAt(0) == 'i' || name.charAt(0) == 'j' || name.charAt(0) == 'k')) digits = 1;
        else return false;
        for (int p = digits; p < name.length(); p++) {
            char c = name.charAt(p);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    // ---- derived names ------------------------------------------------------------------------------

    /** The preferred name of a non-input node, before deduplication. */
    private static String derivedName(Graph g, Node node, String[] names, int[] deps) {
        Op op = node.op();
        String opName = SHORT.getOrDefault(op, op.text());
        // Lengths are checked before concatenating: in a large graph most candidates are too long.
        switch (op.kind()) {
            case LEAF:
                if (opName.length() <= MAX_LENGTH) return opName;
                break;
            case UNARY:
            case REDUCE:
                String operand = token(node.input(0), names);
                if (opName.length() + 1 + operand.length() <= MAX_LENGTH) return opName + "_" + operand;
                break;
            case BINARY:
            case COMPARE:
            case LINALG:
                String left = token(node.input(0), names), right = token(node.input(1), names);
                if (opName.length() + left.length() + right.length() + 2 <= MAX_LENGTH) return infix(opName, left, right);
                break;
            case SHAPE:
                if (node.arity() != 1) break;
                String shaped = token(node.input(0), names);
                if (opName.length() + 1 + shaped.length() <= MAX_LENGTH) return opName + "_" + shaped;
                break;
            default: // SELECT: named after its inputs
                break;
        }
        return fromDeps(g, opName, deps, names);
    }

    /** {@code x_mul_y}; {@code mul_2_x} when the left operand is a number, since a name cannot start with a digit. */
    private static String infix(String opName, String left, String right) {
        return Character.isDigit(left.charAt(0)) ? opName + "_" + left + "_" + right : left + "_" + opName + "_" + right;
    }

    /** {@code op_x_y} naming the graph inputs the node derives from, as many as fit; just {@code op} when none fit. */
    private static String fromDeps(Graph g, String opName, int[] deps, String[] names) {
        if (deps == null) return opName;   // derives from too many inputs to name them (the op's own string: its hash is cached)
        StringBuilder sb = new StringBuilder(opName);
        for (int k : deps) {
            String in = names[g.input(k).id()];
            if (sb.length() + 1 + in.length() > MAX_LENGTH) break;
            sb.append('_').append(in);
        }
        return sb.toString();
    }

    /**
     * How a node appears inside its users' names: its own name, or for a scalar constant its value
     * when that is a small integer ({@code 3}, {@code m1} for -1), else {@code c}.
     */
    private static String token(Node operand, String[] names) {
        if (operand.op() == Op.CONST || operand.op() == Op.FULL) {
            double v = operand.op() == Op.FULL ? operand.attrs().getDouble("value") : uniformValue(operand);
            if (v == Math.rint(v) && Math.abs(v) < 1000) {
                long l = (long) v;
                return l < 0 ? "m" + (-l) : Long.toString(l);
            }
            return "c";
        }
        return names[operand.id()];
    }

    /** The value every element of a CONST holds, or NaN when they differ (or there are none). */
    private static double uniformValue(Node c) {
        int count = c.type().numel(); // a const holds exactly numel values; read in place rather than copied
        if (count == 0) return Double.NaN;
        double first = c.attrs().getDoubleAt("value", 0);
        for (int i = 1; i < count; i++) if (Double.compare(c.attrs().getDoubleAt("value", i), first) != 0) return Double.NaN;
        return first;
    }

    /**
     * The sorted input positions a node derives from, the union of its operands'; null when more
     * than {@link #MAX_DEPS} (too broad to be worth naming), and empty for constants.
     */
    private static int[] union(Node node, int[][] deps) {
        int[] acc = NO_DEPS;
        for (int i = 0; i < node.arity(); i++) {
            int[] d = deps[node.input(i).id()];
            if (d == null) return null;
            acc = mergeSorted(acc, d);
            if (acc.length > MAX_DEPS) return null;
        }
        return acc;
    }

    private static int[] mergeSorted(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length) {
            int next;
            if (j >= b.length || (i < a.length && a[i] < b[j])) next = a[i++];
            else if (i >= a.length || b[j] < a[i]) next = b[j++];
            else {
                next = a[i++];
                j++;
            }
            r[k++] = next;
        }
        return java.util.Arrays.copyOf(r, k);
    }

    /**
     * {@code base}, or {@code base_2}, {@code base_3}, … whichever is free first; reserves it. The
     * next suffix to try is remembered per base, so a name used n times costs O(n) in all.
     */
    private static String unique(String base, Set<String> taken, Map<String, Integer> next) {
        if (isReserved(base)) base = base + "_";
        Integer known = next.get(base); // set only once base itself is taken, so then there is no need to try it
        if (known == null && taken.add(base)) return base;
        int k = known == null ? 2 : known;
        String name = base + "_" + k;
        while (!taken.add(name)) name = base + "_" + ++k;
        next.put(base, k + 1);
        return name;
    }
}
