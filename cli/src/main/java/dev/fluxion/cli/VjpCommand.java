package dev.fluxion.cli;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fluxion vjp}: the vector-Jacobian product uᵀJ, the gradient of Σ uₒ·fₒ with respect to each
 * {@code --wrt} input, for cotangents u given per output with {@code --cotangent} (default: ones).
 * In the emitted graph the cotangents are inputs {@code ct0, ct1, …} after the function's own.
 */
@Command(name = "vjp", description = "The vector-Jacobian product uᵀJ for --cotangent u (f, then vjp[x] for each --wrt input).")
final class VjpCommand extends FunctionCommand {
    @Option(names = "--cotangent", paramLabel = "1,[1,2]",
            description = "The cotangent u: one value per output, in order, written like --at values without names (default: ones).")
    List<String> cotangent = new ArrayList<>();

    @Override
    Derived derive(Graph f, boolean values) {
        int[] wrt = wrt(f);
        Graph g = ReverseMode.vjp(f, new ReverseMode.Options().wrt(wrt).cotangentInputs(true).keepPrimals(values)).graph();
        List<String> labels = new ArrayList<>();
        if (values) labels.addAll(outputLabels(f));
        for (int i : wrt) labels.add("vjp[" + name(f.input(i)) + "]");
        return new Derived(g, labels, 0, values ? cotangents(f) : List.of());
    }

    private List<NDArray> cotangents(Graph f) {
        int m = f.outputs().size();
        List<NDArray> out = new ArrayList<>();
        if (cotangent.isEmpty()) {
            for (int o = 0; o < m; o++) {
                double[] ones = new double[f.output(o).type().numel()];
                java.util.Arrays.fill(ones, 1);
                out.add(NDArray.of(f.output(o).type(), ones));
            }
            return out;
        }
        List<Values.Literal> given = Values.unnamed(cotangent, "--cotangent");
        if (given.size() != m) throw new UserError("--cotangent needs " + m + " value(s), one per output, but got " + given.size());
        for (int o = 0; o < m; o++) out.add(given.get(o).as(f.output(o).type(), "the cotangent of output " + o));
        return out;
    }
}
