package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of a Fluxion source file, each read into a graph: inputs named and typed after
 * its parameters, in order; outputs its result, or the items of a tuple result. Immutable.
 */
public final class Program {
    private final Map<String, Graph> functions;

    Program(Map<String, Graph> functions) {
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The function names, in the order the file defines them. */
    public List<String> functionNames() {
        return new ArrayList<>(functions.keySet());
    }

    public boolean hasFunction(String name) {
        return functions.containsKey(name);
    }

    /**
     * The graph of function {@code name}.
     *
     * @throws IllegalArgumentException when there is no such function; the message lists the
     *     functions and suggests the nearest name
     */
    public Graph function(String name) {
        Graph g = functions.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no function '" + name + "'" + Suggestions.hint(name, functions.keySet())
                    + "; the file defines " + (functions.isEmpty() ? "no functions" : String.join(", ", functions.keySet())));
        }
        return g;
    }

    /** Every function by name, in definition order. */
    public Map<String, Graph> functions() {
        return functions;
    }
}
