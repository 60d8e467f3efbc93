package org.bmsgen.sim.uart;

import java.util.SplittableRandom;

import org.bmsgen.platform.Uart;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimRandom;
import org.bmsgen.sim.time.SimTimer;

/**
 * A full-duplex 8N1 wire pair between two {@link SimUart}s (the STM32 and the ESP32 on the reference board).
 *
 * <p>A byte occupies the line for 10 bit times (start, 8 data, stop) and arrives at the far end when its
 * stop bit ends. Noise flips one of the 10 bits of a byte with probability {@code byteErrorRate}: a data bit
 * arrives silently wrong (8N1 has no parity), a flipped stop bit arrives with {@link Uart#ERROR_FRAMING},
 * a flipped start bit loses the byte and leaves {@link Uart#ERROR_FRAMING} at the receiver.
 */
public final class UartLink {
    private final Scheduler scheduler;
    private final long byteMicros;
    private double byteErrorRate;
    private final SplittableRandom noise;
    private final Direction aToB;
    private final Direction bToA;
    private long bytesCorrupted;

    /**
     * @param baud bits per second, e.g. 115 200
     * @param byteErrorRate probability that a byte gets one bit flipped, 0..1
     */
    public UartLink(Scheduler scheduler, SimUart a, SimUart b, int baud, double byteErrorRate, long seed) {
        if (baud <= 0 || byteErrorRate < 0 || byteErrorRate > 1) {
            throw new IllegalArgumentException("baud must be positive and the error rate within 0..1");
        }
        this.scheduler = scheduler;
        // 10 bit times, rounded up to whole microseconds (115 200 baud: 86.8 us -> 87 us)
        this.byteMicros = (10_000_000L + baud - 1) / baud;
        this.byteErrorRate = byteErrorRate;
        this.noise = SimRandom.stream(seed, "uart.noise");
        this.aToB = new Direction(a, b);
        this.bToA = new Direction(b, a);
        a.link = this;
        b.link = this;
    }

    /** @return line time of one byte in microseconds */
    public long byteMicros() {
        return byteMicros;
    }

    /** Changes the noise from now on: probability 0..1 that a byte gets one bit flipped. */
    public void setByteErrorRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("error rate must be within 0..1");
        }
        byteErrorRate = rate;
    }

    public long bytesCorrupted() {
        return bytesCorrupted;
    }

    void transmitQueued(SimUart from) {
        Direction direction = from == aToB.from ? aToB : bToA;
        if (!direction.isScheduled()) {
            scheduler.schedule(direction, scheduler.nowMicros() + byteMicros);
        }
    }

    private final class Direction extends SimTimer {
        final SimUart from;
        final SimUart to;

        Direction(SimUart from, SimUart to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected void fire(long nowMicros) {
            int value = from.transmit.poll();
            int flags = 0;
            boolean lost = false;
            if (byteErrorRate > 0 && noise.nextDouble() < byteErrorRate) {
                bytesCorrupted++;
                int bit = noise.nextInt(10);
                if (bit == 0) {
                    lost = true;
                } else if (bit == 9) {
                    flags = Uart.ERROR_FRAMING;
                } else {
                    value ^= 1 << (bit - 1);
                }
            }
            if (lost) {
                to.flagError(Uart.ERROR_FRAMING);
            } else {
                to.received(value, flags);
            }
            if (from.transmit.size() > 0) {
                scheduler.schedule(this, nowMicros + byteMicros);
            }
        }
    }
}
