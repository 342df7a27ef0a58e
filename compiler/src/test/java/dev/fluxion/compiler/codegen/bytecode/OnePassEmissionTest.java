package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.codegen.Lowering;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.codegen.model.Expr.Comparison;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.PassManager;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;

import static dev.fluxion.compiler.codegen.ModelDsl.*;
import static dev.fluxion.compiler.codegen.bytecode.KernelTesting.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link BytecodeEmitter} writes straight-line classes in one pass (maximums computed as it goes,
 * no stack map frames) and classes with jumps in two (frames computed on re-reading). Either way
 * the bytes are those of the two-pass scheme every class used to go through: re-reading the class
 * and recomputing its frames and maximums changes nothing.
 */
class OnePassEmissionTest {

    /** The emitter's former second pass: read the class back and let ASM compute frames and maximums. */
    private static byte[] recomputeFrames(byte[] bytes) {
        ClassWriter framed = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        new ClassReader(bytes).accept(framed, 0);
        return framed.toByteArray();
    }

    /** Number of stack map frames in the class. */
    private static int frames(byte[] bytes) {
        int[] count = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                        count[0]++;
                    }
                };
            }
        }, 0);
        return count[0];
    }

    private static void assertAsBefore(ClassModel m, boolean straightLine) {
        byte[] bytes = emit(m); // also verifies
        assertArrayEquals(recomputeFrames(bytes), bytes);
        assertEquals(straightLine, frames(bytes) == 0);
    }

    @Test
    void straightLineMethodsAreWrittenInOnePassWithTheSameBytes() {
        Local a = dl("a"), b = dl("b"), n = il("n");
        ConstantArray table = new ConstantArray(new ArrayVar("c0"), new double[] {0.25, -3, 1e300});
        ClassModel m = model(2, 3, 1, List.of(
                assign(a, add(in(0), load(table.array(), i(2)))),
                assign(n, i(70_000)),
                assign(b, call(MathFunction.ATAN2, read(a), in(1))),
                store(ArrayVar.WORK, i(0), mul(read(b), d(-0.0))),
                out(0, call(MathFunction.ERF, load(ArrayVar.WORK, i(0)))),
                out(1, div(read(a), read(b))),
                out(2, sub(read(b), d(1)))), table);
        assertAsBefore(m, true);
        double[] got = run(KernelLoader.load(emit(m), m), m, 0.5, 2);
        double av = 0.5 + 1e300, bv = Math.atan2(av, 2);
        assertArrayEquals(new double[] {-0.0, av / bv, bv - 1}, got);
    }

    @Test
    void methodsCallingEachOtherStayStraightLine() {
        MethodModel entry = new MethodModel("entry", "calls", List.of(new Stmt.Invoke("first"), new Stmt.Invoke("second")));
        MethodModel first = new MethodModel("first", "one", List.of(store(ArrayVar.WORK, i(0), mul(in(0), in(0)))));
        MethodModel second = new MethodModel("second", "two", List.of(out(0, add(load(ArrayVar.WORK, i(0)), d(1)))));
        ClassModel m = new ClassModel("calls", List.of(), List.of(entry, first, second), "entry", 1, new int[] {0, 1}, new int[] {0, 1});
        assertAsBefore(m, true);
        assertArrayEquals(new double[] {10}, run(KernelLoader.load(emit(m), m), m, 3));
    }

    @Test
    void conditionalsAndLoopsStillGetFrames() {
        ClassModel select = model(2, 1, 0, List.of(out(0, cond(Comparison.LT, in(0), in(1), in(0), in(1)))));
        assertAsBefore(select, false);
        Local k = il("k"), s = dl("s");
        ClassModel loop = model(4, 1, 0, List.of(
                assign(s, d(0)),
                loop(k, i(0), i(4), assign(s, add(read(s), load(ArrayVar.IN, read(k))))),
                out(0, read(s))));
        assertAsBefore(loop, false);
    }

    @Test
    void aLoweredScalarGradientIsStraightLine() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node f = b.add(b.mul(b.sin(x), b.exp(y)), b.div(b.log(b.add(b.square(x), 1)), b.sqrt(b.add(b.square(y), 2))));
        ClassModel m = Lowering.lower(PassManager.forCodegen().optimize(ReverseMode.grad(b.build(f))));
        assertAsBefore(m, true);
    }
}
