package dev.fluxion.compiler.print;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.print.MathSyntax.Expr;
import dev.fluxion.compiler.print.MathSyntax.Ref;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a graph as math text in the Fluxion expression language, e.g. the gradient of
 * {@code x^3 * y^2} as {@code 3 * x^2 * y^2}. The text is meant for people and for the
 * expression-language parser, so the syntax is small and regular:
 *
 * <pre>
 * text     : (letLine NEWLINE)* result
 * letLine  : 'let' NAME '=' expr
 * result   : expr | '(' ')' | '(' expr (',' expr)+ ')'          several outputs form a tuple
 * expr     : add (('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') add)?    comparisons: non-associative
 * add      : mul (('+' | '-') mul)*                              left-associative
 * mul      : unary (('*' | '/' | '@') unary)*                    left-associative; '@' is matmul
 * unary    : '-' unary | power
 * power    : postfix ('^' unary)?                                right-associative: a^b^c = a^(b^c)
 * postfix  : primary ('\'' | '[' slice (',' slice)* ']')*       x' transposes a matrix; x[1:3, ::2] slices
 * slice    : INT? ':' INT? (':' INT)?                            start, stop, step; omitted: 0, the end, 1
 * primary  : NUMBER | 'inf' | 'nan' | 'true' | 'false' | NAME
 *          | NAME '(' arg (',' arg)* ')'                          a call of an op by its name
 *          | '(' expr ')' | literal
 * arg      : expr | tuple | DTYPE | NAME '=' (tuple | 'true' | DTYPE)
 * tuple    : '(' (INT (',' INT)*)? ')'                            (2) is a one-element tuple where a tuple is expected
 * literal  : '[' (NUMBER | literal) (',' (NUMBER | literal))* ']'  row-major nested brackets, f64
 * </pre>
 *
 * Consequences of the grammar: unary minus binds looser than {@code ^} ({@code -x^2} is
 * {@code -(x^2)}, {@code (-x)^2} needs its parentheses), an exponent may be negated without
 * parentheses ({@code 2^-x}), and a minus sign written right before a number is part of the
 * number: {@code -2} is the constant -2, which needs parentheses as a base ({@code (-2)^x}), and the
 * negation of the constant 2 prints as {@code -(2)}. Parentheses are printed exactly where the parse tree
 * needs them, so the text reads back into the same tree: {@code a - (b - c)}, {@code a / (b * c)},
 * {@code (a^b)^c}, and also {@code a + (b + c)}, since floating-point addition is not associative.
 *
 * <p>What each op prints as:
 * <ul>
 *   <li>{@code neg add sub mul div pow matmul lt le gt ge eq ne}: the operators above;
 *   <li>every other elementwise op, {@code where} and {@code dot}: a call by the op's name,
 *       {@code sin(x)}, {@code maximum(a, b)}, {@code where(c, a, b)}, {@code cast(x, f32)};
 *   <li>reductions: {@code sum(x)} over all axes, {@code sum(x, 1)}, {@code logsumexp(x, (0, 2), keepdim=true)};
 *   <li>shape ops: {@code reshape(x, (2, 3))}, {@code broadcast_to(x, (2, 3))}, {@code x'} for a 2-D
 *       transpose and {@code transpose(x, (2, 0, 1))} otherwise, {@code squeeze(x, 0)},
 *       {@code unsqueeze(x, (0, 2))}, {@code x[1:3, ::2]}, {@code pad(x, lo=(1), hi=(2), interior=(0))},
 *       {@code gather(x, 1, i)}, {@code scatter_add(base, 1, i, src)}, {@code concat(0, a, b)},
 *       {@code stack(0, a, b)};
 *   <li>leaves: an input by its name; a 0-d constant as the shortest number that reads back as the
 *       same double ({@link NumberText}: {@code 2}, {@code 0.5}, {@code 1e-300}, {@code inf},
 *       {@code nan}), which takes its dtype from where it is used; a tensor constant as a bracket
 *       literal {@code [[1, 2], [3, 4]]} (wrapped in {@code cast(…, i64)} when not f64; an empty one
 *       as {@code full((0, 3), 0)}); {@code full((2, 3), 0.5)}, {@code eye(3)}, {@code eye(2, 3)},
 *       {@code arange(0, 5, 1)}, with {@code , dtype=f32} before the {@code )} when not f64.
 * </ul>
 *
 * <p>Sharing: a node used more than once (by other nodes or as an output), other than an input or
 * a 0-d constant, is bound once, {@code let t1 = …}, on its own line before first use, and referred
 * to by name; names are {@code t1, t2, …} in node order, skipping input names. Every node's text
 * thus appears once, and the text is linear in the graph's size even when the expression tree it
 * denotes is exponential. Nodes no output depends on are not printed. Inputs named {@code let},
 * {@code fn}, {@code inf}, {@code nan}, {@code true}, {@code false} or a dtype ({@code f64},
 * {@code f32}, {@code i64}, {@code bool}) would read back as those keywords.
 *
 * <p>No recursion: uses and liveness come from one backward sweep over node ids, each node's
 * template is built from its operands' ids, and the text is expanded with an explicit stack, so a
 * chain of any depth prints in linear time and constant Java stack.
 */
public final class MathPrinter {
    private MathPrinter() {}

    /** The math text of {@code g}: let lines, then the result expression (a tuple for several outputs). */
    public static String print(Graph g) {
        int n = g.size();
        boolean[] live = new boolean[n];
        int[] uses = new int[n];
        for (Node o : g.outputs()) {
            live[o.id()] = true;
            uses[o.id()]++;
        }
        // nodes are in topological order, so one backward sweep sees every user before its operands
        for (int id = n - 1; id >= 0; id--) {
            if (!live[id]) continue;
            Node node = g.node(id);
            for (int i = 0; i < node.arity(); i++) {
                int in = node.input(i).id();
                live[in] = true;
                uses[in]++;
            }
        }
        String[] names = letNames(g, live, uses);
        Expr[] exprs = new Expr[n];
        for (int id = 0; id < n; id++) {
            if (!live[id]) continue;
            Node node = g.node(id);
            boolean minusOperand = node.op() == Op.NEG && names[node.input(0).id()] == null
                    && MathSyntax.startsWithMinus(node.input(0));
            exprs[id] = MathSyntax.of(node, minusOperand);
        }
        StringBuilder sb = new StringBuilder(32 * n + 16);
        ArrayDeque<Object> stack = new ArrayDeque<>();
        for (int id = 0; id < n; id++) {
            if (names[id] == null) continue;
            sb.append("let ").append(names[id]).append(" = ");
            pushParts(stack, exprs[id].parts());   // the body itself, not its name
            expand(sb, stack, exprs, names);
            sb.append('\n');
        }
        List<Node> outputs = g.outputs();
        if (outputs.size() != 1) sb.append('(');
        for (int k = 0; k < outputs.size(); k++) {
            if (k > 0) sb.append(", ");
            stack.push(new Ref(outputs.get(k).id(), MathSyntax.TOP));
            expand(sb, stack, exprs, names);
        }
        if (outputs.size() != 1) sb.append(')');
        return sb.toString();
    }

    /** {@code t1, t2, …} for every live node used more than once that is not an input or a 0-d constant; null otherwise. */
    private static String[] letNames(Graph g, boolean[] live, int[] uses) {
        Set<String> taken = new HashSet<>();
        for (Node in : g.inputs()) taken.add(in.attrs().getString("name"));
        String[] names = new String[g.size()];
        int counter = 0;
        for (int id = 0; id < g.size(); id++) {
            Node node = g.node(id);
            if (!live[id] || uses[id] < 2 || node.op() == Op.INPUT || (node.op() == Op.CONST && node.rank() == 0)) continue;
            String name;
            do {
                name = "t" + (++counter);
            } while (taken.contains(name));
            names[id] = name;
        }
        return names;
    }

    /** Pushes a template's parts so that the first part is on top. */
    private static void pushParts(ArrayDeque<Object> stack, Object[] parts) {
        for (int i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    }

    /**
     * Appends everything on the stack: a string as it is, a reference to a bound node as its name,
     * any other reference as its template, in parentheses when its precedence is below the reference's.
     */
    private static void expand(StringBuilder sb, ArrayDeque<Object> stack, Expr[] exprs, String[] names) {
        while (!stack.isEmpty()) {
            Object part = stack.pop();
            if (part instanceof String) {
                sb.append((String) part);
                continue;
            }
            Ref ref = (Ref) part;
            if (names[ref.id()] != null) {
                sb.append(names[ref.id()]);
                continue;
            }
            Expr e = exprs[ref.id()];
            boolean parens = e.prec() < ref.minPrec();
            if (parens) stack.push(")");
            pushParts(stack, e.parts());
            if (parens) stack.push("(");
        }
    }
}
