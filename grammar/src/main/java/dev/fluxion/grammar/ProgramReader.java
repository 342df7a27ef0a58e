package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.DeadCodeElimination;
import dev.fluxion.grammar.FluxionParser.FunctionContext;
import dev.fluxion.grammar.FluxionParser.ParameterContext;
import dev.fluxion.grammar.FluxionParser.ProgramContext;
import dev.fluxion.grammar.FluxionParser.TypeContext;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the functions of a file into graphs. A function may call any other, defined before or
 * after it: a callee is read when first needed, and a cycle of calls is an error (the language has
 * no recursion). Each graph has one input per parameter, in order, and no dead nodes.
 */
final class ProgramReader implements GraphVisitor.Functions {
    private final SourceText source;
    private final Map<String, FunctionContext> definitions = new LinkedHashMap<>();
    private final Map<String, Graph> graphs = new LinkedHashMap<>();
    /** Functions being read, innermost last: a call of one of them is a cycle. */
    private final Set<String> reading = new LinkedHashSet<>();

    ProgramReader(SourceText source) {
        this.source = source;
    }

    Program read(ProgramContext program) {
        for (FunctionContext fn : program.function()) {
            String name = fn.name.getText();
            FunctionContext first = definitions.putIfAbsent(name, fn);
            if (first != null) {
                throw source.error(fn.name, "function '" + name + "' is already defined on line " + first.name.getLine());
            }
            if (Signatures.callable(name) != null || name.equals("input") || name.equals("const")) {
                throw source.error(fn.name, "'" + name + "' is a built-in function; choose another name");
            }
        }
        for (String name : definitions.keySet()) function(name, definitions.get(name).name);
        Map<String, Graph> ordered = new LinkedHashMap<>();
        for (String name : definitions.keySet()) ordered.put(name, graphs.get(name));
        return new Program(ordered);
    }

    @Override
    public Graph function(String name, Token at) {
        FunctionContext fn = definitions.get(name);
        if (fn == null) return null;
        Graph g = graphs.get(name);
        if (g != null) return g;
        if (reading.contains(name)) {
            List<String> cycle = new ArrayList<>(reading);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            throw source.error(at, "recursive call: " + String.join(" calls ", cycle) + " calls " + name
                    + "; functions cannot call themselves");
        }
        reading.add(name);
        g = read(fn);
        reading.remove(name);
        graphs.put(name, g);
        return g;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(definitions.keySet());
    }

    private Graph read(FunctionContext fn) {
        GraphBuilder b = new GraphBuilder();
        Operations ops = new Operations(b, source);
        GraphVisitor visitor = new GraphVisitor(source, ops, this);
        Set<String> seen = new LinkedHashSet<>();
        for (ParameterContext p : fn.parameter()) {
            String name = p.name.getText();
            if (!seen.add(name)) throw source.error(p.name, "parameter '" + name + "' appears twice in " + fn.name.getText());
            TensorType type = p.type() == null ? TensorType.scalar(DType.F64) : type(p.type());
            Node input;
            try {
                input = b.input(name, type);
            } catch (IllegalArgumentException e) {
                throw source.error(p.name, e.getMessage(), e);
            }
            visitor.define(name, input);
        }
        return withoutDeadNodes(b.build(visitor.body(fn.body())));
    }

    /** {@code f64[2,3]}; a dtype alone is a scalar. */
    private TensorType type(TypeContext t) {
        DType dtype = DType.parse(t.DTYPE().getText());
        List<TerminalNode> dims = t.INT();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            try {
                shape[i] = Integer.parseInt(dims.get(i).getText());
            } catch (NumberFormatException e) {
                throw source.error(dims.get(i).getSymbol(), "dimension " + dims.get(i).getText() + " is too large");
            }
        }
        try {
            return TensorType.of(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw source.error(t, e.getMessage());
        }
    }

    /** Unused lets and unused results of inlined calls leave dead nodes; a graph of a function has none. */
    static Graph withoutDeadNodes(Graph g) {
        return new DeadCodeElimination().apply(g);
    }
}
