package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Verifier;
import dev.fluxion.compiler.optable.OpSample;
import dev.fluxion.compiler.optable.OpTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.fluxion.compiler.optable.GradientChecks.assertClose;
import static dev.fluxion.compiler.optable.GradientChecks.numericGradient;
import static dev.fluxion.compiler.optable.GradientChecks.scalarize;
import static dev.fluxion.compiler.optable.GradientChecks.usesF32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The op table through reverse mode: for every sample, gradients from the transform against
 * five-point central differences, at first order and at second order (the transform re-applied to
 * its own output). f64 tolerance 1e-7 relative (central-difference error is about 1e-10 here);
 * samples with f32 values use 1e-3.
 */
class ReverseModeOpTableTest {
    /**
     * Samples where differences for the second order are meaningless: max at a tie is a kink (only the
     * first derivative's convention is defined), and around 0^2 the base turns negative, where aᵇ is
     * undefined for the non-integer exponents the differences step to.
     */
    private static final Set<String> FIRST_ORDER_ONLY = Set.of("max[ties]", "pow[0^2]");

    static List<OpSample> samples() {
        return OpTable.samples();
    }

    static List<OpSample> secondOrderSamples() {
        List<OpSample> s = new ArrayList<>();
        for (OpSample x : OpTable.samples()) if (!FIRST_ORDER_ONLY.contains(x.name())) s.add(x);
        return s;
    }

    @Test
    void tableCoversEveryOp() {
        Map<Op, List<OpSample>> byOp = OpTable.byOp();
        for (Op op : Op.values()) {
            if (op == Op.INPUT) continue;
            assertTrue(byOp.containsKey(op), "op table has no sample for " + op);
        }
    }

    @Test
    void everyOpHasAKernelAndADerivativeRuleOrIsNonDifferentiable() {
        for (Op op : Op.values()) {
            if (op != Op.INPUT) assertTrue(Kernels.has(op), "no interpreter kernel for " + op);
            assertTrue(DerivativeRules.hasRule(op) ^ DerivativeRules.NON_DIFFERENTIABLE.contains(op),
                    op + " must have a derivative rule or be listed as non-differentiable, not both");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void firstOrderMatchesCentralDifferences(OpSample sample) {
        Graph f = sample.graph();
        Verifier.verify(f);
        if (!f.output(0).dtype().isFloating()) {
            ReverseMode.Result r = ReverseMode.vjp(f, new ReverseMode.Options().cotangentInputs(false));
            for (boolean u : r.unused()) assertTrue(u, sample + ": a bool output must not depend differentiably on inputs");
            return;
        }
        checkGradient(sample, scalarize(f, 1), sample.inputs(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondOrderSamples")
    void secondOrderMatchesCentralDifferences(OpSample sample) {
        Graph f = sample.graph();
        if (!f.output(0).dtype().isFloating()) return;
        Graph grad = ReverseMode.grad(scalarize(f, 1));
        Verifier.verify(grad);
        checkGradient(sample, scalarize(grad, 2), sample.inputs(0));
    }

    private static void checkGradient(OpSample sample, Graph s, List<NDArray> args) {
        boolean f32 = usesF32(s);
        Graph g = ReverseMode.grad(s);
        Verifier.verify(g);
        List<NDArray> analytic = Interpreter.run(g, args);
        double[][] numeric = numericGradient(s, args, f32 ? 1e-2 : 1e-3);
        int k = 0;
        for (int i = 0; i < args.size(); i++) {
            if (numeric[i] == null) continue;
            assertEquals(args.get(i).type(), analytic.get(k).type(), sample + ": gradient type of input " + i);
            assertClose(sample + " d/dx" + i, analytic.get(k).toDoubleArray(), numeric[i], f32 ? 1e-3 : 1e-7);
            k++;
        }
        assertEquals(analytic.size(), k);
    }
}
