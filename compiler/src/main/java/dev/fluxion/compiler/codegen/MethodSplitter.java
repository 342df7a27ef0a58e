package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.VExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the lowered statements into methods of bounded size. Lowering asks for room before it
 * builds each unit ({@link #reserve}), so a unit's locals are always read in the method that
 * defines them; a value needed by a later method is stored to {@code work} at the end of its own
 * method ({@link #spill}). The entry method calls the parts in order, through a tree of calls when
 * there are too many for one method.
 */
final class MethodSplitter {
    /**
     * Estimated bytecode bytes per method. HotSpot does not compile methods over 8,000 bytes; the
     * estimate is pessimistic and a backend check measures the real size.
     */
    static final int BUDGET = 3000;
    /** Calls per dispatch method (each call is 7 bytes). */
    private static final int CALLS_PER_METHOD = 400;

    private final List<List<Stmt>> parts = new ArrayList<>();
    private final List<List<Stmt>> spills = new ArrayList<>();
    private final List<String> docs = new ArrayList<>();
    private int size;

    MethodSplitter() {
        startPart();
    }

    /** The index of the method now being filled. */
    int part() {
        return parts.size() - 1;
    }

    /** Starts a new method unless {@code estimate} more bytes fit in the current one (or it is empty). */
    void reserve(int estimate) {
        if (size > 0 && size + estimate > BUDGET) startPart();
    }

    void add(Stmt s) {
        parts.get(part()).add(s);
        size += Sizes.of(s);
    }

    void addAll(List<Stmt> stmts) {
        for (Stmt s : stmts) add(s);
    }

    /** Appends {@code s} to the end of method {@code part} (which may already be closed). */
    void spill(int part, Stmt s) {
        spills.get(part).add(s);
    }

    private void startPart() {
        parts.add(new ArrayList<>());
        spills.add(new ArrayList<>());
        size = 0;
    }

    /** The methods, the entry named {@code entry} first. */
    List<MethodModel> methods(String entry, String entryDoc) {
        List<MethodModel> out = new ArrayList<>();
        if (parts.size() == 1) {
            out.add(new MethodModel(entry, entryDoc, body(0)));
            return out;
        }
        List<String> level = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            String name = "part" + p;
            level.add(name);
            out.add(new MethodModel(name, "Part " + p + " of " + parts.size() + " of " + entry + ", split to keep methods small.", body(p)));
        }
        int depth = 0;
        while (level.size() > CALLS_PER_METHOD) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += CALLS_PER_METHOD) {
                String name = "calls" + depth + "_" + next.size();
                next.add(name);
                out.add(new MethodModel(name, "Calls parts in order.", invokes(level.subList(i, Math.min(level.size(), i + CALLS_PER_METHOD)))));
            }
            level = next;
            depth++;
        }
        out.add(0, new MethodModel(entry, entryDoc, invokes(level)));
        return out;
    }

    private List<Stmt> body(int p) {
        List<Stmt> b = new ArrayList<>(parts.get(p));
        b.addAll(spills.get(p));
        return b;
    }

    private static List<Stmt> invokes(List<String> names) {
        List<Stmt> b = new ArrayList<>();
        for (String n : names) b.add(new Stmt.Invoke(n));
        return b;
    }

    /** Pessimistic bytecode sizes of statements and expressions (wide local indices, long constants). */
    static final class Sizes {
        private Sizes() {}

        /** Loop bodies nest only as deep as the lowering's loop nests (a tensor's rank plus two). */
        static int of(Stmt s) {
            if (s instanceof Stmt.Assign a) return of(a.value()) + 4;
            if (s instanceof Stmt.Store st) return of(st.index()) + of(st.value()) + 3;
            if (s instanceof Stmt.Loop l) {
                int n = of(l.from()) + of(l.to()) + 20;
                for (Stmt b : l.body()) n += of(b);
                return n;
            }
            if (s instanceof Stmt.Invoke) return 8;
            if (s instanceof Stmt.CheckIndex c) return of(c.index()) * 2 + 40;
            if (s instanceof Stmt.Simd simd) return Math.max(of(simd.scalar()), of(simd.vector()));
            if (s instanceof Stmt.VAssign a) return of(a.value()) + 4;
            if (s instanceof Stmt.VStore st) return of(st.index()) + of(st.value()) + 8;
            return 0;
        }

        static int of(List<Stmt> body) {
            int n = 0;
            for (Stmt s : body) n += of(s);
            return n;
        }

        /** A vector load or broadcast reads the species field (3 bytes) and calls a static method (3). */
        static int of(VExpr e) {
            if (e instanceof VExpr.Load l) return of(l.index()) + 10;
            if (e instanceof VExpr.Broadcast b) return of(b.value()) + 6;
            if (e instanceof VExpr.Zero) return 6;
            if (e instanceof VExpr.Read) return 4;
            VExpr.Binary b = (VExpr.Binary) e;
            return of(b.left()) + of(b.right()) + 3;
        }

        static int of(Expr e) {
            if (e instanceof Expr.IntConst c) return Math.abs((long) c.value()) > Short.MAX_VALUE ? 10 : 3; // see BytecodeEmitter.pushInt
            if (e instanceof Expr.DoubleConst || e instanceof Expr.Read) return 4;
            if (e instanceof Expr.Load l) return of(l.index()) + 3;
            if (e instanceof Expr.Unary u) return of(u.operand()) + 2;
            if (e instanceof Expr.Lane) return 9;
            if (e instanceof Expr.Binary b) return of(b.left()) + of(b.right()) + 1;
            if (e instanceof Expr.Call c) {
                int n = 3;
                for (Expr a : c.args()) n += of(a);
                return n;
            }
            Expr.Conditional c = (Expr.Conditional) e;
            return of(c.left()) + of(c.right()) + of(c.ifTrue()) + of(c.ifFalse()) + 10;
        }
    }
}
