package dev.fluxion.cli;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.Graph;

import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fluxion hessian}: the second derivatives ∂²f/∂xᵢ∂xⱼ of a scalar function over the
 * {@code --wrt} inputs; one matrix when they are all scalars, otherwise one line per block.
 */
@Command(name = "hessian", description = "The Hessian of a scalar function over the --wrt inputs (a matrix when they are scalars).")
final class HessianCommand extends FunctionCommand {
    @Override
    Derived derive(Graph f, boolean values) {
        requireScalarOutput(f, "hessian", "jacobian");
        int[] wrt = wrt(f);
        List<Integer> floating = JacobianCommand.floatingInputs(f);
        Graph full = ReverseMode.hessian(f);
        List<Integer> picked = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean scalars = true;
        for (int i : wrt) {
            scalars &= f.input(i).shape().isScalar();
            for (int j : wrt) {
                picked.add(floating.indexOf(i) * floating.size() + floating.indexOf(j));
                String xi = name(f.input(i));
                String xj = name(f.input(j));
                labels.add(i == j ? "∂²f/∂" + xi + "²" : "∂²f/∂" + xi + "∂" + xj);
            }
        }
        return new Derived(Graphs.select(full, picked), labels, scalars && wrt.length > 0 ? wrt.length : 0, List.of());
    }
}
