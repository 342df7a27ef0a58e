package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;

import javax.lang.model.SourceVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.objectweb.asm.Opcodes.*;

/**
 * Turns a {@link ClassModel} into the bytes of one JVM class, written instruction by instruction
 * with ASM's {@link MethodVisitor} (stack map frames and maximums computed by ASM; each method's
 * body by {@link MethodEmitter}).
 *
 * <p>The class is {@code public final}, extends {@code Object} and implements
 * {@code dev.fluxion.compiler.codegen.GeneratedKernel}. Each {@link ConstantArray} becomes a
 * {@code private final double[]} field of the same name, set by the only constructor,
 * {@code public <init>(double[][] constants)}, from {@code constants[i]} in model order. Each
 * {@link MethodModel} becomes an instance method {@code (double[] in, double[] out, double[] work)V}:
 * the entry is public, helpers are private. When the entry is not named {@code run}, a public
 * {@code run} calling it is added, since {@code run} implements the interface. A private static
 * {@code outOfBounds(String, int)} helper is added when some method checks an index.
 *
 * <p>The checked entry {@code public apply(double[] in, double[] out)} (see
 * {@link dev.fluxion.compiler.codegen.GeneratedKernel#apply}) checks both lengths against the
 * model's sizes, pushed as constants, with {@code GeneratedKernel.checkLengths}, and calls the entry
 * with the scratch: {@code GeneratedKernel.NO_WORK} when the model needs none, else this thread's
 * array from the {@code private final ThreadLocal} field {@value #SCRATCH_FIELD} (a {@code $} is
 * appended while a constant has that name), which the constructor sets to
 * {@code GeneratedKernel.scratch(workSize)}.
 *
 * <p>Debug information: the source file attribute is {@value #SOURCE_FILE}; line {@code k} of a
 * method is its {@code k}-th statement in a pre-order walk of the model (comments included, loop
 * bodies counted after their loop). The local variable table names only the parameters: naming
 * every local would put each distinct name in the constant pool, which overflows its 65535
 * entries for graphs of about 60,000 nodes. (The JVM leaves frames of hidden classes out of stack
 * traces unless run with {@code -XX:+UnlockDiagnosticVMOptions -XX:+ShowHiddenFrames}; the line
 * numbers serve that flag, debuggers, profilers and the disassembly.)
 */
public final class BytecodeEmitter {
    private BytecodeEmitter() {}

    /** The package (internal form, with a trailing slash) generated classes must live in to be loaded by {@link KernelLoader}. */
    public static final String PACKAGE = "dev/fluxion/compiler/codegen/bytecode/";
    /** The {@code SourceFile} attribute of generated classes, shown in stack traces. */
    public static final String SOURCE_FILE = "FluxionKernel.generated";
    /** Descriptor of every generated computing method. */
    public static final String METHOD_DESCRIPTOR = "([D[D[D)V";
    /** Descriptor of the constructor. */
    public static final String CONSTRUCTOR_DESCRIPTOR = "([[D)V";
    /**
     * Constant arrays that get a field of their own, set in the constructor at about nine bytes
     * each; the rest are read from the constructor's array, kept whole in {@link #TABLE_FIELD}, so
     * that {@code <init>} stays far below the 8,000-byte limit however many constants a graph has
     * (a Hessian by rows can have thousands of one-hot seeds).
     */
    static final int FIELD_CONSTANTS = 600;
    /** The field holding every constant array, for those beyond {@link #FIELD_CONSTANTS}. */
    static final String TABLE_FIELD = "constants$";
    /** Prefix of the place of a constant read from the table: the prefix and its index. */
    static final String TABLE_ENTRY = "#";
    /** The field holding the per-thread scratch of a class whose model needs scratch. */
    static final String SCRATCH_FIELD = "scratch$";

    private static final String KERNEL_INTERFACE = "dev/fluxion/compiler/codegen/GeneratedKernel";
    private static final String THREAD_LOCAL = "Ljava/lang/ThreadLocal;";
    static final String OUT_OF_BOUNDS_DESCRIPTOR = "(Ljava/lang/String;I)Ljava/lang/IndexOutOfBoundsException;";
    private static final int FIRST_FREE_SLOT = 4; // 0 this, 1 in, 2 out, 3 work

    /**
     * Emits the class for {@code model}.
     *
     * @param internalName the class's internal name, e.g. {@code dev/fluxion/compiler/codegen/bytecode/Kernel1};
     *                     it must be in {@link #PACKAGE} for {@link KernelLoader} to define it
     * @throws IllegalArgumentException if the model is malformed: a method or constant name that is
     *                                  not a Java identifier or is used twice, a helper named {@code run}
     *                                  while the entry is not, a local read before it is assigned (in
     *                                  Java's scoping: a loop's index and the locals first assigned in
     *                                  its body end with the loop), a local used with two kinds, a
     *                                  local named like a parameter, an unknown array or method, or a
     *                                  store into a constant
     * @throws IllegalStateException    if a method exceeds the JVM's 64 KB code limit or the constant
     *                                  pool overflows (the lowering should have split the work)
     */
    public static byte[] emit(ClassModel model, String internalName) {
        return emit(model, internalName, VectorSupport.enabledByDefault());
    }

    /**
     * Emits the class for {@code model}, running the vector form of every {@link Stmt.Simd} when
     * {@code simd} is true (the class then links against {@code jdk.incubator.vector}, so only
     * where {@link VectorSupport#available()}), else the scalar form; otherwise as {@link #emit(ClassModel, String)}.
     */
    public static byte[] emit(ClassModel model, String internalName, boolean simd) {
        // Code with jumps needs stack map frames, in two passes. ASM's frame computation starts a
        // basic block at every visited label and gives each block arrays as long as max_locals, so
        // the label each line number needs would make one pass quadratic in method size (0.6 s
        // instead of 7 ms for 5000 statements). So the first pass writes the class without frames;
        // reading it back, ClassReader marks labels that only debug attributes use as such, and the
        // second pass computes frames over the real branch targets alone. Straight-line code (a
        // scalar graph: no loops, checks or conditionals) needs no frames, only maximums, which the
        // first pass computes itself; it is then the class, which saves reading and rewriting it.
        boolean loops = hasLoopsOrChecks(model);
        ClassWriter cw = new ClassWriter(loops ? 0 : ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, internalName, null, "java/lang/Object", new String[] {KERNEL_INTERFACE});
        cw.visitSource(SOURCE_FILE, null);

        Map<ArrayVar, String> constantFields = new HashMap<>();
        List<ConstantArray> constants = model.constants();
        for (int i = 0; i < constants.size(); i++) {
            ConstantArray c = constants.get(i);
            String name = c.array().name();
            requireIdentifier(name, "constant");
            if (constantFields.put(c.array(), i < FIELD_CONSTANTS ? name : TABLE_ENTRY + i) != null) {
                throw new IllegalArgumentException("two constants named " + name);
            }
            // Final: HotSpot's JIT trusts final instance fields of hidden classes (unlike those of
            // ordinary classes), so it may treat the array reference as constant where it can.
            if (i < FIELD_CONSTANTS) cw.visitField(ACC_PRIVATE | ACC_FINAL, name, "[D", null, null).visitEnd();
        }
        if (constants.size() > FIELD_CONSTANTS) cw.visitField(ACC_PRIVATE | ACC_FINAL, TABLE_FIELD, "[[D", null, null).visitEnd();
        String scratch = null;
        if (model.workSize() > 0) {
            scratch = SCRATCH_FIELD;
            while (constantFields.containsValue(scratch)) scratch += "$";
            cw.visitField(ACC_PRIVATE | ACC_FINAL, scratch, THREAD_LOCAL, null, null).visitEnd();
        }
        emitConstructor(cw, internalName, model.constants(), model.workSize(), scratch);

        Set<String> methodNames = new HashSet<>();
        for (MethodModel m : model.methods()) {
            requireIdentifier(m.name(), "method");
            if (!methodNames.add(m.name())) throw new IllegalArgumentException("two methods named " + m.name());
        }
        if (!model.entry().equals("run") && methodNames.contains("run")) {
            throw new IllegalArgumentException("a helper method cannot be named run: run implements GeneratedKernel");
        }
        String outOfBounds = "outOfBounds";
        while (methodNames.contains(outOfBounds)) outOfBounds += "$";

        boolean[] checksIndices = {false};
        boolean jumps = loops;
        for (MethodModel m : model.methods()) {
            int access = m.name().equals(model.entry()) ? ACC_PUBLIC : ACC_PRIVATE;
            MethodVisitor mv = cw.visitMethod(access, m.name(), METHOD_DESCRIPTOR, null, null);
            MethodEmitter emitter = new MethodEmitter(mv, internalName, constantFields, methodNames, outOfBounds, checksIndices, simd);
            emitter.emit(m);
            jumps |= emitter.jumps();
        }
        if (!model.entry().equals("run")) emitRunBridge(cw, internalName, model.entry());
        emitApply(cw, internalName, model, scratch);
        if (checksIndices[0]) emitOutOfBounds(cw, outOfBounds);
        cw.visitEnd();
        try {
            if (!jumps) return cw.toByteArray();
            ClassWriter framed = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                // Generated code only merges values of one type (double, int, double[], DoubleVector),
                // so ASM never needs a common superclass; answering without loading classes keeps
                // emission side-effect free.
                @Override
                protected String getCommonSuperClass(String type1, String type2) {
                    return "java/lang/Object";
                }
            };
            new ClassReader(cw.toByteArray()).accept(framed, 0);
            return framed.toByteArray();
        } catch (MethodTooLargeException e) {
            throw new IllegalStateException("generated method " + e.getMethodName() + " needs " + e.getCodeSize()
                    + " bytes of bytecode, over the JVM's 65535-byte limit", e);
        } catch (ClassTooLargeException e) {
            throw new IllegalStateException("generated class needs " + e.getConstantPoolCount()
                    + " constant pool entries, over the JVM's 65535 limit", e);
        }
    }

    /** Whether a method has a loop or an index check (both jump) among its statements; loops hold all nested ones. */
    private static boolean hasLoopsOrChecks(ClassModel model) {
        for (MethodModel m : model.methods()) {
            for (Stmt s : m.body()) if (s instanceof Stmt.Loop || s instanceof Stmt.CheckIndex || s instanceof Stmt.Simd) return true;
        }
        return false;
    }

    private static void requireIdentifier(String name, String what) {
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw new IllegalArgumentException(what + " name is not a Java identifier: '" + name + "'");
        }
    }

    // ---- class members other than the model's methods ---------------------------------------------

    private static void emitConstructor(ClassWriter cw, String owner, List<ConstantArray> constants, int workSize, String scratch) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", CONSTRUCTOR_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        for (int i = 0; i < Math.min(constants.size(), FIELD_CONSTANTS); i++) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            pushInt(mv, i);
            mv.visitInsn(AALOAD);
            mv.visitFieldInsn(PUTFIELD, owner, constants.get(i).array().name(), "[D");
        }
        if (constants.size() > FIELD_CONSTANTS) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitFieldInsn(PUTFIELD, owner, TABLE_FIELD, "[[D");
        }
        if (scratch != null) {
            mv.visitVarInsn(ALOAD, 0);
            pushInt(mv, workSize);
            mv.visitMethodInsn(INVOKESTATIC, KERNEL_INTERFACE, "scratch", "(I)" + THREAD_LOCAL, true);
            mv.visitFieldInsn(PUTFIELD, owner, scratch, THREAD_LOCAL);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code public void run(in, out, work) { entry(in, out, work); }} for models whose entry has another name. */
    private static void emitRunBridge(ClassWriter cw, String owner, String entry) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", METHOD_DESCRIPTOR, null, null);
        mv.visitCode();
        for (int slot = 0; slot < FIRST_FREE_SLOT; slot++) mv.visitVarInsn(ALOAD, slot);
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, entry, METHOD_DESCRIPTOR, false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code public void apply(in, out) { GeneratedKernel.checkLengths(in, IN, out, OUT); entry(in, out, scratch); }}
     * with the model's sizes as constants; the scratch is {@code GeneratedKernel.NO_WORK} or
     * {@code (double[]) this.scratch.get()}. Straight-line, so it needs no stack map frame.
     */
    private static void emitApply(ClassWriter cw, String owner, ClassModel model, String scratch) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "apply", "([D[D)V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 1);
        pushInt(mv, model.inputSize());
        mv.visitVarInsn(ALOAD, 2);
        pushInt(mv, model.outputSize());
        mv.visitMethodInsn(INVOKESTATIC, KERNEL_INTERFACE, "checkLengths", "([DI[DI)V", true);
        for (int slot = 0; slot < 3; slot++) mv.visitVarInsn(ALOAD, slot);
        if (scratch == null) {
            mv.visitFieldInsn(GETSTATIC, KERNEL_INTERFACE, "NO_WORK", "[D");
        } else {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, owner, scratch, THREAD_LOCAL);
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/ThreadLocal", "get", "()Ljava/lang/Object;", false);
            mv.visitTypeInsn(CHECKCAST, "[D");
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, model.entry(), METHOD_DESCRIPTOR, false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(4, 3);
        mv.visitEnd();
    }

    /**
     * {@code private static IndexOutOfBoundsException outOfBounds(String message, int index)}: building
     * the exception out of line keeps each index check to a few bytes, which matters because methods
     * must stay under HotSpot's 8000-byte compilation limit.
     */
    private static void emitOutOfBounds(ClassWriter cw, String name) {
        MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, name, OUT_OF_BOUNDS_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitTypeInsn(NEW, "java/lang/IndexOutOfBoundsException");
        mv.visitInsn(DUP);
        mv.visitTypeInsn(NEW, "java/lang/StringBuilder");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Pushes an int with the shortest instruction that holds it. */
    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else if ((v >> 15) >= Short.MIN_VALUE && (v >> 15) <= Short.MAX_VALUE) {
            // (hi << 15) | lo instead of a constant-pool entry: a graph of 10^5 nodes indexes its
            // scratch array at tens of thousands of distinct offsets, more than the pool holds
            mv.visitIntInsn(SIPUSH, v >> 15);
            mv.visitIntInsn(BIPUSH, 15);
            mv.visitInsn(ISHL);
            mv.visitIntInsn(SIPUSH, v & 0x7FFF);
            mv.visitInsn(IOR);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /** Pushes a double; only +0.0 (not -0.0, whose bits differ) and 1.0 have one-byte forms. */
    static void pushDouble(MethodVisitor mv, double v) {
        if (Double.doubleToRawLongBits(v) == 0L) mv.visitInsn(DCONST_0);
        else if (v == 1.0) mv.visitInsn(DCONST_1);
        else mv.visitLdcInsn(v); // LDC2_W keeps the exact bits, NaN and infinities included
    }
}
