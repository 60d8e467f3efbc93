package org.bmsgen.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import org.bmsgen.firmware.smart4s.stm32.FlashLog;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.flash.W25q128jv;
import org.junit.jupiter.api.Test;

/**
 * The generated flash log of the reference pack (models/smart4s.bms: events 256 KiB of 32-byte records, history
 * 8 MiB of 64-byte records every 60 s, 250 ms period) on the simulator's W25Q128JV. Records are decoded here from
 * the chip's array with the format of docs/firmware.md and java.util.zip.CRC32, not with the firmware's own code.
 */
class FlashLogTest {

    private static final long PERIOD_MICROS = SimBoard.CONTROL_PERIOD_MICROS;
    private static final int EVENT_BYTES = 32;
    private static final int HISTORY_BYTES = 64;
    private static final int HISTORY_START = 256 * 1024;
    private static final int EVENT_SECTORS = 64;
    private static final int EVENTS_PER_SECTOR = 4096 / EVENT_BYTES;
    private static final int EVENT_SLOTS = EVENT_SECTORS * EVENTS_PER_SECTOR;

    private SimBoard board;
    private final PackState state = new PackState();

    private FlashLog newLog(long seed) {
        board = SimBoard.reference4s(seed);
        return new FlashLog(board.stm32().spi());
    }

    private void snapshot(int packMv) {
        state.cellMv[0] = 3650;
        state.cellMv[1] = 3700;
        state.cellMv[2] = 3712;
        state.cellMv[3] = 3690;
        state.temperatureCentiDegC[0] = -1234;
        state.packMv = packMv;
        state.packMa = -12_345;
        state.timeMicros = 123_456_789L;
        state.measurementsValid = true;
        state.updateDerived();
        state.socBp = 5678;
        state.sohBp = 9876;
        state.faultWord = 0x8000_0005;
        state.warningWord = 0x12;
        state.afeStatus = 0x81;
        state.machineState[0] = 3;
        state.fetMask = 2;
        state.balancingMask = 0x5;
        state.resistanceRatioBp = 14_321;
        state.sohMeasured = PackState.SOH_CAPACITY_MEASURED | PackState.SOH_RESISTANCE_MEASURED;
        state.cellCapacityBp[0] = 7_800;
        state.cellCapacityBp[1] = 7_912;
        state.cellCapacityBp[2] = 8_050;
        state.cellCapacityBp[3] = 10_000;
    }

    private void tick(FlashLog log) {
        log.tick(state);
        board.advance(PERIOD_MICROS);
    }

    private void drain(FlashLog log) {
        for (int i = 0; i < 100 && (log.pendingWrites() > 0 || !log.idle()); i++) {
            tick(log);
        }
        assertEquals(0, log.pendingWrites());
        assertTrue(log.idle());
    }

    // ---- an independent decoder of the documented format ----

    private byte[] peek(int address, int bytes) {
        byte[] record = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            record[i] = (byte) board.flash().peek(address + i);
        }
        return record;
    }

    private static long le(byte[] r, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (r[at + i] & 0xFF);
        }
        return v;
    }

    private static int signed(byte[] r, int at, int width) {
        int shift = 32 - 8 * width;
        return (int) le(r, at, width) << shift >> shift;
    }

    /** Null when erased or the CRC fails (not a record). */
    private static Long sequenceIfValid(byte[] r) {
        boolean erased = true;
        for (byte b : r) {
            erased &= b == (byte) 0xFF;
        }
        if (erased) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(r, 0, r.length - 4);
        return crc.getValue() == le(r, r.length - 4, 4) ? le(r, 0, 4) : null;
    }

    private static boolean erased(byte[] r) {
        for (byte b : r) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private void assertSnapshot(byte[] r, int code) {
        assertEquals(code, r[4] & 0xFF, "code");
        assertEquals(3, r[5] & 0xFF, "state of Control");
        assertEquals(0x82, r[6] & 0xFF, "flags: discharge FET, measurements valid");
        assertEquals(123_456, le(r, 7, 4), "time ms");
        assertEquals(0x8000_0005L, le(r, 11, 4), "fault word");
        assertEquals(14_752, le(r, 15, 2), "pack mV");
        assertEquals(-12_345, signed(r, 17, 3), "pack mA");
        assertEquals(5678, le(r, 20, 2), "SoC");
        assertEquals(3650, le(r, 22, 2), "min cell");
        assertEquals(3712, le(r, 24, 2), "max cell");
        assertEquals(-1234, signed(r, 26, 2), "max temperature");
    }

    @Test
    void eventsAndHistory_writtenAndReadBackWithTheirSnapshot() {
        FlashLog log = newLog(1);
        assertEquals(Status.OK, log.start());
        snapshot(14_752);
        assertEquals(Status.OK, log.logEvent(FlashLog.EVENT_FAULT, state));
        // models/smart4s.bms: history every 60 s = 240 periods of 250 ms
        for (int i = 0; i < 240; i++) {
            tick(log);
        }
        drain(log);
        assertEquals(1, log.committedEvents());
        assertEquals(1, log.committedHistory());
        // one sector erase per area before its first record (the chip's array starts erased, the firmware cannot know)
        assertEquals(2, board.flash().erases());
        assertEquals(2, board.flash().programs());

        byte[] event = peek(0, EVENT_BYTES);
        assertEquals(0L, sequenceIfValid(event));
        assertSnapshot(event, 1);
        byte[] viaFirmware = new byte[EVENT_BYTES];
        assertEquals(Status.OK, log.readRecord(FlashLog.AREA_EVENTS, 0, viaFirmware));
        assertEquals(java.util.Arrays.toString(event), java.util.Arrays.toString(viaFirmware));
        assertEquals(Status.INVALID_ARGUMENT, log.readRecord(FlashLog.AREA_EVENTS, 1, viaFirmware));

        byte[] history = peek(HISTORY_START, HISTORY_BYTES);
        assertEquals(0L, sequenceIfValid(history));
        assertSnapshot(history, 0);
        assertEquals(-1234, signed(history, 28, 2), "min temperature");
        assertEquals(0x12, le(history, 30, 4), "warning word");
        assertEquals(9876, le(history, 34, 2), "SoH");
        assertEquals(5, le(history, 36, 2), "balancing mask");
        assertEquals(0x81, history[38] & 0xFF, "SYS_STAT");
        assertEquals(3650, le(history, 39, 2));
        assertEquals(3700, le(history, 41, 2));
        assertEquals(3712, le(history, 43, 2));
        assertEquals(3690, le(history, 45, 2));
        // the SoH snapshot after the four cell voltages: 47 ratio u16, 49 measured u8, 50.. capacity u16 per cell
        assertTrue(FlashLog.HISTORY_HOLDS_SOH, "64 B hold 4 cells and the SoH");
        assertEquals(47, FlashLog.OFFSET_RESISTANCE_RATIO_BP);
        assertEquals(14_321, le(history, 47, 2), "R0 ratio");
        assertEquals(3, history[49] & 0xFF, "SoH measured");
        assertEquals(7_800, le(history, 50, 2));
        assertEquals(7_912, le(history, 52, 2));
        assertEquals(8_050, le(history, 54, 2));
        assertEquals(10_000, le(history, 56, 2));
        for (int i = 58; i < 60; i++) {
            assertEquals((byte) 0xFF, history[i], "unused byte " + i);
        }
    }

    @Test
    void readNewest_emptyLog_refusesWithoutWalkingTheArea() {
        FlashLog log = newLog(7);
        assertEquals(Status.OK, log.start());
        long readsBefore = board.flash().reads();
        byte[] into = new byte[HISTORY_BYTES];
        assertEquals(Status.INVALID_ARGUMENT, log.readNewest(FlashLog.AREA_HISTORY, into));
        // readRecord would read every one of the area's 131 072 slots looking for a record
        assertEquals(readsBefore, board.flash().reads(), "no flash read for an empty area");
    }

    @Test
    void readNewest_thenReadEstimates_givesTheNewestHistoryRecordsSocAndSoh() {
        FlashLog log = newLog(8);
        assertEquals(Status.OK, log.start());
        snapshot(14_752);
        for (int i = 0; i < 240; i++) {
            tick(log);
        }
        drain(log);
        state.socBp = 4_321;
        state.cellCapacityBp[2] = 7_001;
        for (int i = 0; i < 240; i++) {
            tick(log);
        }
        drain(log);
        assertEquals(2, log.committedHistory());

        FlashLog afterReset = new FlashLog(board.stm32().spi());
        assertEquals(Status.OK, afterReset.start());
        byte[] record = new byte[HISTORY_BYTES];
        long readsBefore = board.flash().reads();
        assertEquals(Status.OK, afterReset.readNewest(FlashLog.AREA_HISTORY, record));
        assertEquals(1, board.flash().reads() - readsBefore, "the slot behind the head, and no other");
        PackState restored = new PackState();
        assertTrue(FlashLog.readEstimates(record, restored));
        assertEquals(4_321, restored.socBp, "the newer record's SoC");
        assertEquals(14_321, restored.resistanceRatioBp);
        assertEquals(3, restored.sohMeasured);
        assertEquals(7_800, restored.cellCapacityBp[0]);
        assertEquals(7_001, restored.cellCapacityBp[2], "the newer record's capacity");

        // a record whose snapshot bytes were left unused (0xFF, an older layout) restores no SoH
        byte[] unused = record.clone();
        java.util.Arrays.fill(unused, FlashLog.OFFSET_RESISTANCE_RATIO_BP, HISTORY_BYTES - 4, (byte) 0xFF);
        PackState older = new PackState();
        assertTrue(FlashLog.readEstimates(unused, older));
        assertEquals(4_321, older.socBp);
        assertEquals(0, older.sohMeasured, "0xFF is not a snapshot");

        // a record taken before the first valid reading carries no SoC of the filter's: nothing is decoded
        record[6] = (byte) (record[6] & 0x7F);
        PackState untouched = new PackState();
        assertFalse(FlashLog.readEstimates(record, untouched));
        assertEquals(0, untouched.socBp);
        // an event record is not a history record
        byte[] event = new byte[HISTORY_BYTES];
        System.arraycopy(record, 0, event, 0, HISTORY_BYTES);
        event[4] = (byte) FlashLog.EVENT_FAULT;
        event[6] = (byte) 0x80;
        assertFalse(FlashLog.readEstimates(event, untouched));
    }

    @Test
    void afterAReset_aNewLogFindsTheRecordsAndContinuesTheSequence() {
        FlashLog log = newLog(2);
        assertEquals(Status.OK, log.start());
        for (int i = 0; i < 5; i++) {
            snapshot(10_000 + i);
            assertEquals(Status.OK, log.logEvent(FlashLog.EVENT_FAULT, state));
        }
        drain(log);
        assertEquals(5, log.committedEvents());
        long erases = board.flash().erases();

        FlashLog again = new FlashLog(board.stm32().spi());
        assertEquals(Status.OK, again.start());
        assertEquals(4, again.lastCommittedSequence(FlashLog.AREA_EVENTS));
        assertEquals(5, again.nextSequence(FlashLog.AREA_EVENTS));
        assertEquals(5 * EVENT_BYTES, again.headAddress(FlashLog.AREA_EVENTS));
        assertEquals(-1, again.lastCommittedSequence(FlashLog.AREA_HISTORY));
        snapshot(10_005);
        assertEquals(Status.OK, again.logEvent(FlashLog.EVENT_SHIP, state));
        drain(again);
        assertEquals(erases, board.flash().erases(), "the head sector is in use: no erase after the reset");
        byte[] record = new byte[EVENT_BYTES];
        for (int i = 0; i <= 5; i++) {
            assertEquals(Status.OK, again.readRecord(FlashLog.AREA_EVENTS, i, record));
            assertEquals(5 - i, FlashLog.sequence(record, 0));
            assertEquals(10_005 - i, le(record, 15, 2));
            assertEquals(record.length, 32);
        }
        assertEquals(FlashLog.EVENT_SHIP, peek(5 * EVENT_BYTES, EVENT_BYTES)[4]);
        assertEquals(Status.INVALID_ARGUMENT, again.readRecord(FlashLog.AREA_EVENTS, 6, record));
    }

    @Test
    void fullQueue_refusesAndCounts() {
        FlashLog log = newLog(3);
        assertEquals(Status.OK, log.start());
        snapshot(12_000);
        for (int i = 0; i < FlashLog.QUEUE_DEPTH; i++) {
            assertEquals(Status.OK, log.logEvent(FlashLog.EVENT_FAULT, state));
        }
        assertEquals(Status.FULL, log.logEvent(FlashLog.EVENT_FAULT, state));
        assertEquals(1, log.droppedEvents());
        assertEquals(Status.INVALID_ARGUMENT, log.logEvent(0, state));
        drain(log);
        assertEquals(FlashLog.QUEUE_DEPTH, log.committedEvents());
    }

    /** Feeds events numbered by their pack mV until {@code count} are committed. */
    private void logEvents(FlashLog log, int count, Map<Long, Integer> committedPackMv, int[] numbering) {
        int target = log.committedEvents() + count;
        for (int guard = 0; guard < 4 * count + 200 && log.committedEvents() < target; guard++) {
            if (log.pendingWrites() < FlashLog.QUEUE_DEPTH - 1 && numbering[0] < numbering[1]) {
                snapshot(numbering[0] % 60_000);
                if (log.logEvent(FlashLog.EVENT_FAULT, state) == Status.OK) {
                    numbering[0]++;
                }
            }
            tickTracking(log, committedPackMv);
        }
    }

    private final Map<Long, Integer> queuedPackMv = new HashMap<>();

    private void tickTracking(FlashLog log, Map<Long, Integer> committedPackMv) {
        tickTracking(log, committedPackMv, PERIOD_MICROS);
    }

    /**
     * One tick, noting the record it committed (at most one a tick): events are committed in the order they were
     * logged, so the n-th committed event carries the n-th number fed.
     */
    private void tickTracking(FlashLog log, Map<Long, Integer> committedPackMv, long advanceMicros) {
        long before = log.lastCommittedSequence(FlashLog.AREA_EVENTS);
        log.tick(state);
        long after = log.lastCommittedSequence(FlashLog.AREA_EVENTS);
        if (after != before) {
            committedPackMv.put(after, (log.committedEvents() - 1) % 60_000);
        }
        board.advance(advanceMicros);
    }

    @Test
    void wrapAround_overwritesTheOldestSectorOnly_andTheHeadIsFoundAgain() {
        FlashLog log = newLog(4);
        assertEquals(Status.OK, log.start());
        int total = EVENT_SLOTS + 3 * EVENTS_PER_SECTOR + 5;
        int[] numbering = { 0, total };
        Map<Long, Integer> committed = new HashMap<>();
        logEvents(log, total, committed, numbering);
        drain(log);
        assertEquals(total, log.committedEvents());
        assertEquals(0, log.failures());
        // first lap: 64 sector erases; second lap: sectors 0..3 again; history: its first sector
        long historyRecords = log.committedHistory();
        assertTrue(historyRecords > 0);
        assertEquals(EVENT_SECTORS + 4 + 1, board.flash().erases());

        // independent scan: the records left are those of sequence 512 (sector 4's first of lap 1) to total - 1
        Set<Long> found = new HashSet<>();
        for (int slot = 0; slot < EVENT_SLOTS; slot++) {
            byte[] r = peek(slot * EVENT_BYTES, EVENT_BYTES);
            Long sequence = sequenceIfValid(r);
            if (sequence != null) {
                assertTrue(found.add(sequence), "sequence " + sequence + " twice");
                assertEquals((int) (sequence % 60_000), (int) le(r, 15, 2), "payload of " + sequence);
            } else {
                assertTrue(erased(r), "slot " + slot);
            }
        }
        long oldest = 4 * EVENTS_PER_SECTOR;
        assertEquals(total - oldest, found.size());
        for (long s = oldest; s < total; s++) {
            assertTrue(found.contains(s), "sequence " + s);
        }
        byte[] record = new byte[EVENT_BYTES];
        assertEquals(Status.OK, log.readRecord(FlashLog.AREA_EVENTS, 0, record));
        assertEquals(total - 1, FlashLog.sequence(record, 0));
        assertEquals(Status.OK, log.readRecord(FlashLog.AREA_EVENTS, total - oldest - 1, record));
        assertEquals(oldest, FlashLog.sequence(record, 0));
        assertEquals(Status.INVALID_ARGUMENT, log.readRecord(FlashLog.AREA_EVENTS, total - oldest, record));

        FlashLog again = new FlashLog(board.stm32().spi());
        assertEquals(Status.OK, again.start());
        assertEquals(total, again.nextSequence(FlashLog.AREA_EVENTS));
        assertEquals(3 * 4096 + 5 * EVENT_BYTES, again.headAddress(FlashLog.AREA_EVENTS));
        assertEquals(historyRecords, again.nextSequence(FlashLog.AREA_HISTORY));
    }

    /**
     * Power cut at {@code cutTick} ticks after the log started (plus {@code cutAfterMicros} into that period), with
     * {@code prefill} events committed first; then a new log on the same chip.
     */
    private int powerCutScenario(int prefill, int cutTick, long cutAfterMicros, long seed) {
        FlashLog log = newLog(seed);
        assertEquals(Status.OK, log.start());
        Map<Long, Integer> committed = new HashMap<>();
        int[] numbering = { 0, Integer.MAX_VALUE };
        logEvents(log, prefill, committed, numbering);
        for (int t = 0; t < cutTick; t++) {
            if (log.pendingWrites() < FlashLog.QUEUE_DEPTH - 1) {
                snapshot(numbering[0] % 60_000);
                if (log.logEvent(FlashLog.EVENT_FAULT, state) == Status.OK) {
                    numbering[0]++;
                }
            }
            tickTracking(log, committed, t < cutTick - 1 ? PERIOD_MICROS : cutAfterMicros);
        }
        String where = "prefill " + prefill + ", cut in tick " + cutTick + " + " + cutAfterMicros + " us: ";
        board.flash().powerLoss();
        board.flash().powerOn();

        long newest = committed.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        FlashLog again = new FlashLog(board.stm32().spi());
        assertEquals(Status.OK, again.start(), where);
        assertTrue(again.nextSequence(FlashLog.AREA_EVENTS) > newest, where + "sequence goes on");
        // the newest (sectors - 1) sectors' worth of committed records always survive; only the oldest sector may
        // be under erase when the power goes
        long kept = (long) (EVENT_SECTORS - 1) * EVENTS_PER_SECTOR;
        // every slot by the independent decoder: erased, torn (CRC fails) or a record; each sequence once
        Map<Long, byte[]> readable = new HashMap<>();
        int torn = 0;
        for (int slot = 0; slot < EVENT_SLOTS; slot++) {
            byte[] record = peek(slot * EVENT_BYTES, EVENT_BYTES);
            Long sequence = sequenceIfValid(record);
            if (sequence == null && !erased(record)) {
                torn++;
            }
            if (sequence != null) {
                assertFalse(readable.containsKey(sequence), where + "sequence " + sequence + " twice");
                readable.put(sequence, record);
            }
        }
        for (Map.Entry<Long, Integer> entry : committed.entrySet()) {
            long sequence = entry.getKey();
            if (sequence > newest - kept) {
                assertTrue(readable.containsKey(sequence), where + "committed record " + sequence + " lost");
                assertEquals((int) entry.getValue(), (int) le(readable.get(sequence), 15, 2), where + sequence);
            }
        }
        // the firmware's reader returns records only, newest first (its walk is O(index): the newest 200 here)
        byte[] r = new byte[EVENT_BYTES];
        long previous = Long.MAX_VALUE;
        for (long i = 0; i < 200 && again.readRecord(FlashLog.AREA_EVENTS, i, r) == Status.OK; i++) {
            Long sequence = sequenceIfValid(r);
            assertTrue(sequence != null, where + "readRecord returned a record whose CRC fails");
            assertTrue(sequence < previous, where + "not newest first");
            assertEquals(java.util.Arrays.toString(readable.get(sequence)), java.util.Arrays.toString(r), where);
            assertEquals(FlashLog.EVENT_FAULT, r[4], where);
            previous = sequence;
        }
        if (newest >= 0) {
            assertTrue(previous <= newest, where + "the newest committed record is read first or earlier");
        }
        // and it goes on logging after the cut
        snapshot(7);
        assertEquals(Status.OK, again.logEvent(FlashLog.EVENT_SHIP, state));
        drain(again);
        assertEquals(Status.OK, again.readRecord(FlashLog.AREA_EVENTS, 0, r), where);
        assertEquals(FlashLog.EVENT_SHIP, r[4], where);
        assertTrue(FlashLog.sequence(r, 0) > newest, where);
        return torn;
    }

    @Test
    void powerCut_atEveryStepOfTheFirstWrites_losesNoCommittedRecord() {
        // tick 1 starts the erase of sector 0 (45 ms typical), the next ones program and verify records (0.4 ms
        // each); cuts inside the program (100-300 us) and inside the erase (1-44 ms)
        long[] offsets = { 0, 100, 200, 300, 1_000, 10_000, 22_000, 44_000 };
        int scenario = 0;
        int torn = 0;
        for (int cutTick = 1; cutTick <= 8; cutTick++) {
            for (long offset : offsets) {
                torn += powerCutScenario(0, cutTick, offset, 100 + scenario++);
            }
        }
        assertTrue(torn > 0, "no cut left a torn record: the sweep tests nothing");
    }

    @Test
    void powerCut_whileTheOldestSectorIsErasedOnWrap_losesNoRecordButTheOldest() {
        // prefill up to the last slots of the area: the next writes erase sector 0 (lap 1's oldest records)
        long[] offsets = { 200, 22_000 };
        int scenario = 0;
        int torn = 0;
        for (int cutTick = 2; cutTick <= 5; cutTick++) {
            for (long offset : offsets) {
                torn += powerCutScenario(EVENT_SLOTS - 2, cutTick, offset, 200 + scenario++);
            }
        }
        // a half-erased sector 0 leaves lap 1's records with bits set back to 1: torn, not returned
        assertTrue(torn > 0, "no cut left a half-erased sector: the sweep tests nothing");
    }

    @Test
    void tick_allocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        FlashLog log = newLog(5);
        assertEquals(Status.OK, log.start());
        snapshot(13_000);
        Runnable window = () -> {
            for (int i = 0; i < 600; i++) {
                if (i % 3 == 0) {
                    log.logEvent(FlashLog.EVENT_FAULT, state);
                }
                log.tick(state);
                board.advance(PERIOD_MICROS);
            }
        };
        long thread = Thread.currentThread().getId();
        window.run();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            window.run();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertEquals(0, fewest, "bytes allocated by 600 ticks with events, history and erases");
        assertTrue(log.committedEvents() > 500 && log.committedHistory() >= 4);
    }
}
