package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.grammar.FluxionParser.ArgumentContext;
import dev.fluxion.grammar.FluxionParser.BindingContext;
import dev.fluxion.grammar.FluxionParser.BodyContext;
import dev.fluxion.grammar.FluxionParser.ExprContext;
import dev.fluxion.grammar.FluxionParser.NumberLiteralContext;
import dev.fluxion.grammar.FluxionParser.PlainContext;
import dev.fluxion.grammar.FluxionParser.PostfixOpContext;

import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one body (let lines and a result) into a graph builder: the parse tree → IR step. Operator
 * chains ({@code a + b - c}, {@code a * b @ C}) are loops over one context, not recursion; nesting
 * (parentheses, calls, unary minus, powers) recurses, which {@link Parsing} runs on a thread with a
 * large stack. Every op goes through {@link Operations}, so a type or shape error points at the
 * operator or callee that caused it.
 */
final class GraphVisitor extends FluxionBaseVisitor<Value> {

    /** The program's functions, for calls from one to another. */
    interface Functions {
        /** The graph of function {@code name}, built first when needed; null when there is no such function. */
        Graph function(String name, Token at);

        /** Every function name, for suggestions. */
        List<String> names();
    }

    private final SourceText source;
    private final Operations ops;
    private final Calls calls;
    private final Functions functions;
    /** Parameters and let-bound names in scope, in order of definition. */
    private final Map<String, Value> scope = new LinkedHashMap<>();

    GraphVisitor(SourceText source, Operations ops, Functions functions) {
        this.source = source;
        this.ops = ops;
        this.functions = functions;
        this.calls = new Calls(ops, source, this::visit);
    }

    /** Puts a parameter (an input node) in scope. */
    void define(String name, Node input) {
        scope.put(name, new Value.Tensor(input));
    }

    // ---- bodies --------------------------------------------------------------------------------------

    /** Reads the let lines and the result; returns the outputs (several for a tuple result). */
    List<Node> body(BodyContext body) {
        for (BindingContext let : body.binding()) {
            String name = let.name.getText();
            if (scope.containsKey(name)) {
                throw source.error(let.name, "'" + name + "' is already defined; every let needs a new name");
            }
            Value v = visit(let.expr());
            // Build an untyped let in f64 now, so let-bound nodes are created in text order, as the printer
            // numbers them; a use in another dtype builds its own nodes and this one is dropped as dead code.
            if (v instanceof Value.Untyped) ((Value.Untyped) v).build(DType.F64);
            scope.put(name, v);
        }
        Value result = visit(body.result);
        List<Node> outputs = new ArrayList<>();
        if (result instanceof Value.Tuple) {
            for (Value v : ((Value.Tuple) result).items()) {
                if (v instanceof Value.Tuple) throw source.error(body.result, "a result tuple cannot hold another tuple");
                outputs.add(ops.node(body.result.getStart(), v, DType.F64));
            }
        } else {
            outputs.add(ops.node(body.result.getStart(), result, DType.F64));
        }
        return outputs;
    }

    // ---- operators, loosest first --------------------------------------------------------------------

    @Override
    public Value visitExpr(ExprContext ctx) {
        Value left = visit(ctx.additive(0));
        if (ctx.compareOp().isEmpty()) return left;
        if (ctx.compareOp().size() > 1) {
            throw source.error(ctx.compareOp(1).getStart(), "comparisons do not chain: write (a < b) == (b < c) or use where");
        }
        Token op = ctx.compareOp(0).getStart();
        return ops.elementwise(op, compareOp(op), List.of(left, visit(ctx.additive(1))));
    }

    private static Op compareOp(Token t) {
        switch (t.getType()) {
            case FluxionLexer.LT: return Op.LT;
            case FluxionLexer.LE: return Op.LE;
            case FluxionLexer.GT: return Op.GT;
            case FluxionLexer.GE: return Op.GE;
            case FluxionLexer.EQ: return Op.EQ;
            default: return Op.NE;
        }
    }

    @Override
    public Value visitAdditive(FluxionParser.AdditiveContext ctx) {
        Value acc = visit(ctx.multiplicative(0));
        for (int i = 0; i < ctx.additiveOp().size(); i++) {
            Token op = ctx.additiveOp(i).getStart();
            Value right = visit(ctx.multiplicative(i + 1));
            acc = ops.elementwise(op, op.getType() == FluxionLexer.PLUS ? Op.ADD : Op.SUB, List.of(acc, right));
        }
        return acc;
    }

    @Override
    public Value visitMultiplicative(FluxionParser.MultiplicativeContext ctx) {
        Value acc = visit(ctx.unary(0));
        for (int i = 0; i < ctx.multiplicativeOp().size(); i++) {
            Token op = ctx.multiplicativeOp(i).getStart();
            Value right = visit(ctx.unary(i + 1));
            Op o = op.getType() == FluxionLexer.STAR ? Op.MUL : op.getType() == FluxionLexer.SLASH ? Op.DIV : Op.MATMUL;
            acc = ops.elementwise(op, o, List.of(acc, right));
        }
        return acc;
    }

    /** {@code -x}; a minus written right before a number is part of the number, so {@code -2} is the constant -2. */
    @Override
    public Value visitNegate(FluxionParser.NegateContext ctx) {
        if (ctx.unary() instanceof PlainContext) {
            var primary = Attributes.barePower(((PlainContext) ctx.unary()).power());
            if (primary instanceof NumberLiteralContext) {
                double v = -Attributes.number(((NumberLiteralContext) primary).number());
                Token at = ctx.getStart();
                return new Value.Untyped(dtype -> ops.constant(at, v, dtype));
            }
        }
        return ops.elementwise(ctx.MINUS().getSymbol(), Op.NEG, List.of(visit(ctx.unary())));
    }

    @Override
    public Value visitPlain(PlainContext ctx) {
        return visit(ctx.power());
    }

    @Override
    public Value visitPower(FluxionParser.PowerContext ctx) {
        Value base = visit(ctx.postfix());
        if (ctx.exponent == null) return base;
        return ops.elementwise(ctx.CARET().getSymbol(), Op.POW, List.of(base, visit(ctx.exponent)));
    }

    @Override
    public Value visitPostfix(FluxionParser.PostfixContext ctx) {
        Value v = visit(ctx.primary());
        for (PostfixOpContext op : ctx.postfixOp()) {
            if (op instanceof FluxionParser.TransposeTickContext) {
                v = ops.transpose(op.getStart(), v);
            } else if (op instanceof FluxionParser.MemberContext) {
                Token field = ((FluxionParser.MemberContext) op).field;
                if (!field.getText().equals("T")) {
                    throw source.error(field, "unknown member '." + field.getText() + "'; the only member is .T, the transpose");
                }
                v = ops.transpose(field, v);
            } else {
                v = Subscripts.apply(ops, source, (FluxionParser.SubscriptContext) op, v);
            }
        }
        return v;
    }

    // ---- primaries -----------------------------------------------------------------------------------

    @Override
    public Value visitNumberLiteral(NumberLiteralContext ctx) {
        double v = Attributes.number(ctx.number());
        Token at = ctx.getStart();
        return new Value.Untyped(dtype -> ops.constant(at, v, dtype));
    }

    @Override
    public Value visitBoolLiteral(FluxionParser.BoolLiteralContext ctx) {
        return new Value.Tensor(ops.constant(ctx.getStart(), ctx.TRUE() != null ? 1 : 0, DType.BOOL));
    }

    @Override
    public Value visitVariable(FluxionParser.VariableContext ctx) {
        String name = ctx.NAME().getText();
        Value v = scope.get(name);
        if (v == null) {
            List<String> known = new ArrayList<>(scope.keySet());
            String message = "unknown variable '" + name + "'" + Suggestions.hint(name, known);
            if (Signatures.callable(name) != null || functions.names().contains(name)) message += "; " + name + " is a function: call it";
            throw source.error(ctx.NAME().getSymbol(), message);
        }
        return v;
    }

    @Override
    public Value visitGroup(FluxionParser.GroupContext ctx) {
        if (ctx.expr().size() == 1 && ctx.trailing == null) return visit(ctx.expr(0));
        List<Value> items = new ArrayList<>();
        for (ExprContext e : ctx.expr()) items.add(visit(e));
        return new Value.Tuple(List.copyOf(items));
    }

    @Override
    public Value visitTensorLiteral(FluxionParser.TensorLiteralContext ctx) {
        return TensorLiterals.read(ops, source, ctx.tensor());
    }

    @Override
    public Value visitCall(FluxionParser.CallContext ctx) {
        Token callee = ctx.callee;
        String name = callee.getText();
        List<ArgumentContext> args = ctx.argument();
        Graph fn = functions.function(name, callee);
        if (fn != null) return inline(callee, fn, args);
        Op op = Signatures.callable(name);
        if (op != null) return calls.call(op, callee, args);
        List<String> known = new ArrayList<>(Signatures.names());
        known.addAll(functions.names());
        throw source.error(callee, "unknown function '" + name + "'" + Suggestions.hint(name, known));
    }

    /** A call of another function of the program: its graph inlined on the arguments. */
    private Value inline(Token callee, Graph fn, List<ArgumentContext> args) {
        String name = callee.getText();
        if (args.size() != fn.inputs().size()) {
            throw source.error(callee, name + " takes " + fn.inputs().size() + " argument" + (fn.inputs().size() == 1 ? "" : "s")
                    + " but got " + args.size());
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            ArgumentContext a = args.get(i);
            Node in = fn.input(i);
            String param = in.attrs().getString("name");
            if (a.keyword != null || a.expr() == null) {
                throw source.error(a.getStart(), "arguments of " + name + " are positional expressions");
            }
            Node n = ops.node(a.getStart(), visit(a.expr()), in.dtype());
            if (!n.type().equals(in.type())) {
                throw source.error(a, "argument " + (i + 1) + " of " + name + " (" + param + ") must be " + in.type() + " but is " + n.type());
            }
            nodes.add(n);
        }
        Node[] map = ops.builder().inline(fn, nodes);
        if (fn.outputs().size() == 1) return new Value.Tensor(map[fn.output(0).id()]);
        List<Value> items = new ArrayList<>();
        for (Node o : fn.outputs()) items.add(new Value.Tensor(map[o.id()]));
        return new Value.Tuple(List.copyOf(items));
    }
}
