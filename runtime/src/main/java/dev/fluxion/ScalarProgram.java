package dev.fluxion;

import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A rule graph whose values are all 0-d, flattened into straight-line instructions over a register
 * file of doubles: the same kernels' scalar functions and roundings as the interpreter, without
 * allocating a tensor per step. Backward uses it when it does not record (no create-graph).
 */
final class ScalarProgram {
    private static final int CONST = 0, UNARY = 1, BINARY = 2, WHERE = 3, COPY = 4, INPUT = 5;

    private final int[] kind;
    private final int[] a;
    private final int[] b;
    private final int[] c;
    private final double[] constant;
    private final DoubleUnaryOperator[] unary;
    private final DoubleBinaryOperator[] binary;
    private final DType[] dtype;
    private final int[] inputs;
    private final int[] outputs;
    private final TensorType[] outputTypes;

    private ScalarProgram(Graph g) {
        int n = g.size();
        kind = new int[n];
        a = new int[n];
        b = new int[n];
        c = new int[n];
        constant = new double[n];
        unary = new DoubleUnaryOperator[n];
        binary = new DoubleBinaryOperator[n];
        dtype = new DType[n];
        inputs = new int[g.inputs().size()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = g.input(i).id();
        outputs = new int[g.outputs().size()];
        outputTypes = new TensorType[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = g.output(i).id();
            outputTypes[i] = g.output(i).type();
        }
    }

    TensorType outputType(int k) {
        return outputTypes[k];
    }

    /** The program for {@code g}, or null when some value is not 0-d or some op is not elementwise. */
    static ScalarProgram compile(Graph g) {
        ScalarProgram p = new ScalarProgram(g);
        for (Node node : g.nodes()) {
            if (!node.shape().isScalar()) return null;
            int id = node.id();
            p.dtype[id] = node.dtype();
            Op op = node.op();
            if (op == Op.INPUT) {
                p.kind[id] = INPUT;
            } else if (op == Op.CONST || op == Op.FULL) {
                p.kind[id] = CONST;
                p.constant[id] = op == Op.CONST ? node.attrs().getDoubleAt("value", 0) : node.attrs().getDouble("value");
            } else if (op == Op.RESHAPE || op == Op.BROADCAST_TO) {
                p.kind[id] = COPY;
                p.a[id] = node.input(0).id();
            } else if (op == Op.WHERE) {
                p.kind[id] = WHERE;
                p.a[id] = node.input(0).id();
                p.b[id] = node.input(1).id();
                p.c[id] = node.input(2).id();
            } else if (node.arity() == 1 && Kernels.unaryFunction(op) != null) {
                p.kind[id] = UNARY;
                p.unary[id] = Kernels.unaryFunction(op);
                p.a[id] = node.input(0).id();
            } else if (node.arity() == 2 && Kernels.binaryFunction(op) != null) {
                p.kind[id] = BINARY;
                p.binary[id] = Kernels.binaryFunction(op);
                p.a[id] = node.input(0).id();
                p.b[id] = node.input(1).id();
            } else {
                return null;
            }
        }
        return p;
    }

    /** Runs on the (0-d) input tensors and the gradient {@code g}, the graph's last input; returns the output values. */
    double[] run(Tensor[] args, Tensor g) {
        double[] r = new double[kind.length];
        for (int i = 0; i < args.length; i++) r[inputs[i]] = args[i].storage.data[0];
        r[inputs[args.length]] = g.storage.data[0];
        for (int id = 0; id < kind.length; id++) {
            switch (kind[id]) {
                case CONST: r[id] = constant[id]; break;
                case UNARY: r[id] = dtype[id].round(unary[id].applyAsDouble(r[a[id]])); break;
                case BINARY: r[id] = dtype[id].round(binary[id].applyAsDouble(r[a[id]], r[b[id]])); break;
                case WHERE: r[id] = r[a[id]] != 0 ? r[b[id]] : r[c[id]]; break;
                case COPY: r[id] = r[a[id]]; break;
                default: break; // inputs are set above
            }
        }
        double[] out = new double[outputs.length];
        for (int i = 0; i < outputs.length; i++) out[i] = r[outputs[i]];
        return out;
    }
}
