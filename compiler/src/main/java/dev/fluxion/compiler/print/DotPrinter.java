package dev.fluxion.compiler.print;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

/**
 * Writes a graph as a Graphviz DOT digraph, for {@code dot -Tsvg}:
 *
 * <pre>
 * digraph fluxion {
 *   rankdir=TB;
 *   node [fontname="monospace"];
 *   n0 [label="x\nf64[]", shape=ellipse];
 *   n2 [label="a = mul\nf64[]", shape=box];
 *   n0 -> n2 [label="0"];
 *   out0 [label="out 0", shape=plaintext];
 *   n2 -> out0;
 * }
 * </pre>
 *
 * Inputs are ellipses, constants and other leaves are rounded boxes, operations are boxes named as
 * {@link IrPrinter} names them (attributes follow the op name). Edges run from operand to user and
 * carry the operand position when the op takes more than one operand. Only nodes some output
 * depends on are drawn. Iterative (one backward liveness sweep, one forward write): any graph size
 * prints without recursion.
 */
public final class DotPrinter {
    private DotPrinter() {}

    /** The DOT text of {@code g}, ending in a newline. */
    public static String print(Graph g) {
        String[] names = IrPrinter.names(g);
        boolean[] live = new boolean[g.size()];
        for (Node o : g.outputs()) live[o.id()] = true;
        // Node ids are topological, so a backward sweep sees every user before its operands.
        for (int id = g.size() - 1; id >= 0; id--) {
            if (!live[id]) continue;
            for (Node in : g.node(id).inputs()) live[in.id()] = true;
        }
        // Inputs are drawn even when unused: they are the function's signature.
        for (Node in : g.inputs()) live[in.id()] = true;

        StringBuilder sb = new StringBuilder(64 + 60 * g.size());
        sb.append("digraph fluxion {\n  rankdir=TB;\n  node [fontname=\"monospace\"];\n");
        for (Node n : g.nodes()) {
            if (!live[n.id()]) continue;
            sb.append("  n").append(n.id()).append(" [label=\"").append(escape(label(n, names))).append("\", shape=")
                    .append(shape(n)).append("];\n");
            for (int i = 0; i < n.arity(); i++) {
                sb.append("  n").append(n.input(i).id()).append(" -> n").append(n.id());
                if (n.arity() > 1) sb.append(" [label=\"").append(i).append("\"]");
                sb.append(";\n");
            }
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            sb.append("  out").append(i).append(" [label=\"out ").append(i).append("\", shape=plaintext];\n");
            sb.append("  n").append(g.output(i).id()).append(" -> out").append(i).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String label(Node n, String[] names) {
        if (n.op() == Op.INPUT) return names[n.id()] + "\n" + n.type();
        StringBuilder sb = new StringBuilder(names[n.id()]).append(" = ").append(n.op().text());
        Attrs a = n.attrs();
        for (int i = 0; i < a.size(); i++) {
            sb.append(i == 0 ? "[" : ", ").append(a.name(i)).append('=').append(a.valueText(i));
        }
        if (a.size() > 0) sb.append(']');
        return sb.append('\n').append(n.type()).toString();
    }

    private static String shape(Node n) {
        if (n.op() == Op.INPUT) return "ellipse";
        return n.op().kind() == Op.Kind.LEAF ? "box, style=rounded" : "box";
    }

    /** DOT string escaping: quotes and backslashes escaped, line breaks as {@code \n}. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
