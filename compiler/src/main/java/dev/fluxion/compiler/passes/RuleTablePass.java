package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A rewrite pass driven by a table of rules keyed by op; the first rule that matches wins. */
public abstract class RuleTablePass extends RewritePass {
    private final Map<Op, List<RewriteRule>> rules = new EnumMap<>(Op.class);
    /** The rules as arrays indexed by op ordinal, made on first use: every node of every sweep looks its op up. */
    private volatile RewriteRule[][] byOp;

    protected final void rule(Op op, RewriteRule r) {
        rules.computeIfAbsent(op, k -> new ArrayList<>()).add(r);
        byOp = null;
    }

    /** Number of rules in the table (for documentation and tests). */
    public int ruleCount() {
        int n = 0;
        for (List<RewriteRule> l : rules.values()) n += l.size();
        return n;
    }

    /** How often a node's replacement is itself rewritten in one sweep; rounds of the pass manager do the rest. */
    private static final int CHAIN_LIMIT = 8;

    @Override
    protected Node rewrite(GraphBuilder b, Node original, Node[] args) {
        Node result = null;
        Node current = original;
        Node[] currentArgs = args;
        for (int step = 0; step < CHAIN_LIMIT; step++) {
            Node out = firstMatch(b, current, currentArgs);
            if (out == null || out == result) break;
            result = out;
            current = out;
            currentArgs = new Node[out.arity()];
            for (int i = 0; i < currentArgs.length; i++) currentArgs[i] = out.input(i);
        }
        return result;
    }

    private Node firstMatch(GraphBuilder b, Node n, Node[] args) {
        RewriteRule[][] table = byOp;
        if (table == null) byOp = table = table();
        for (RewriteRule r : table[n.op().ordinal()]) {
            Node out = r.apply(b, n, args);
            if (out != null) return out;
        }
        return null;
    }

    private RewriteRule[][] table() {
        Op[] ops = Op.values();
        RewriteRule[][] table = new RewriteRule[ops.length][];
        for (Op op : ops) table[op.ordinal()] = rules.getOrDefault(op, List.of()).toArray(new RewriteRule[0]);
        return table;
    }
}
