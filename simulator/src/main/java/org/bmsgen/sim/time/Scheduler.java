package org.bmsgen.sim.time;

import java.util.Arrays;

import org.bmsgen.platform.MonotonicClock;

/**
 * Simulated time: a clock that only moves when the simulation advances it, and a queue of
 * {@link SimTimer}s fired in time order.
 *
 * <p>Deterministic: timers due at the same instant fire in the order they were scheduled, never in an
 * order that depends on hashing or the host. The queue is a binary heap over an array that grows only
 * when more distinct timers are queued at once than ever before, so steady-state stepping does not
 * allocate.
 */
public final class Scheduler implements MonotonicClock {
    private long nowMicros;
    private long nextSequence;
    private SimTimer[] heap = new SimTimer[16];
    private int size;

    @Override
    public long nowMicros() {
        return nowMicros;
    }

    /**
     * Queues (or moves, if already queued) a timer.
     *
     * @param timer the timer
     * @param dueMicros absolute instant; an instant in the past fires at the next advance, at "now"
     */
    public void schedule(SimTimer timer, long dueMicros) {
        if (timer.heapIndex >= 0) {
            removeAt(timer.heapIndex);
        }
        timer.dueMicros = Math.max(dueMicros, nowMicros);
        timer.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = timer;
        timer.heapIndex = size;
        size++;
        siftUp(size - 1);
    }

    /** Queues a timer {@code delayMicros} after now. */
    public void scheduleIn(SimTimer timer, long delayMicros) {
        schedule(timer, nowMicros + delayMicros);
    }

    /** Removes a timer from the queue; does nothing if it is not queued. */
    public void cancel(SimTimer timer) {
        if (timer.heapIndex >= 0) {
            removeAt(timer.heapIndex);
        }
    }

    /**
     * Fires every timer due at or before {@code untilMicros}, in order, then sets the clock to it.
     *
     * @param untilMicros absolute instant, not before now
     */
    public void runUntil(long untilMicros) {
        if (untilMicros < nowMicros) {
            throw new IllegalArgumentException("time cannot go back: now " + nowMicros + " us, asked " + untilMicros + " us");
        }
        while (size > 0 && heap[0].dueMicros <= untilMicros) {
            SimTimer next = heap[0];
            removeAt(0);
            nowMicros = next.dueMicros;
            next.fire(nowMicros);
        }
        nowMicros = untilMicros;
    }

    /** Advances simulated time by {@code deltaMicros}, firing what falls due. */
    public void advance(long deltaMicros) {
        runUntil(nowMicros + deltaMicros);
    }

    /** @return number of queued timers */
    public int pending() {
        return size;
    }

    private void removeAt(int index) {
        SimTimer removed = heap[index];
        size--;
        if (index != size) {
            heap[index] = heap[size];
            heap[index].heapIndex = index;
            heap[size] = null;
            siftDown(index);
            siftUp(index);
        } else {
            heap[size] = null;
        }
        removed.heapIndex = -1;
    }

    private static boolean before(SimTimer a, SimTimer b) {
        return a.dueMicros < b.dueMicros || (a.dueMicros == b.dueMicros && a.sequence < b.sequence);
    }

    private void siftUp(int index) {
        SimTimer timer = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(timer, heap[parent])) {
                break;
            }
            heap[index] = heap[parent];
            heap[index].heapIndex = index;
            index = parent;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }

    private void siftDown(int index) {
        SimTimer timer = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], timer)) {
                break;
            }
            heap[index] = heap[child];
            heap[index].heapIndex = index;
            index = child;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }
}
