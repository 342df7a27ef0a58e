package dev.fluxion.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Preliminary timing without JMH for the benchmarks' {@code main} methods: warm up for a while,
 * then time single runs with {@link System#nanoTime} and print the median and quartiles. Good
 * enough to see an order of magnitude; the figures to quote come from JMH.
 */
final class Timing {
    private Timing() {}

    /** Keeps results reachable so the JIT cannot drop the timed work. */
    static volatile Object sink;

    /** The sorted per-run times in nanoseconds, after {@code warmupSeconds} of untimed runs. */
    static long[] measure(Supplier<?> work, double warmupSeconds, int runs) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) sink = work.get();
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink = work.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times;
    }

    /** Measures {@code work} and prints one line: median [first quartile, third quartile] in milliseconds. */
    static void report(String name, Supplier<?> work, double warmupSeconds, int runs) {
        long[] t = measure(work, warmupSeconds, runs);
        System.out.printf("%-45s median %10.4f ms  [q1 %10.4f, q3 %10.4f]  (%d runs)%n",
                name, t[runs / 2] / 1e6, t[runs / 4] / 1e6, t[(3 * runs) / 4] / 1e6, runs);
    }
}
