package dev.fluxion.cli;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code fluxion jvp}: the Jacobian-vector product J·v, the directional derivative of every output
 * along the tangent {@code --tangent x=…} of the {@code --wrt} inputs.
 *
 * <p>Computed as the transpose of the vector-Jacobian product: u ↦ uᵀJ is linear in the cotangent
 * u, so its own vjp with respect to u, seeded with v, is J·v. The cotangent inputs then no longer
 * matter and are replaced by zeros; the tangents become inputs {@code dx, dy, …} after the
 * function's own.
 */
@Command(name = "jvp", description = "The Jacobian-vector product J·v along --tangent (f, then jvp for each output).")
final class JvpCommand extends FunctionCommand {
    @Option(names = "--tangent", paramLabel = "x=1,y=0",
            description = "The tangent v: a value for each --wrt input, written like --at; may repeat.")
    List<String> tangent = new ArrayList<>();

    @Override
    Derived derive(Graph f, boolean values) {
        int[] wrt = wrt(f);
        int n = f.inputs().size();
        int m = f.outputs().size();
        Graph transposed = ReverseMode.vjp(f, new ReverseMode.Options().wrt(wrt).cotangentInputs(true)).graph();
        int[] cotangents = new int[m];
        for (int o = 0; o < m; o++) cotangents[o] = n + o;
        Graph jvp = ReverseMode.vjp(transposed, new ReverseMode.Options().wrt(cotangents).cotangentInputs(true)).graph();

        GraphBuilder b = new GraphBuilder();
        List<Node> inputs = new ArrayList<>();
        for (Node in : f.inputs()) inputs.add(b.input(name(in), in.type()));
        List<Node> args = new ArrayList<>(inputs);
        for (int o = 0; o < m; o++) args.add(b.zeros(f.output(o).type()));
        Set<String> taken = new HashSet<>();
        for (int i : wrt) args.add(b.input(Graphs.freshName(f, taken, "d" + name(f.input(i))), f.input(i).type()));

        List<Node> outputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> names = outputLabels(f);
        if (values) {
            Node[] primal = b.inline(f, inputs);
            for (int o = 0; o < m; o++) {
                outputs.add(primal[f.output(o).id()]);
                labels.add(names.get(o));
            }
        }
        Node[] map = b.inline(jvp, args);
        for (int o = 0; o < m; o++) {
            outputs.add(map[jvp.output(o).id()]);
            labels.add(m == 1 ? "jvp" : "jvp[" + o + "]");
        }
        return new Derived(b.build(outputs), labels, 0, values ? tangents(f, wrt) : List.of());
    }

    private List<NDArray> tangents(Graph f, int[] wrt) {
        Map<String, Values.Literal> given = Values.named(tangent, "--tangent");
        List<String> wrtNames = new ArrayList<>();
        for (int i : wrt) wrtNames.add(name(f.input(i)));
        for (String name : given.keySet()) {
            if (!wrtNames.contains(name)) throw new UserError("--tangent gives '" + name + "', which is not a --wrt input; those are " + describe(wrtNames));
        }
        List<NDArray> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i : wrt) {
            Values.Literal v = given.get(name(f.input(i)));
            if (v == null) missing.add(name(f.input(i)));
            else out.add(v.as(f.input(i).type(), "tangent of '" + name(f.input(i)) + "'"));
        }
        if (!missing.isEmpty()) throw new UserError("missing --tangent value for " + String.join(", ", missing));
        return out;
    }
}
