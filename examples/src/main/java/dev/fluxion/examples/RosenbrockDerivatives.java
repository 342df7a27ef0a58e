package dev.fluxion.examples;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.compiler.print.MathPrinter;

import java.util.Arrays;
import java.util.List;

/**
 * Fluxion's main job on the Rosenbrock function f(x, y) = (1 - x)² + 100 (y - x²)²: build the IR,
 * differentiate it (reverse mode, then again for the Hessian), optimise the derivatives, print them
 * as IR and as math, and evaluate everything at a point.
 * Arguments: optional x and y (default -1.2 and 1.0, the classic starting point).
 */
public final class RosenbrockDerivatives {
    private RosenbrockDerivatives() {}

    public static Graph rosenbrock() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        return b.build(b.add(b.square(b.rsub(1, x)), b.mul(b.square(b.sub(y, b.square(x))), 100)));
    }

    public static void main(String[] args) {
        double x = args.length > 0 ? Double.parseDouble(args[0]) : -1.2;
        double y = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Graph f = rosenbrock();
        Graph grad = PassManager.standard().optimize(ReverseMode.valueAndGrad(f));
        Graph hessian = PassManager.standard().optimize(ReverseMode.hessian(f));
        System.out.println("# f(x, y) = (1 - x)^2 + 100 (y - x^2)^2");
        System.out.print(f);
        System.out.println("# value and gradient: reverse mode, then the optimisation passes");
        System.out.print(grad);
        System.out.println("# the same, as math");
        System.out.println(MathPrinter.print(grad));
        System.out.println("# Hessian, by differentiating the gradient");
        System.out.println(MathPrinter.print(hessian));
        List<NDArray> at = List.of(NDArray.scalar(x), NDArray.scalar(y));
        double[] vg = Interpreter.runScalar(grad, x, y);
        double[] h = Interpreter.runScalar(hessian, x, y);
        System.out.printf("at (x, y) = (%s, %s)%n", x, y);
        System.out.println("  f        = " + vg[0]);
        System.out.println("  gradient = " + Arrays.toString(Arrays.copyOfRange(vg, 1, 3)));
        System.out.println("  hessian  = [" + h[0] + ", " + h[1] + "; " + h[2] + ", " + h[3] + "]");
        System.out.println("  (" + Interpreter.run(f, at).get(0).item() + " from the forward graph alone)");
    }
}
