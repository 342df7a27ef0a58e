package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.codegen.BytecodeBackend;
import dev.fluxion.compiler.codegen.CompiledGraph;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.ir.Graph;

import org.junit.jupiter.api.Test;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;

import static dev.fluxion.compiler.codegen.bytecode.KernelTesting.*;
import static dev.fluxion.compiler.codegen.ModelDsl.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Compiled graphs are hidden classes without the STRONG option, so compiling many and keeping none
 * must not grow the number of loaded classes or metaspace without bound.
 */
class HiddenClassUnloadingTest {
    private static final int ROUND = 10_000;

    @Test
    void kernelsThatAreNoLongerReachableAreUnloaded() throws InterruptedException {
        assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+DisableExplicitGC"),
                "the test needs System.gc() to collect the kernels");
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Metaspace")).findFirst().orElse(null);
        // Tiny kernel with a constant field and per-thread scratch, so the kernel's ThreadLocal is
        // exercised too: it must not keep kernels alive either.
        ArrayVar c = new ArrayVar("c");
        ClassModel m = model(1, 1, 1, List.of(
                store(ArrayVar.WORK, i(0), add(in(0), load(c, i(0)))),
                out(0, load(ArrayVar.WORK, i(0)))),
                new ConstantArray(c, new double[] {1}));
        Graph g = graph(1, 1);

        long unloadedAtStart = classes.getUnloadedClassCount();
        compileAndDrop(m, g);
        collectUntilUnloaded(classes, unloadedAtStart + ROUND / 2);
        long unloadedAfterFirst = classes.getUnloadedClassCount();
        int liveAfterFirst = classes.getLoadedClassCount();
        long metaspaceAfterFirst = metaspace == null ? 0 : metaspace.getUsage().getUsed();
        assertTrue(unloadedAfterFirst - unloadedAtStart >= ROUND / 2,
                "only " + (unloadedAfterFirst - unloadedAtStart) + " of " + ROUND + " dropped kernels were unloaded");

        compileAndDrop(m, g);
        collectUntilUnloaded(classes, unloadedAfterFirst + ROUND / 2);
        assertTrue(classes.getUnloadedClassCount() - unloadedAfterFirst >= ROUND / 2, "second round was not unloaded");
        // Kept classes would add ROUND loaded classes and about 16 MB of metaspace (about 1.6 KB each).
        assertTrue(classes.getLoadedClassCount() < liveAfterFirst + ROUND / 5,
                "loaded classes grew from " + liveAfterFirst + " to " + classes.getLoadedClassCount());
        if (metaspace != null) {
            long growth = metaspace.getUsage().getUsed() - metaspaceAfterFirst;
            assertTrue(growth < 6 << 20, "metaspace grew by " + growth + " bytes over " + ROUND + " dropped kernels");
        }
    }

    private static void compileAndDrop(ClassModel m, Graph g) {
        for (int k = 0; k < ROUND; k++) {
            CompiledGraph compiled = BytecodeBackend.compile(m, g);
            assertEquals(k + 1.0, compiled.run(k)[0]);
        }
    }

    /** Class unloading needs a collection that unloads; a few System.gc() calls get one on every collector we use. */
    private static void collectUntilUnloaded(ClassLoadingMXBean classes, long target) throws InterruptedException {
        for (int attempt = 0; attempt < 20 && classes.getUnloadedClassCount() < target; attempt++) {
            System.gc();
            Thread.sleep(50);
        }
    }
}
