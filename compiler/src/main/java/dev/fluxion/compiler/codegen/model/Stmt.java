package dev.fluxion.compiler.codegen.model;

import java.util.ArrayList;
import java.util.List;

/** A statement of generated code: one line of exported Java, one short run of bytecode. */
public sealed interface Stmt {
    /** {@code target = value}; the first assignment of a local declares it. */
    record Assign(Local target, Expr value) implements Stmt {
        public Assign {
            if (target.kind() != value.kind()) throw new IllegalArgumentException("assigning " + value.kind() + " to " + target);
        }
    }

    /** {@code array[index] = value}. */
    record Store(ArrayVar array, Expr index, Expr value) implements Stmt {
        public Store {
            if (index.kind() != ValueKind.INT) throw new IllegalArgumentException("array index must be an int");
            if (value.kind() != ValueKind.DOUBLE) throw new IllegalArgumentException("arrays hold doubles");
        }
    }

    /** {@code for (int index = from; index < to; index++) { body }}; the index is declared by the loop. */
    record Loop(Local index, Expr from, Expr to, List<Stmt> body) implements Stmt {
        public Loop {
            if (index.kind() != ValueKind.INT || from.kind() != ValueKind.INT || to.kind() != ValueKind.INT) {
                throw new IllegalArgumentException("loop bounds and index must be ints");
            }
            body = List.copyOf(body);
        }
    }

    /** Calls another method of the same class with the same three arrays. */
    record Invoke(String method) implements Stmt {}

    /**
     * Throws {@code IndexOutOfBoundsException} with {@code message} followed by the index when the
     * int {@code index} is outside {@code [0, bound)}.
     */
    record CheckIndex(Expr index, int bound, String message) implements Stmt {
        public CheckIndex {
            if (index.kind() != ValueKind.INT) throw new IllegalArgumentException("checked index must be an int");
        }
    }

    /**
     * Code with two forms that compute the same bits: {@code scalar}, which every backend can run,
     * and {@code vector}, the same arithmetic four lanes at a time ({@link VAssign}, {@link VStore},
     * {@link Expr.Lane}), which the bytecode backend runs when the JVM offers SIMD vectors. The
     * vector form does, lane by lane, exactly the scalar form's additions and multiplications in
     * the same order (IEEE arithmetic is the same in a lane as in a scalar), so results do not
     * depend on the form. Both forms assign the same locals that later statements read.
     */
    record Simd(List<Stmt> scalar, List<Stmt> vector) implements Stmt {
        public Simd {
            scalar = List.copyOf(scalar);
            vector = List.copyOf(vector);
        }

        /**
         * {@code body} with every {@code Simd}, at any depth, replaced by its scalar statements (the
         * same list when there is none). Recursion follows loop nesting, which the lowering bounds.
         */
        public static List<Stmt> scalarForm(List<Stmt> body) {
            List<Stmt> out = null;
            for (int k = 0; k < body.size(); k++) {
                Stmt s = body.get(k);
                List<Stmt> replacement = null;
                if (s instanceof Simd simd) {
                    replacement = scalarForm(simd.scalar());
                } else if (s instanceof Loop l) {
                    List<Stmt> inner = scalarForm(l.body());
                    if (inner != l.body()) replacement = List.of(new Loop(l.index(), l.from(), l.to(), inner));
                }
                if (replacement != null && out == null) out = new ArrayList<>(body.subList(0, k));
                if (out != null) {
                    if (replacement != null) out.addAll(replacement);
                    else out.add(s);
                }
            }
            return out == null ? body : List.copyOf(out);
        }
    }

    /** {@code target = value} for a {@link ValueKind#VECTOR} local; only in {@link Simd#vector()}. */
    record VAssign(Local target, VExpr value) implements Stmt {
        public VAssign {
            if (target.kind() != ValueKind.VECTOR) throw new IllegalArgumentException("vector assigned to " + target);
        }
    }

    /** {@code array[index + k] = value[k]} for the four lanes k; only in {@link Simd#vector()}. */
    record VStore(ArrayVar array, Expr index, VExpr value) implements Stmt {
        public VStore {
            if (index.kind() != ValueKind.INT) throw new IllegalArgumentException("array index must be an int");
        }
    }

    /** A line comment (no effect on bytecode). */
    record Comment(String text) implements Stmt {}
}
