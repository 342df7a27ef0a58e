package dev.fluxion;

import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.ShapeRules;
import dev.fluxion.compiler.ir.TensorType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 0-d fast paths (ScalarOps forward, ScalarProgram backward) give exactly the bits of the
 * general paths (kernels on arrays forward, rule graphs replayed on tensors backward), for every
 * elementwise op, in f64 and f32.
 */
class ScalarFastPathTest {
    private static final double[] VALUES = {0.3, -1.7, 2.5, 0.0, -0.0, 1e-3, 7.0, Double.NaN, Double.POSITIVE_INFINITY};

    private static Tensor scalar(double v, DType d) {
        return Tensor.of(TensorType.scalar(d), new double[] {v});
    }

    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    @Test
    void forwardMatchesTheKernelsBitForBit() {
        int checked = 0;
        for (DType d : new DType[] {DType.F64, DType.F32}) {
            for (Op op : Op.values()) {
                boolean unary = op.kind() == Op.Kind.UNARY && op != Op.CAST;
                boolean binary = op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE;
                if (!unary && !binary) continue;
                for (double a : VALUES) {
                    for (double b : binary ? VALUES : new double[] {0}) {
                        Tensor[] in = binary ? new Tensor[] {scalar(a, d), scalar(b, d)} : new Tensor[] {scalar(a, d)};
                        Tensor fast = ScalarOps.tryApply(op, Attrs.NONE, in);
                        TensorType[] types = new TensorType[in.length];
                        NDArray[] values = new NDArray[in.length];
                        for (int i = 0; i < in.length; i++) {
                            types[i] = in[i].type();
                            values[i] = in[i].value();
                        }
                        TensorType out = ShapeRules.infer(op, Attrs.NONE, types, null);
                        NDArray slow = Kernels.evaluate(OpCall.of(op, Attrs.NONE, out), values);
                        assertEquals(out, fast.type(), op + " type");
                        assertEquals(bits(slow.item()), bits(fast.item()), op + "(" + a + ", " + b + ") in " + d);
                        checked++;
                    }
                }
            }
        }
        assertEquals(true, checked > 500);
    }

    @Test
    void backwardProgramMatchesTheReplayedRuleGraphs() {
        Random r = new Random(7);
        for (Op op : Op.values()) {
            boolean unary = op.kind() == Op.Kind.UNARY && op != Op.CAST;
            if (!unary && op.kind() != Op.Kind.BINARY) continue;
            for (int trial = 0; trial < 20; trial++) {
                double a = 0.2 + r.nextDouble(), b = 0.2 + r.nextDouble(), g = r.nextGaussian();
                Tensor x = scalar(a, DType.F64).requiresGrad_(true), y = scalar(b, DType.F64).requiresGrad_(true);
                List<Tensor> in = unary ? List.of(x) : List.of(x, y);
                Tensor out = Tensor.apply(op, Attrs.NONE, in.toArray(new Tensor[0]));
                // no create-graph: the scalar program; create-graph: the rule graph replayed on tensors
                List<Tensor> fast = Autograd.grad(List.of(out), in, GradOptions.builder().gradOutputs(scalar(g, DType.F64)).retainGraph(true).build());
                List<Tensor> slow = Autograd.grad(List.of(out), in, GradOptions.builder().gradOutputs(scalar(g, DType.F64)).createGraph(true).build());
                for (int i = 0; i < in.size(); i++) {
                    assertEquals(bits(slow.get(i).item()), bits(fast.get(i).item()), op + " d/dx" + i + " at " + a + ", " + b);
                }
            }
        }
    }
}
