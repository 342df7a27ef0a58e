package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.grammar.FluxionParser.BindingContext;
import dev.fluxion.grammar.FluxionParser.BodyContext;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an inline expression: optional {@code let} lines, then a result, e.g.
 * {@code x^3 * y^2}, {@code let r = sqrt(x^2 + y^2); (r, atan2(y, x))}. This is also the form
 * {@code MathPrinter} writes, so {@code parse(MathPrinter.print(g), inputs of g)} reads a printed
 * graph back.
 */
public final class Expression {
    private Expression() {}

    /**
     * Reads {@code text}; every free variable becomes an f64 scalar input, in order of first
     * appearance: {@code y * x + y} has inputs {@code y, x}.
     *
     * @throws FluxionSyntaxException at the first error
     */
    public static Graph parse(String text) {
        return Parsing.run(text, Expression::readWithFreeVariables);
    }

    /** Reads the expression of {@code source}, its free variables becoming f64 scalar inputs. */
    static Graph readWithFreeVariables(SourceText source) {
        BodyContext body = Parsing.parser(source).expression().body();
        List<Parameter> inputs = new ArrayList<>();
        for (Map.Entry<String, Token> v : freeVariables(body).entrySet()) {
            if (v.getKey().equals("lambda") || v.getKey().equals("in")) {
                throw source.error(v.getValue(), "'" + v.getKey() + "' is reserved and cannot name a variable");
            }
            inputs.add(Parameter.scalar(v.getKey()));
        }
        return read(source, body, inputs);
    }

    /**
     * Reads {@code text} over the given inputs, which the graph takes in this order whether the text
     * uses them or not; any other free name is an error.
     *
     * @throws FluxionSyntaxException at the first error
     * @throws IllegalArgumentException when two inputs share a name or a name is not an identifier
     */
    public static Graph parse(String text, List<Parameter> inputs) {
        Set<String> names = new LinkedHashSet<>();
        for (Parameter p : inputs) {
            if (!names.add(p.name())) throw new IllegalArgumentException("input '" + p.name() + "' is given twice");
        }
        return Parsing.run(text, source -> read(source, Parsing.parser(source).expression().body(), inputs));
    }

    private static Graph read(SourceText source, BodyContext body, List<Parameter> inputs) {
        GraphBuilder b = new GraphBuilder();
        GraphVisitor visitor = new GraphVisitor(source, new Operations(b, source), NO_FUNCTIONS);
        for (Parameter p : inputs) visitor.define(p.name(), b.input(p.name(), p.type()));
        return ProgramReader.withoutDeadNodes(b.build(visitor.body(body)));
    }

    private static final GraphVisitor.Functions NO_FUNCTIONS = new GraphVisitor.Functions() {
        @Override
        public Graph function(String name, Token at) {
            return null;
        }

        @Override
        public List<String> names() {
            return List.of();
        }
    };

    /**
     * The names a body reads without binding them first, in order of first appearance (each with
     * its first token): a walk of
     * the parse tree in text order (with an explicit stack), skipping names bound by earlier lets.
     */
    static Map<String, Token> freeVariables(BodyContext body) {
        Set<String> bound = new LinkedHashSet<>();
        Map<String, Token> free = new LinkedHashMap<>();
        List<ParseTree> statements = new ArrayList<>();
        for (BindingContext let : body.binding()) statements.add(let);
        statements.add(body.result);
        for (ParseTree statement : statements) {
            ParseTree root = statement instanceof BindingContext ? ((BindingContext) statement).expr() : statement;
            ArrayDeque<ParseTree> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                ParseTree t = stack.pop();
                if (t instanceof FluxionParser.VariableContext) {
                    Token name = ((FluxionParser.VariableContext) t).NAME().getSymbol();
                    if (!bound.contains(name.getText())) free.putIfAbsent(name.getText(), name);
                    continue;
                }
                for (int i = t.getChildCount() - 1; i >= 0; i--) stack.push(t.getChild(i));
            }
            if (statement instanceof BindingContext) bound.add(((BindingContext) statement).name.getText());
        }
        return free;
    }
}
