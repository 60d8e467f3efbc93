package org.bmsgen.sim.time;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.platform.Status;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final class Recorder extends SimTimer {
        final String name;
        final List<String> log;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        protected void fire(long nowMicros) {
            log.add(name + "@" + nowMicros);
        }
    }

    @Test
    void firesInTimeOrderAndTiesInScheduleOrder() {
        Scheduler scheduler = new Scheduler();
        List<String> log = new ArrayList<>();
        Recorder a = new Recorder("a", log);
        Recorder b = new Recorder("b", log);
        Recorder c = new Recorder("c", log);
        Recorder d = new Recorder("d", log);
        scheduler.schedule(c, 300);
        scheduler.schedule(b, 100);
        scheduler.schedule(a, 100);
        scheduler.schedule(d, 50);
        scheduler.runUntil(1000);
        assertEquals(List.of("d@50", "b@100", "a@100", "c@300"), log);
        assertEquals(1000, scheduler.nowMicros());
    }

    @Test
    void reschedulingMovesAndCancelRemoves() {
        Scheduler scheduler = new Scheduler();
        List<String> log = new ArrayList<>();
        Recorder a = new Recorder("a", log);
        Recorder b = new Recorder("b", log);
        scheduler.schedule(a, 100);
        scheduler.schedule(b, 200);
        scheduler.schedule(a, 300);
        scheduler.cancel(b);
        assertFalse(b.isScheduled());
        scheduler.advance(500);
        assertEquals(List.of("a@300"), log);
        assertEquals(0, scheduler.pending());
    }

    @Test
    void clockStandsAtEachTimerWhileItFiresAndNeverGoesBack() {
        Scheduler scheduler = new Scheduler();
        long[] seen = new long[1];
        SimTimer timer = new SimTimer() {
            @Override
            protected void fire(long nowMicros) {
                seen[0] = scheduler.nowMicros();
            }
        };
        scheduler.schedule(timer, 1234);
        scheduler.advance(5000);
        assertEquals(1234, seen[0]);
        assertThrows(IllegalArgumentException.class, () -> scheduler.runUntil(10));
    }

    @Test
    void manyTimersStayOrdered() {
        Scheduler scheduler = new Scheduler();
        List<String> log = new ArrayList<>();
        List<Recorder> timers = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            Recorder timer = new Recorder(Integer.toString(i), log);
            timers.add(timer);
            scheduler.schedule(timer, random.nextInt(10_000));
        }
        for (int i = 0; i < 100; i++) {
            scheduler.cancel(timers.get(random.nextInt(200)));
        }
        scheduler.advance(20_000);
        long previous = -1;
        for (String entry : log) {
            long at = Long.parseLong(entry.substring(entry.indexOf('@') + 1));
            assertTrue(at >= previous);
            previous = at;
        }
    }

    @Test
    void tickSourceTicksEachPeriodAndStops() {
        Scheduler scheduler = new Scheduler();
        SimTickSource ticks = new SimTickSource(scheduler);
        List<Long> at = new ArrayList<>();
        assertEquals(Status.OK, ticks.start(250_000, (tick, now) -> at.add(now)));
        assertEquals(Status.BUSY, ticks.start(1000, (tick, now) -> { }));
        scheduler.advance(1_000_000);
        assertEquals(List.of(250_000L, 500_000L, 750_000L, 1_000_000L), at);
        ticks.stop();
        scheduler.advance(1_000_000);
        assertEquals(4, at.size());
        assertEquals(Status.INVALID_ARGUMENT, ticks.start(0, (tick, now) -> { }));
    }

    @Test
    void randomStreamsAreIndependentPerComponent() {
        assertEquals(SimRandom.stream(1, "a").nextLong(), SimRandom.stream(1, "a").nextLong());
        assertNotEquals(SimRandom.stream(1, "a").nextLong(), SimRandom.stream(1, "b").nextLong());
        assertNotEquals(SimRandom.stream(1, "a").nextLong(), SimRandom.stream(2, "a").nextLong());
    }
}
