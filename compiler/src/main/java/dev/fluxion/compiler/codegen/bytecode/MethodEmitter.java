package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.VExpr;
import dev.fluxion.compiler.codegen.model.ValueKind;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.objectweb.asm.Opcodes.*;

/**
 * Emits one model method for {@link BytecodeEmitter}: assigns JVM slots to locals and walks
 * statements and expressions. Each local's slot, kind and assignedness sit in one table entry, so
 * a read or write costs one map lookup.
 */
final class MethodEmitter {
    private static final int FIRST_FREE_SLOT = 4; // 0 this, 1 in, 2 out, 3 work
    private static final String SPECIAL_FUNCTIONS = "dev/fluxion/compiler/interpret/SpecialFunctions";
    /** {@code (D)D}, {@code (DD)D}, …: descriptors of math functions by arity, built once. */
    private static final String[] MATH_DESCRIPTORS = {"()D", "(D)D", "(DD)D", "(DDD)D", "(DDDD)D"};

    /** A local's slot and kind (fixed for the whole method: sibling loops share their index) and whether it is assigned here. */
    private static final class Slot {
        final int index;
        final ValueKind kind;
        boolean assigned;

        Slot(int index, ValueKind kind) {
            this.index = index;
            this.kind = kind;
        }
    }

    private final MethodVisitor mv;
    private final String owner;
    private final Map<ArrayVar, String> constantFields;
    private final Set<String> methodNames;
    private final String outOfBounds;
    private final boolean[] checksIndices;
    /** Whether {@link Stmt.Simd} runs its vector form (else its scalar form). */
    private final boolean simd;
    private final Label start = new Label();
    private final Label end = new Label();
    /** Each local by name: one map lookup per use. */
    private Map<String, Slot> slots;
    /**
     * The locals that became assigned, in order: {@link Slot#assigned} mirrors Java's definite
     * assignment, and leaving a loop scope unassigns what its body assigned by cutting this log
     * back, instead of copying a set of names at every loop.
     */
    private final List<Slot> assignedLog = new ArrayList<>();
    private int nextSlot = FIRST_FREE_SLOT;
    private boolean jumps;
    private int scratchInt = -1;
    private int line;

    MethodEmitter(MethodVisitor mv, String owner, Map<ArrayVar, String> constantFields, Set<String> methodNames,
                  String outOfBounds, boolean[] checksIndices, boolean simd) {
        this.mv = mv;
        this.simd = simd;
        this.owner = owner;
        this.constantFields = constantFields;
        this.methodNames = methodNames;
        this.outOfBounds = outOfBounds;
        this.checksIndices = checksIndices;
    }

    void emit(MethodModel m) {
        // Sized for straight-line code, about one local per statement, so that it does not rehash.
        slots = new HashMap<>(Math.max(16, 2 * m.body().size()));
        mv.visitCode();
        mv.visitLabel(start);
        statements(m.body());
        mv.visitInsn(RETURN);
        mv.visitLabel(end);
        mv.visitLocalVariable("this", "L" + owner + ";", null, start, end, 0);
        mv.visitLocalVariable("in", "[D", null, start, end, 1);
        mv.visitLocalVariable("out", "[D", null, start, end, 2);
        mv.visitLocalVariable("work", "[D", null, start, end, 3);
        mv.visitMaxs(0, 0); // computed by ASM: in this pass for straight-line classes (COMPUTE_MAXS), else in the framing pass
        mv.visitEnd();
    }

    /** Whether the method emitted so far has a jump (a loop, an index check or a conditional), and so needs stack map frames. */
    boolean jumps() {
        return jumps;
    }

    private void statements(List<Stmt> body) {
        for (Stmt s : body) statement(s);
    }

    private void statement(Stmt s) {
        line++;
        if (s instanceof Stmt.Comment) return;
        if (line <= 0xFFFF) { // line numbers are u2; later statements simply go unnumbered
            Label here = new Label();
            mv.visitLabel(here);
            mv.visitLineNumber(line, here);
        }
        if (s instanceof Stmt.Assign a) {
            expr(a.value());
            Slot slot = declare(a.target());
            mv.visitVarInsn(a.target().kind() == ValueKind.DOUBLE ? DSTORE : ISTORE, slot.index);
            assign(slot);
        } else if (s instanceof Stmt.Store st) {
            if (constantFields.containsKey(st.array())) throw new IllegalArgumentException("cannot store into constant " + st.array().name());
            loadArray(st.array());
            expr(st.index());
            expr(st.value());
            mv.visitInsn(DASTORE);
        } else if (s instanceof Stmt.Loop loop) {
            loop(loop);
        } else if (s instanceof Stmt.Invoke inv) {
            if (!methodNames.contains(inv.method())) throw new IllegalArgumentException("invoke of unknown method " + inv.method());
            for (int slot = 0; slot < FIRST_FREE_SLOT; slot++) mv.visitVarInsn(ALOAD, slot);
            // invokevirtual on a private method of the same class is what javac emits since Java 11
            mv.visitMethodInsn(INVOKEVIRTUAL, owner, inv.method(), BytecodeEmitter.METHOD_DESCRIPTOR, false);
        } else if (s instanceof Stmt.CheckIndex check) {
            checkIndex(check);
        } else if (s instanceof Stmt.Simd both) {
            statements(simd ? both.vector() : both.scalar());
        } else if (s instanceof Stmt.VAssign a) {
            vector(a.value());
            Slot slot = declare(a.target());
            mv.visitVarInsn(ASTORE, slot.index);
            assign(slot);
        } else if (s instanceof Stmt.VStore st) {
            if (constantFields.containsKey(st.array())) throw new IllegalArgumentException("cannot store into constant " + st.array().name());
            vector(st.value());
            loadArray(st.array());
            expr(st.index());
            mv.visitMethodInsn(INVOKEVIRTUAL, VectorSupport.VECTOR, "intoArray", "([DI)V", false);
        } else {
            throw new IllegalArgumentException("unknown statement " + s);
        }
    }

    /**
     * {@code for (int i = from; i < to; i++) body} in the shape javac produces and HotSpot's loop
     * optimisations expect: the test sits at the bottom and jumps back to the body; {@code to}
     * is re-evaluated before every iteration, as in Java.
     */
    private void loop(Stmt.Loop loop) {
        jumps = true;
        int outer = assignedLog.size();
        expr(loop.from());
        Slot indexSlot = declare(loop.index());
        int index = indexSlot.index;
        mv.visitVarInsn(ISTORE, index);
        assign(indexSlot);
        int atTest = assignedLog.size();
        Label body = new Label();
        Label test = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(body);
        statements(loop.body());
        mv.visitIincInsn(index, 1);
        mv.visitLabel(test);
        unassignAfter(atTest); // the test also runs before the first iteration: the body's locals are not assigned there
        mv.visitVarInsn(ILOAD, index);
        expr(loop.to());
        mv.visitJumpInsn(IF_ICMPLT, body);
        unassignAfter(outer); // the index and the body's locals go out of scope
    }

    private void assign(Slot slot) {
        if (!slot.assigned) {
            slot.assigned = true;
            assignedLog.add(slot);
        }
    }

    /** Undoes the assignments logged after position {@code mark}. */
    private void unassignAfter(int mark) {
        for (int k = assignedLog.size() - 1; k >= mark; k--) assignedLog.remove(k).assigned = false;
    }

    /** {@code if (i < 0 || i >= bound) throw outOfBounds(message, i);} */
    private void checkIndex(Stmt.CheckIndex check) {
        checksIndices[0] = true;
        jumps = true;
        int slot;
        if (check.index() instanceof Expr.Read r) {
            slot = readSlot(r.local());
        } else {
            if (scratchInt < 0) scratchInt = allocate(1);
            slot = scratchInt;
            expr(check.index());
            mv.visitVarInsn(ISTORE, slot);
        }
        Label fail = new Label();
        Label ok = new Label();
        mv.visitVarInsn(ILOAD, slot);
        mv.visitJumpInsn(IFLT, fail);
        mv.visitVarInsn(ILOAD, slot);
        BytecodeEmitter.pushInt(mv, check.bound());
        mv.visitJumpInsn(IF_ICMPLT, ok);
        mv.visitLabel(fail);
        mv.visitLdcInsn(check.message());
        mv.visitVarInsn(ILOAD, slot);
        mv.visitMethodInsn(INVOKESTATIC, owner, outOfBounds, BytecodeEmitter.OUT_OF_BOUNDS_DESCRIPTOR, false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(ok);
    }

    /** The slot of {@code local}, allocating one on first sight. */
    private Slot declare(Local local) {
        Slot known = slots.get(local.name());
        if (known == null) {
            if (isParameter(local.name())) throw new IllegalArgumentException("local " + local.name() + " would hide the parameter of that name");
            Slot slot = new Slot(allocate(local.kind() == ValueKind.DOUBLE ? 2 : 1), local.kind());
            slots.put(local.name(), slot);
            return slot;
        }
        if (known.kind != local.kind()) throw new IllegalArgumentException("local " + local.name() + " used as both " + known.kind + " and " + local.kind());
        return known;
    }

    /** {@code in}, {@code out} or {@code work}; compared directly, as every new local is checked. */
    private static boolean isParameter(String name) {
        return name.equals("in") || name.equals("out") || name.equals("work");
    }

    private int allocate(int size) {
        int slot = nextSlot;
        nextSlot += size;
        if (nextSlot > 0xFFFF) throw new IllegalArgumentException("method needs more than 65535 local variable slots");
        return slot;
    }

    private int readSlot(Local local) {
        Slot slot = slots.get(local.name());
        if (slot == null || !slot.assigned) throw new IllegalArgumentException("local " + local.name() + " is read before it is assigned");
        if (slot.kind != local.kind()) {
            throw new IllegalArgumentException("local " + local.name() + " used as both " + slot.kind + " and " + local.kind());
        }
        return slot.index;
    }

    private void loadArray(ArrayVar array) {
        if (array.equals(ArrayVar.IN)) mv.visitVarInsn(ALOAD, 1);
        else if (array.equals(ArrayVar.OUT)) mv.visitVarInsn(ALOAD, 2);
        else if (array.equals(ArrayVar.WORK)) mv.visitVarInsn(ALOAD, 3);
        else {
            String field = constantFields.get(array);
            if (field == null) throw new IllegalArgumentException("unknown array " + array.name());
            mv.visitVarInsn(ALOAD, 0);
            if (field.startsWith(BytecodeEmitter.TABLE_ENTRY)) {
                mv.visitFieldInsn(GETFIELD, owner, BytecodeEmitter.TABLE_FIELD, "[[D");
                BytecodeEmitter.pushInt(mv, Integer.parseInt(field.substring(BytecodeEmitter.TABLE_ENTRY.length())));
                mv.visitInsn(AALOAD);
            } else {
                mv.visitFieldInsn(GETFIELD, owner, field, "[D");
            }
        }
    }

    // ---- expressions (shallow trees: recursion depth is bounded by the lowering) -------------

    private void expr(Expr e) {
        if (e instanceof Expr.DoubleConst c) {
            BytecodeEmitter.pushDouble(mv, c.value());
        } else if (e instanceof Expr.IntConst c) {
            BytecodeEmitter.pushInt(mv, c.value());
        } else if (e instanceof Expr.Read r) {
            mv.visitVarInsn(r.kind() == ValueKind.DOUBLE ? DLOAD : ILOAD, readSlot(r.local()));
        } else if (e instanceof Expr.Load l) {
            loadArray(l.array());
            expr(l.index());
            mv.visitInsn(DALOAD);
        } else if (e instanceof Expr.Unary u) {
            expr(u.operand());
            unary(u.op());
        } else if (e instanceof Expr.Binary b) {
            expr(b.left());
            expr(b.right());
            mv.visitInsn(binaryOpcode(b.op(), b.kind()));
        } else if (e instanceof Expr.Call c) {
            for (Expr a : c.args()) expr(a);
            String owner = c.function().isJdk() ? "java/lang/Math" : SPECIAL_FUNCTIONS;
            int arity = c.function().arity();
            String descriptor = arity < MATH_DESCRIPTORS.length ? MATH_DESCRIPTORS[arity] : "(" + "D".repeat(arity) + ")D";
            mv.visitMethodInsn(INVOKESTATIC, owner, c.function().methodName(), descriptor, false);
        } else if (e instanceof Expr.Conditional c) {
            conditional(c);
        } else if (e instanceof Expr.Lane lane) {
            mv.visitVarInsn(ALOAD, readSlot(lane.vector()));
            BytecodeEmitter.pushInt(mv, lane.lane());
            mv.visitMethodInsn(INVOKEVIRTUAL, VectorSupport.VECTOR, "lane", "(I)D", false);
        } else {
            throw new IllegalArgumentException("unknown expression " + e);
        }
    }

    /** Leaves a {@code DoubleVector} on the stack; the species is read from its static final field, which the JIT folds. */
    private void vector(VExpr e) {
        if (e instanceof VExpr.Load l) {
            mv.visitFieldInsn(GETSTATIC, VectorSupport.VECTOR, VectorSupport.SPECIES_FIELD, VectorSupport.SPECIES_DESCRIPTOR);
            loadArray(l.array());
            expr(l.index());
            mv.visitMethodInsn(INVOKESTATIC, VectorSupport.VECTOR, "fromArray", "(" + VectorSupport.SPECIES_DESCRIPTOR + "[DI)" + VectorSupport.VECTOR_DESCRIPTOR, false);
        } else if (e instanceof VExpr.Broadcast b) {
            mv.visitFieldInsn(GETSTATIC, VectorSupport.VECTOR, VectorSupport.SPECIES_FIELD, VectorSupport.SPECIES_DESCRIPTOR);
            expr(b.value());
            mv.visitMethodInsn(INVOKESTATIC, VectorSupport.VECTOR, "broadcast", "(" + VectorSupport.SPECIES_DESCRIPTOR + "D)" + VectorSupport.VECTOR_DESCRIPTOR, false);
        } else if (e instanceof VExpr.Zero) {
            mv.visitFieldInsn(GETSTATIC, VectorSupport.VECTOR, VectorSupport.SPECIES_FIELD, VectorSupport.SPECIES_DESCRIPTOR);
            mv.visitMethodInsn(INVOKESTATIC, VectorSupport.VECTOR, "zero", "(" + VectorSupport.SPECIES_DESCRIPTOR + ")" + VectorSupport.VECTOR_DESCRIPTOR, false);
        } else if (e instanceof VExpr.Read r) {
            mv.visitVarInsn(ALOAD, readSlot(r.local()));
        } else if (e instanceof VExpr.Binary b) {
            vector(b.left());
            vector(b.right());
            String name = switch (b.op()) {
                case ADD -> "add";
                case SUB -> "sub";
                case MUL -> "mul";
                case DIV -> "div";
                case REM -> throw new IllegalArgumentException("no vector remainder");
            };
            mv.visitMethodInsn(INVOKEVIRTUAL, VectorSupport.VECTOR, name, VectorSupport.BINARY_DESCRIPTOR, false);
        } else {
            throw new IllegalArgumentException("unknown vector expression " + e);
        }
    }

    private void unary(Expr.UnaryOp op) {
        switch (op) {
            case NEG: mv.visitInsn(DNEG); break;
            case ROUND_F32: mv.visitInsn(D2F); mv.visitInsn(F2D); break;
            case TRUNC_I64: mv.visitInsn(D2L); mv.visitInsn(L2D); break;
            case TO_INT: mv.visitInsn(D2I); break;
            case TO_DOUBLE: mv.visitInsn(I2D); break;
            default: throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    private static int binaryOpcode(Expr.BinaryOp op, ValueKind kind) {
        boolean d = kind == ValueKind.DOUBLE;
        switch (op) {
            case ADD: return d ? DADD : IADD;
            case SUB: return d ? DSUB : ISUB;
            case MUL: return d ? DMUL : IMUL;
            case DIV: return d ? DDIV : IDIV;
            case REM: return d ? DREM : IREM;
            default: throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /**
     * {@code (l cmp r) ? t : f}. Jumps to {@code f} when the comparison fails. For doubles the
     * comparison instruction is chosen as javac does so that NaN fails every comparison but
     * NE: DCMPG (NaN gives 1) before the jumps taken on "not less", DCMPL (NaN gives -1) before
     * the jumps taken on "not greater" and for EQ/NE.
     */
    private void conditional(Expr.Conditional c) {
        jumps = true;
        Label ifFalse = new Label();
        Label done = new Label();
        expr(c.left());
        expr(c.right());
        if (c.left().kind() == ValueKind.DOUBLE) {
            switch (c.comparison()) {
                case LT: mv.visitInsn(DCMPG); mv.visitJumpInsn(IFGE, ifFalse); break;
                case LE: mv.visitInsn(DCMPG); mv.visitJumpInsn(IFGT, ifFalse); break;
                case GT: mv.visitInsn(DCMPL); mv.visitJumpInsn(IFLE, ifFalse); break;
                case GE: mv.visitInsn(DCMPL); mv.visitJumpInsn(IFLT, ifFalse); break;
                case EQ: mv.visitInsn(DCMPL); mv.visitJumpInsn(IFNE, ifFalse); break;
                case NE: mv.visitInsn(DCMPL); mv.visitJumpInsn(IFEQ, ifFalse); break;
                default: throw new IllegalArgumentException("unknown comparison " + c.comparison());
            }
        } else {
            switch (c.comparison()) {
                case LT: mv.visitJumpInsn(IF_ICMPGE, ifFalse); break;
                case LE: mv.visitJumpInsn(IF_ICMPGT, ifFalse); break;
                case GT: mv.visitJumpInsn(IF_ICMPLE, ifFalse); break;
                case GE: mv.visitJumpInsn(IF_ICMPLT, ifFalse); break;
                case EQ: mv.visitJumpInsn(IF_ICMPNE, ifFalse); break;
                case NE: mv.visitJumpInsn(IF_ICMPEQ, ifFalse); break;
                default: throw new IllegalArgumentException("unknown comparison " + c.comparison());
            }
        }
        expr(c.ifTrue());
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(ifFalse);
        expr(c.ifFalse());
        mv.visitLabel(done);
    }
}
