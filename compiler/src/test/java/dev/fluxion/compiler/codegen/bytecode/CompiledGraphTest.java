package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.codegen.BytecodeBackend;
import dev.fluxion.compiler.codegen.CompiledGraph;
import dev.fluxion.compiler.codegen.GeneratedKernel;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.UnaryOp;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.ir.Graph;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.fluxion.compiler.codegen.bytecode.KernelTesting.*;
import static dev.fluxion.compiler.codegen.ModelDsl.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link CompiledGraph} and {@link BytecodeBackend#compile(ClassModel, Graph)} on hand-built models. */
class CompiledGraphTest {
    private static final int N = 64;
    private static final int WORK = 256;

    /**
     * out[j] = sum_k work[k] * (j + 1) with work[k] = in[k % N]^2 + k, computed in two helper
     * methods: any sharing of {@code work} between threads would mix their values.
     */
    private static ClassModel pipeline() {
        Local k = il("k"), j = il("j"), s = dl("s");
        MethodModel entry = new MethodModel("run", "entry", List.of(new Stmt.Invoke("square"), new Stmt.Invoke("reduce")));
        MethodModel square = new MethodModel("square", "work = in^2 + k", List.of(loop(k, i(0), i(WORK),
                store(ArrayVar.WORK, read(k), add(mul(load(ArrayVar.IN, bin(BinaryOp.REM, read(k), i(N))),
                        load(ArrayVar.IN, bin(BinaryOp.REM, read(k), i(N)))),
                        un(UnaryOp.TO_DOUBLE, read(k)))))));
        MethodModel reduce = new MethodModel("reduce", "out = weighted sums", List.of(loop(j, i(0), i(N),
                assign(s, d(0)),
                loop(k, i(0), i(WORK), assign(s, add(read(s), load(ArrayVar.WORK, read(k))))),
                store(ArrayVar.OUT, read(j), mul(read(s), un(UnaryOp.TO_DOUBLE, add(read(j), i(1))))))));
        return new ClassModel("pipeline", List.of(), List.of(entry, square, reduce), "run", WORK, new int[] {0, N}, new int[] {0, N});
    }

    private static double[] expected(double[] in) {
        double s = 0;
        for (int k = 0; k < WORK; k++) s += in[k % N] * in[k % N] + k;
        double[] out = new double[N];
        for (int j = 0; j < N; j++) out[j] = s * (j + 1);
        return out;
    }

    private static double[] input(int seed) {
        double[] in = new double[N];
        for (int k = 0; k < N; k++) in[k] = Math.sin(seed * 31 + k) * (seed % 7 + 1);
        return in;
    }

    @Test
    void runComputesAndReportsLayout() {
        ClassModel m = pipeline();
        Graph g = graph(N, N);
        CompiledGraph compiled = BytecodeBackend.compile(m, g);
        double[] in = input(3);
        assertArrayEquals(expected(in), compiled.run(in));
        double[] out = new double[N];
        compiled.run(in, out);
        assertArrayEquals(expected(in), out);
        assertEquals(N, compiled.inputSize());
        assertEquals(N, compiled.outputSize());
        assertEquals(WORK, compiled.workSize());
        assertSame(g, compiled.graph());
        assertSame(m, compiled.model());
        assertVerifies(compiled.classBytes());
        assertEquals(MethodSizes.max(compiled.classBytes()), compiled.maxMethodBytes());
        assertTrue(compiled.maxMethodBytes() > 0 && compiled.maxMethodBytes() < MethodSizes.HUGE_METHOD_LIMIT);
        assertTrue(compiled.disassembly().contains("private square([D[D[D)V"), compiled.disassembly());
        compiled.classBytes()[0] = 0; // a copy: the compiled graph's bytes are unaffected
        assertVerifies(compiled.classBytes());
    }

    @Test
    void theRunnerRunsAsTheCompiledGraphDoes() {
        CompiledGraph compiled = BytecodeBackend.compile(pipeline(), graph(N, N));
        CompiledGraph.Runner runner = compiled.runner();
        double[] in = input(5);
        assertArrayEquals(expected(in), runner.run(in));
        double[] out = new double[N];
        runner.run(in, out);
        assertArrayEquals(expected(in), out);
        assertEquals(N, runner.inputSize());
        assertEquals(N, runner.outputSize());
        assertEquals(compiled.disassembly(), runner.disassembly());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.run(new double[N + 1]));
        assertTrue(e.getMessage().contains("expected " + N + " input doubles but got " + (N + 1)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.run(in, new double[1]));
    }

    @Test
    void theKernelsCheckedEntryRunsWithItsOwnScratchAfterCheckingLengths() {
        CompiledGraph compiled = BytecodeBackend.compile(pipeline(), graph(N, N));
        GeneratedKernel kernel = compiled.runner().kernel();
        double[] in = input(7), out = new double[N];
        kernel.apply(in, out);
        assertArrayEquals(expected(in), out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.apply(new double[N + 3], out));
        assertEquals("expected " + N + " input doubles but got " + (N + 3), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kernel.apply(in, new double[N - 1]));
        assertEquals("expected " + N + " output doubles but got " + (N - 1), e.getMessage());
        assertThrows(NullPointerException.class, () -> kernel.apply(null, out));
        // a wrong length is caught before the kernel writes anything
        double[] longOut = new double[N + 1];
        assertThrows(IllegalArgumentException.class, () -> kernel.apply(in, longOut));
        assertArrayEquals(new double[N + 1], longOut);
    }

    @Test
    void wrongArrayLengthsNameTheExpectedSizes() {
        CompiledGraph compiled = BytecodeBackend.compile(pipeline(), graph(N, N));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compiled.run(new double[N - 1]));
        assertTrue(e.getMessage().contains("expected " + N + " input doubles but got " + (N - 1)), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> compiled.run(new double[N], new double[N + 2]));
        assertTrue(e.getMessage().contains("expected " + N + " output doubles but got " + (N + 2)), e.getMessage());
    }

    @Test
    void modelAndGraphLayoutsMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> BytecodeBackend.compile(pipeline(), graph(N + 1, N)));
        assertThrows(IllegalArgumentException.class, () -> BytecodeBackend.compile(pipeline(), graph(N, 0)));
    }

    @Test
    void methodsOfEightThousandBytesOrMoreAreRejected() {
        List<Stmt> body = new ArrayList<>();
        body.add(assign(dl("x0"), in(0)));
        for (int k = 1; k < 1000; k++) body.add(assign(dl("x" + k), add(read(dl("x" + (k - 1))), d(1))));
        body.add(out(0, read(dl("x999"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BytecodeBackend.compile(model(1, 1, 0, body), graph(1, 1)));
        assertTrue(e.getMessage().contains("run") && e.getMessage().contains("8000"), e.getMessage());
    }

    @Test
    void kernelsWithoutScratchRunToo() {
        ClassModel m = model(2, 1, 0, List.of(out(0, mul(in(0), in(1)))));
        CompiledGraph compiled = BytecodeBackend.compile(m, graph(2, 1));
        assertEquals(0, compiled.workSize());
        assertArrayEquals(new double[] {6}, compiled.run(2, 3));
    }

    @Test
    void eightThreadsShareOneCompiledGraph() throws Exception {
        CompiledGraph compiled = BytecodeBackend.compile(pipeline(), graph(N, N));
        int threads = 8, calls = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Integer> task = () -> {
                    start.await();
                    double[] out = new double[N];
                    int mismatches = 0;
                    for (int c = 0; c < calls; c++) {
                        double[] in = input(thread * calls + c);
                        compiled.run(in, out);
                        if (!Arrays.equals(expected(in), out)) mismatches++;
                    }
                    return mismatches;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Integer> r : results) assertEquals(0, r.get(), "calls whose results differ from a single thread's");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runAllocatesNothingAfterTheFirstCallOnAThread() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        CompiledGraph compiled = BytecodeBackend.compile(pipeline(), graph(N, N));
        double[] in = input(1), out = new double[N];
        for (int c = 0; c < 20_000; c++) compiled.run(in, out); // first call makes the scratch; the rest warm up the JIT
        long id = Thread.currentThread().getId();
        int calls = 100_000;
        long before = threads.getThreadAllocatedBytes(id);
        for (int c = 0; c < calls; c++) compiled.run(in, out);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // even one 16-byte object per call would be 1.6 MB; the bound leaves room for the bean's own bookkeeping
        assertTrue(allocated < calls, allocated + " bytes allocated by " + calls + " calls");
        assertArrayEquals(expected(in), out);
    }
}
