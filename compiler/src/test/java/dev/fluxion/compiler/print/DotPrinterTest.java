package dev.fluxion.compiler.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.List;
import org.junit.jupiter.api.Test;

class DotPrinterTest {

    @Test
    void writesNodesEdgesAndOutputs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node y = b.input("y", DType.F64);
        Graph g = b.build(b.mul(b.sin(x), y));
        String expected = """
                digraph fluxion {
                  rankdir=TB;
                  node [fontname="monospace"];
                  n0 [label="x\\nf64[]", shape=ellipse];
                  n1 [label="y\\nf64[]", shape=ellipse];
                  n2 [label="a = sin\\nf64[]", shape=box];
                  n0 -> n2;
                  n3 [label="b = mul\\nf64[]", shape=box];
                  n2 -> n3 [label="0"];
                  n1 -> n3 [label="1"];
                  out0 [label="out 0", shape=plaintext];
                  n3 -> out0;
                }
                """;
        assertEquals(expected, DotPrinter.print(g));
    }

    @Test
    void leavesAttributesAndDeadNodes() {
        GraphBuilder b = new GraphBuilder();
        Node v = b.input("v", DType.F64, 3);
        Node dead = b.exp(v);
        Node s = b.apply(Op.SUM, dev.fluxion.compiler.ir.Attrs.of("axes", new int[] {0}, "keepdim", false), v);
        Node c = b.constant(2.0);
        Graph g = b.build(List.of(b.mul(s, c), s));
        String dot = DotPrinter.print(g);
        assertTrue(dot.contains("sum[axes=(0), keepdim=false]\\nf64[]"), dot);
        assertTrue(dot.contains("shape=box, style=rounded"), dot);
        assertTrue(dot.contains("out1 [label=\"out 1\""), dot);
        assertFalse(dot.contains("exp"), "dead node drawn: " + dot);
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertEquals("a\\\"b\\\\c\\nd", DotPrinter.escape("a\"b\\c\nd"));
    }

    @Test
    void longChainPrintsWithoutRecursion() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node n = x;
        for (int i = 0; i < 200_000; i++) n = b.sin(n);
        String dot = DotPrinter.print(b.build(n));
        assertTrue(dot.endsWith("-> out0;\n}\n"));
    }
}
