package org.bmsgen.sim.can;

import org.bmsgen.platform.CanController;
import org.bmsgen.platform.CanFrame;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.time.SimTimer;

/**
 * One CAN FD node on a {@link SimCanBus}: transmit mailboxes sent in identifier order (the STM32G4 FDCAN's
 * Tx queue mode), a receive FIFO that drops new frames when full (FDCAN's blocking mode), one acceptance
 * filter (id/mask), and the error counters and states of ISO 11898-1 fault confinement.
 */
public final class SimCanController implements CanController {
    private final SimCanBus bus;
    private final CanFrame[] mailboxes;
    private final boolean[] mailboxUsed;
    private final long[] mailboxSequence;
    private long nextSequence;
    private final CanFrame[] receiveFifo;
    private int receiveHead;
    private int receiveSize;
    private int filterId;
    private int filterMask;
    int transmitErrors;
    int receiveErrors;
    boolean busOff;
    boolean recovering;
    private long receiveOverflows;
    private long framesSent;
    final SimTimer recoveryTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            recovered();
            bus.transmitRequested();
        }
    };

    SimCanController(SimCanBus bus, int transmitMailboxes, int receiveFifoDepth) {
        this.bus = bus;
        mailboxes = new CanFrame[transmitMailboxes];
        mailboxUsed = new boolean[transmitMailboxes];
        mailboxSequence = new long[transmitMailboxes];
        for (int i = 0; i < transmitMailboxes; i++) {
            mailboxes[i] = new CanFrame();
        }
        receiveFifo = new CanFrame[receiveFifoDepth];
        for (int i = 0; i < receiveFifoDepth; i++) {
            receiveFifo[i] = new CanFrame();
        }
    }

    /** Accepts frames whose identifier matches {@code id} in the bits set in {@code mask}; mask 0 accepts all. */
    public void setAcceptanceFilter(int id, int mask) {
        filterId = id;
        filterMask = mask;
    }

    @Override
    public int transmit(CanFrame frame) {
        if (busOff) {
            return Status.OFFLINE;
        }
        for (int i = 0; i < mailboxes.length; i++) {
            if (!mailboxUsed[i]) {
                mailboxes[i].copyFrom(frame);
                mailboxUsed[i] = true;
                mailboxSequence[i] = nextSequence++;
                bus.transmitRequested();
                return Status.OK;
            }
        }
        return Status.FULL;
    }

    @Override
    public int receive(CanFrame into) {
        if (receiveSize == 0) {
            return 0;
        }
        into.copyFrom(receiveFifo[receiveHead]);
        receiveHead = (receiveHead + 1) % receiveFifo.length;
        receiveSize--;
        return 1;
    }

    @Override
    public int state() {
        if (busOff) {
            return STATE_BUS_OFF;
        }
        return transmitErrors >= 128 || receiveErrors >= 128 ? STATE_ERROR_PASSIVE : STATE_ERROR_ACTIVE;
    }

    @Override
    public int transmitErrorCount() {
        return Math.min(transmitErrors, 255);
    }

    @Override
    public int receiveErrorCount() {
        return Math.min(receiveErrors, 255);
    }

    @Override
    public void requestRecovery() {
        if (busOff && !recovering) {
            recovering = true;
            bus.recoveryRequested(this);
        }
    }

    /** @return frames dropped because the receive FIFO was full */
    public long receiveOverflows() {
        return receiveOverflows;
    }

    /** @return frames this node sent successfully */
    public long framesSent() {
        return framesSent;
    }

    // ---- used by the bus ----------------------------------------------------------------------------------

    /** @return the mailbox that would enter arbitration, -1 if none */
    int pendingMailbox() {
        if (busOff) {
            return -1;
        }
        int best = -1;
        for (int i = 0; i < mailboxes.length; i++) {
            if (mailboxUsed[i] && (best < 0 || SimCanBus.arbitrationKey(mailboxes[i]) < SimCanBus.arbitrationKey(mailboxes[best])
                    || (SimCanBus.arbitrationKey(mailboxes[i]) == SimCanBus.arbitrationKey(mailboxes[best])
                    && mailboxSequence[i] < mailboxSequence[best]))) {
                best = i;
            }
        }
        return best;
    }

    CanFrame mailbox(int index) {
        return mailboxes[index];
    }

    void sent(int mailbox) {
        mailboxUsed[mailbox] = false;
        framesSent++;
        if (transmitErrors > 0) {
            transmitErrors--;
        }
    }

    void transmitError(boolean ackError) {
        // ISO 11898-1 fault confinement: +8 per transmit error; an error-passive transmitter that sees only
        // an ACK error (nobody else on the bus) does not count it, so a lone node stays error passive.
        if (ackError && state() == STATE_ERROR_PASSIVE) {
            return;
        }
        transmitErrors += 8;
        if (transmitErrors > 255) {
            busOff = true;
        }
    }

    void receiveError() {
        receiveErrors++;
    }

    void deliver(CanFrame frame) {
        if (receiveErrors > 0) {
            // after a good reception REC decreases; above 127 it returns to a value between 119 and 127
            receiveErrors = receiveErrors > 127 ? 120 : receiveErrors - 1;
        }
        if ((frame.id() & filterMask) != (filterId & filterMask)) {
            return;
        }
        if (receiveSize == receiveFifo.length) {
            receiveOverflows++;
            return;
        }
        receiveFifo[(receiveHead + receiveSize) % receiveFifo.length].copyFrom(frame);
        receiveSize++;
    }

    void recovered() {
        busOff = false;
        recovering = false;
        transmitErrors = 0;
        receiveErrors = 0;
    }
}
