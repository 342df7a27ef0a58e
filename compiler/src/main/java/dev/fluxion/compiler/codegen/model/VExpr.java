package dev.fluxion.compiler.codegen.model;

/**
 * An expression over four doubles at once, in the vector form of a {@link Stmt.Simd}: lane k of
 * each operation is the scalar operation on lane k of its operands.
 */
public sealed interface VExpr {
    /** Doubles per vector (256 bits). */
    int LANES = 4;

    /** {@code array[index + k]} in lane k. */
    record Load(ArrayVar array, Expr index) implements VExpr {
        public Load {
            if (index.kind() != ValueKind.INT) throw new IllegalArgumentException("array index must be an int");
        }
    }

    /** The double {@code value} in every lane. */
    record Broadcast(Expr value) implements VExpr {
        public Broadcast {
            if (value.kind() != ValueKind.DOUBLE) throw new IllegalArgumentException("broadcast of " + value.kind());
        }
    }

    /** +0.0 in every lane. */
    record Zero() implements VExpr {}

    /** The value of a {@link ValueKind#VECTOR} local. */
    record Read(Local local) implements VExpr {
        public Read {
            if (local.kind() != ValueKind.VECTOR) throw new IllegalArgumentException("not a vector: " + local);
        }
    }

    /** Lanewise {@code left op right}; {@link Expr.BinaryOp#REM} is not a vector operation. */
    record Binary(Expr.BinaryOp op, VExpr left, VExpr right) implements VExpr {
        public Binary {
            if (op == Expr.BinaryOp.REM) throw new IllegalArgumentException("no vector remainder");
        }
    }
}
