package dev.fluxion.cli;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;

import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fluxion jacobian}: every output's derivative with respect to every {@code --wrt} input.
 * When all of them are scalars the value is one matrix, a row per output; otherwise one line per block.
 */
@Command(name = "jacobian", description = "The Jacobian: ∂f/∂x for every output f and --wrt input x (a matrix when all are scalars).")
final class JacobianCommand extends FunctionCommand {
    @Override
    Derived derive(Graph f, boolean values) {
        int[] wrt = wrt(f);
        List<Integer> floating = floatingInputs(f);
        Graph full = ReverseMode.jacobian(f);
        List<Integer> picked = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> outputs = outputLabels(f);
        boolean scalars = true;
        for (int o = 0; o < f.outputs().size(); o++) {
            scalars &= f.output(o).shape().isScalar();
            for (int i : wrt) {
                picked.add(o * floating.size() + floating.indexOf(i));
                labels.add("∂" + outputs.get(o) + "/∂" + name(f.input(i)));
                scalars &= f.input(i).shape().isScalar();
            }
        }
        return new Derived(Graphs.select(full, picked), labels, scalars && wrt.length > 0 ? wrt.length : 0, List.of());
    }

    static List<Integer> floatingInputs(Graph f) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < f.inputs().size(); i++) {
            Node in = f.input(i);
            if (in.dtype().isFloating()) positions.add(i);
        }
        return positions;
    }
}
