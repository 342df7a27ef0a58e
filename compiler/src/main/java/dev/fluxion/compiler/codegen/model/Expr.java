package dev.fluxion.compiler.codegen.model;

import java.util.List;

/**
 * An expression of generated code. Lowering keeps expressions shallow (every graph node becomes
 * its own local), so printers may walk them recursively: depth is bounded by the lowering, not by
 * the graph.
 */
public sealed interface Expr {
    /** The type of the value. */
    ValueKind kind();

    /** A double literal (NaN and infinities included). */
    record DoubleConst(double value) implements Expr {
        public ValueKind kind() {
            return ValueKind.DOUBLE;
        }
    }

    /** An int literal. */
    record IntConst(int value) implements Expr {
        public ValueKind kind() {
            return ValueKind.INT;
        }
    }

    /** The value of a double or int local (vectors are read by {@link VExpr.Read} and {@link Lane}). */
    record Read(Local local) implements Expr {
        public Read {
            if (local.kind() == ValueKind.VECTOR) throw new IllegalArgumentException("vector " + local.name() + " read as a scalar");
        }

        public ValueKind kind() {
            return local.kind();
        }
    }

    /** {@code array[index]}; the index is an int expression. */
    record Load(ArrayVar array, Expr index) implements Expr {
        public Load {
            requireKind(index, ValueKind.INT, "array index");
        }

        public ValueKind kind() {
            return ValueKind.DOUBLE;
        }
    }

    /** A unary operation; see {@link UnaryOp} for operand and result types. */
    record Unary(UnaryOp op, Expr operand) implements Expr {
        public Unary {
            requireKind(operand, op.operandKind(), op.name());
        }

        public ValueKind kind() {
            return op.resultKind();
        }
    }

    /** A binary arithmetic operation on two operands of the same kind, giving that kind. */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        public Binary {
            if (left.kind() != right.kind()) throw new IllegalArgumentException(op + " of " + left.kind() + " and " + right.kind());
        }

        public ValueKind kind() {
            return left.kind();
        }
    }

    /** A call of a static double function. */
    record Call(MathFunction function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
            if (args.size() != function.arity()) throw new IllegalArgumentException(function + " takes " + function.arity() + " arguments");
            for (Expr a : args) requireKind(a, ValueKind.DOUBLE, function.name());
        }

        public ValueKind kind() {
            return ValueKind.DOUBLE;
        }
    }

    /** {@code (left cmp right) ? ifTrue : ifFalse}; compared operands share a kind, as do the branches. */
    record Conditional(Comparison comparison, Expr left, Expr right, Expr ifTrue, Expr ifFalse) implements Expr {
        public Conditional {
            if (left.kind() != right.kind()) throw new IllegalArgumentException("comparing " + left.kind() + " with " + right.kind());
            if (ifTrue.kind() != ifFalse.kind()) throw new IllegalArgumentException("branches of " + ifTrue.kind() + " and " + ifFalse.kind());
        }

        public ValueKind kind() {
            return ifTrue.kind();
        }
    }

    /** Lane {@code lane} (0 to 3) of a {@link ValueKind#VECTOR} local; only in {@link Stmt.Simd#vector()}. */
    record Lane(Local vector, int lane) implements Expr {
        public Lane {
            if (vector.kind() != ValueKind.VECTOR || lane < 0 || lane >= VExpr.LANES) throw new IllegalArgumentException("no lane " + lane + " of " + vector);
        }

        public ValueKind kind() {
            return ValueKind.DOUBLE;
        }
    }

    /** Unary operations, with the kinds they take and give. */
    enum UnaryOp {
        /** {@code -x} on doubles. */
        NEG(ValueKind.DOUBLE, ValueKind.DOUBLE),
        /** {@code (double) (float) x}: rounding to f32. */
        ROUND_F32(ValueKind.DOUBLE, ValueKind.DOUBLE),
        /** {@code (double) (long) x}: truncation toward zero, as a cast to i64. */
        TRUNC_I64(ValueKind.DOUBLE, ValueKind.DOUBLE),
        /** {@code (int) x}: a double holding an index, as an int. */
        TO_INT(ValueKind.DOUBLE, ValueKind.INT),
        /** {@code (double) i}. */
        TO_DOUBLE(ValueKind.INT, ValueKind.DOUBLE);

        private final ValueKind operand;
        private final ValueKind result;

        UnaryOp(ValueKind operand, ValueKind result) {
            this.operand = operand;
            this.result = result;
        }

        public ValueKind operandKind() {
            return operand;
        }

        public ValueKind resultKind() {
            return result;
        }
    }

    /** Binary arithmetic; REM is Java's {@code %} (used on ints for index arithmetic). */
    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), REM("%");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Comparisons; on doubles they follow Java (any comparison with NaN is false except NE). */
    enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static void requireKind(Expr e, ValueKind want, String where) {
        if (e.kind() != want) throw new IllegalArgumentException(where + " needs " + want + " but got " + e.kind());
    }
}
