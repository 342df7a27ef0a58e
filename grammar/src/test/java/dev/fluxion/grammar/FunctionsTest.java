package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertSameGraph;
import static dev.fluxion.grammar.Graphs.eval;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Source files: function definitions, typed parameters, several functions and calls between them. */
class FunctionsTest {

    @Test
    void parametersAreTheInputsInOrderWithTheirTypes() {
        Graph g = Source.parse("fn f(x: f64[3], A: f64[3,3], s, n: i64[2], b: bool, h: f32[], e: f64[0, 2]) = s").function("f");
        List<TensorType> types = g.inputs().stream().map(Node::type).toList();
        assertEquals(List.of(TensorType.of(DType.F64, 3), TensorType.of(DType.F64, 3, 3), TensorType.scalar(DType.F64),
                TensorType.of(DType.I64, 2), TensorType.scalar(DType.BOOL), TensorType.scalar(DType.F32),
                TensorType.of(DType.F64, 0, 2)), types);
        assertEquals(List.of("x", "A", "s", "n", "b", "h", "e"), g.inputs().stream().map(n -> n.attrs().getString("name")).toList());
    }

    @Test
    void aFunctionWithLetLinesAndABlankLineBetweenFunctions() {
        Program p = Source.parse("# two functions\nfn rosen(x, y) =\n    let a = 1 - x\n    a^2 + 100 * (y - x^2)^2\n\n\n"
                + "fn twice(x) = 2 * x\n");
        assertEquals(List.of("rosen", "twice"), p.functionNames());
        assertEquals(101.0, eval(p.function("rosen"), 2, 3)[0]);
        assertEquals(6.0, eval(p.function("twice"), 3)[0]);
        assertEquals(List.of("a", "b"), Source.parse("fn a() = 1; fn b() = 2").functionNames());
    }

    @Test
    void functionsCallEachOtherInAnyOrderByInlining() {
        Program p = Source.parse("fn outer(u: f64[2]) = inner(u, 3) + inner(u * 2, 1)\nfn inner(v: f64[2], s) = sum(v) * s\n");
        GraphBuilder b = new GraphBuilder();
        Node u = b.input("u", DType.F64, 2);
        Graph expected = b.build(b.add(b.mul(b.sum(u), 3), b.mul(b.sum(b.mul(u, 2)), 1)));
        assertSameGraph(expected, p.function("outer"));
    }

    @Test
    void aFunctionWithSeveralResultsGivesATupleToPickFrom() {
        Program p = Source.parse("fn polar(x, y) = (sqrt(x^2 + y^2), atan2(y, x))\n"
                + "fn angle(x, y) =\n  let p = polar(x, y)\n  p[1]\nfn both(x) = polar(x, x)\nfn last(x) = polar(x, 1)[-1]");
        assertArrayEquals(new double[] {5, Math.atan2(4, 3)}, eval(p.function("polar"), 3, 4));
        assertEquals(Math.atan2(4, 3), eval(p.function("angle"), 3, 4)[0]);
        assertEquals(2, p.function("both").outputs().size());
        assertEquals(Math.atan2(1, 2), eval(p.function("last"), 2)[0]);
    }

    @Test
    void argumentsTakeTheParametersDType() {
        Program p = Source.parse("fn half(h: f32) = h * 0.5\nfn g(x: f32) = half(x) + half(2)");
        for (Node n : p.function("g").nodes()) assertEquals(DType.F32, n.dtype(), n.toString());
    }

    @Test
    void programListsAndLooksUpItsFunctions() {
        Program p = Source.parse("fn alpha(x) = x\nfn beta(x) = -x");
        assertTrue(p.hasFunction("alpha"));
        assertEquals(List.of("alpha", "beta"), List.copyOf(p.functions().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.function("alpah"));
        assertEquals("no function 'alpah' (did you mean 'alpha'?); the file defines alpha, beta", e.getMessage());
        assertEquals(List.of(), Source.parse("# nothing but a comment\n").functionNames());
    }
}
