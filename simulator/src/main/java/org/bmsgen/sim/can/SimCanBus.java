package org.bmsgen.sim.can;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.bmsgen.platform.CanFrame;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimRandom;
import org.bmsgen.sim.time.SimTimer;

/**
 * A CAN FD bus on simulated time: arbitration by identifier, frame durations from the bit rates, ACK and
 * injected errors with error frames and automatic retransmission (ISO 11898-1).
 *
 * <p>Frame length counts every field but not stuff bits (up to about 20 % more on the wire): classic
 * 47 + 8n bits (standard) or 67 + 8n (extended); FD: 17 (standard) or 37 (extended) arbitration-phase bits
 * plus 12 for ACK, EOF and intermission at the nominal rate, and ESI, DLC, data, stuff count and CRC (17 bits
 * up to 16 data bytes, 21 above) at the data rate when BRS is set. An error frame costs 17 nominal bits
 * (6-bit flag, 8-bit delimiter, 3-bit intermission) before the retransmission's arbitration.
 */
public final class SimCanBus {
    private static final int ERROR_FRAME_BITS = 6 + 8 + 3;
    private static final int RECOVERY_BITS = 128 * 11;

    private final Scheduler scheduler;
    private final long nominalBitRate;
    private final long dataBitRate;
    private double frameErrorRate;
    private final SplittableRandom errors;
    private SimCanController[] nodes = new SimCanController[0];

    private SimCanController transmitter;
    private int transmitterMailbox;
    private long framesOnBus;
    private long errorFrames;

    private final SimTimer frameEnd = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            if (transmitter == null) {
                arbitrate(nowMicros);
            } else {
                endOfFrame(nowMicros);
            }
        }
    };

    /**
     * @param nominalBitRate arbitration-phase bit rate, e.g. 500 000
     * @param dataBitRate FD data-phase bit rate with BRS, e.g. 2 000 000
     * @param frameErrorRate probability that a frame is destroyed by an error (then an error frame follows)
     */
    public SimCanBus(Scheduler scheduler, long nominalBitRate, long dataBitRate, double frameErrorRate, long seed) {
        this.scheduler = scheduler;
        this.nominalBitRate = nominalBitRate;
        this.dataBitRate = dataBitRate;
        this.frameErrorRate = frameErrorRate;
        this.errors = SimRandom.stream(seed, "can.errors");
    }

    /**
     * Connects a node.
     *
     * @param transmitMailboxes 3 on the STM32G4 FDCAN
     * @param receiveFifoDepth 3 per FIFO on the STM32G4 FDCAN
     */
    public SimCanController attach(int transmitMailboxes, int receiveFifoDepth) {
        SimCanController node = new SimCanController(this, transmitMailboxes, receiveFifoDepth);
        nodes = Arrays.copyOf(nodes, nodes.length + 1);
        nodes[nodes.length - 1] = node;
        return node;
    }

    /** Changes the injected error rate from now on (0..1). */
    public void setFrameErrorRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("error rate must be within 0..1");
        }
        frameErrorRate = rate;
    }

    public long framesOnBus() {
        return framesOnBus;
    }

    public long errorFrames() {
        return errorFrames;
    }

    /**
     * The arbitration field as a number, lowest wins: the 11-bit base identifier first; at equal base, a
     * standard frame beats an extended one (its IDE bit is dominant); then the 18 extension bits.
     */
    static long arbitrationKey(CanFrame frame) {
        if (frame.isExtended()) {
            return ((long) (frame.id() >>> 18) << 19) | (1L << 18) | (frame.id() & 0x3FFFF);
        }
        return (long) frame.id() << 19;
    }

    /** @return the frame's time on the bus in microseconds, rounded up, without stuff bits */
    public long frameMicros(CanFrame frame) {
        int length = frame.length();
        long nominalBits;
        long dataBits;
        if (!frame.isFd()) {
            nominalBits = (frame.isExtended() ? 67 : 47) + 8L * length;
            dataBits = 0;
        } else {
            long arbitration = frame.isExtended() ? 37 : 17;
            long dataPhase = 1 + 4 + 8L * length + 4 + (length <= 16 ? 17 : 21) + 1;
            nominalBits = arbitration + 12;
            if (frame.isBitRateSwitch()) {
                dataBits = dataPhase;
            } else {
                nominalBits += dataPhase;
                dataBits = 0;
            }
        }
        long nanos = nominalBits * 1_000_000_000L / nominalBitRate + dataBits * 1_000_000_000L / dataBitRate;
        return (nanos + 999) / 1000;
    }

    void transmitRequested() {
        if (transmitter == null && !frameEnd.isScheduled()) {
            scheduler.schedule(frameEnd, scheduler.nowMicros());
        }
    }

    void recoveryRequested(SimCanController node) {
        // bus-off recovery: 128 occurrences of 11 recessive bits (ISO 11898-1); modelled as that much bus time
        long micros = (RECOVERY_BITS * 1_000_000L + nominalBitRate - 1) / nominalBitRate;
        scheduler.schedule(node.recoveryTimer, scheduler.nowMicros() + micros);
    }

    private void arbitrate(long now) {
        SimCanController winner = null;
        int winnerMailbox = -1;
        long winnerKey = Long.MAX_VALUE;
        for (SimCanController node : nodes) {
            int mailbox = node.pendingMailbox();
            if (mailbox >= 0) {
                long key = arbitrationKey(node.mailbox(mailbox));
                if (key < winnerKey) {
                    winner = node;
                    winnerMailbox = mailbox;
                    winnerKey = key;
                }
            }
        }
        if (winner == null) {
            return;
        }
        transmitter = winner;
        transmitterMailbox = winnerMailbox;
        scheduler.schedule(frameEnd, now + frameMicros(winner.mailbox(winnerMailbox)));
    }

    private void endOfFrame(long now) {
        SimCanController from = transmitter;
        CanFrame frame = from.mailbox(transmitterMailbox);
        transmitter = null;
        boolean anyReceiver = false;
        for (SimCanController node : nodes) {
            anyReceiver |= node != from && !node.busOff;
        }
        boolean destroyed = frameErrorRate > 0 && errors.nextDouble() < frameErrorRate;
        if (destroyed || !anyReceiver) {
            errorFrames++;
            from.transmitError(!destroyed);
            if (destroyed) {
                for (SimCanController node : nodes) {
                    if (node != from && !node.busOff) {
                        node.receiveError();
                    }
                }
            }
            long errorMicros = (ERROR_FRAME_BITS * 1_000_000L + nominalBitRate - 1) / nominalBitRate;
            scheduler.schedule(frameEnd, now + errorMicros);
            return;
        }
        framesOnBus++;
        for (SimCanController node : nodes) {
            if (node != from && !node.busOff) {
                node.deliver(frame);
            }
        }
        from.sent(transmitterMailbox);
        scheduler.schedule(frameEnd, now);
    }
}
