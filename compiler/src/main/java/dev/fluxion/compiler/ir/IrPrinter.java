package dev.fluxion.compiler.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a graph in Fluxion's jaxpr-like IR text, which {@link IrParser} reads back:
 *
 * <pre>
 * { lambda x:f64[], y:f64[3] .
 *   let
 *     a:f64[3] = mul x y
 *     b:f64[] = sum[axes=(0), keepdim=false] a
 *   in (b) }
 * </pre>
 *
 * Inputs keep their names; other values are named {@code a, b, …, z, ba, bb, …} in order, skipping
 * input names and keywords, so the text of a graph is stable. Iterative: any graph size prints.
 */
public final class IrPrinter {
    private static final Set<String> KEYWORDS = Set.of("lambda", "let", "in");

    private IrPrinter() {}

    public static String print(Graph g) {
        String[] names = names(g);
        StringBuilder sb = new StringBuilder(64 + 40 * g.size());
        sb.append("{ lambda ");
        List<Node> inputs = g.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) sb.append(", ");
            Node in = inputs.get(i);
            sb.append(names[in.id()]).append(':').append(in.type());
        }
        sb.append(" .\n  let\n");
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            sb.append("    ").append(names[n.id()]).append(':').append(n.type()).append(" = ").append(n.op().text());
            Attrs a = n.attrs();
            if (a.size() > 0) {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(a.name(i)).append('=').append(a.valueText(i));
                }
                sb.append(']');
            }
            for (int i = 0; i < n.arity(); i++) sb.append(' ').append(names[n.input(i).id()]);
            sb.append('\n');
        }
        sb.append("  in (");
        for (int i = 0; i < g.outputs().size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(names[g.output(i).id()]);
        }
        return sb.append(") }\n").toString();
    }

    /** The printed name of every node, indexed by id. */
    public static String[] names(Graph g) {
        String[] names = new String[g.size()];
        Set<String> taken = new HashSet<>(KEYWORDS);
        for (Node in : g.inputs()) {
            names[in.id()] = in.attrs().getString("name");
            taken.add(names[in.id()]);
        }
        long counter = 0;
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            String name;
            do {
                name = letters(counter++);
            } while (taken.contains(name));
            names[n.id()] = name;
        }
        return names;
    }

    /** 0 → a, 25 → z, 26 → ba, …: base-26 digits with a as zero, as jaxpr names values. */
    static String letters(long k) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + k % 26));
            k /= 26;
        } while (k > 0);
        return sb.reverse().toString();
    }
}
