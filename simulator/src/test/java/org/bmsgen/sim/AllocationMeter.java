package org.bmsgen.sim;

import java.lang.management.ManagementFactory;

/**
 * Measures what a piece of simulation allocates on the calling thread (HotSpot's per-thread counter).
 *
 * <p>Runs it once to warm up, then in several windows and reports the fewest bytes of any window. Why the
 * minimum: on a loaded machine the JIT finishes late, and a deoptimization re-materialises objects that
 * compiled code had scalar-replaced (tens to hundreds of bytes, once); those land in one window only. An
 * allocation in the simulation's step itself repeats every time the step runs, so it shows in every window
 * and still fails the test.
 */
public final class AllocationMeter {
    /** Windows measured after the warm-up. */
    public static final int WINDOWS = 3;

    private AllocationMeter() {
    }

    /** @return true if the JVM can count allocated bytes per thread (the tests skip otherwise) */
    public static boolean supported() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            return false;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        return true;
    }

    /**
     * @param window the work of one window (for example 60 simulated seconds)
     * @return the fewest bytes allocated in one of {@link #WINDOWS} windows after one warm-up window
     */
    public static long fewestBytesPerWindow(Runnable window) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        window.run();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < WINDOWS; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            window.run();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        return fewest;
    }
}
