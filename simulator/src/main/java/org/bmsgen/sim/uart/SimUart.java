package org.bmsgen.sim.uart;

import org.bmsgen.platform.Status;
import org.bmsgen.platform.Uart;

/**
 * One UART end with its receive and transmit FIFOs; bytes move only through a {@link UartLink}, at the
 * link's byte time. FIFO sizes are the simulation's choice (the STM32G4 USART FIFO holds 8; DMA ring buffers
 * of firmware are usually larger): pick what the firmware under test configures.
 */
public final class SimUart implements Uart {
    final ByteRing receive;
    final ByteRing transmit;
    private int errors;
    UartLink link;

    public SimUart(int receiveCapacity, int transmitCapacity) {
        receive = new ByteRing(receiveCapacity);
        transmit = new ByteRing(transmitCapacity);
    }

    @Override
    public int read(byte[] buffer, int offset, int maxLength) {
        if (maxLength < 0 || offset < 0 || offset + maxLength > buffer.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + maxLength + " in " + buffer.length);
        }
        int count = 0;
        while (count < maxLength && receive.size() > 0) {
            buffer[offset + count++] = (byte) receive.poll();
        }
        return count;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (length < 0 || offset < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " in " + data.length);
        }
        if (link == null) {
            return Status.OFFLINE;
        }
        int count = 0;
        while (count < length && transmit.offer(data[offset + count])) {
            count++;
        }
        if (count > 0) {
            link.transmitQueued(this);
        }
        return count;
    }

    @Override
    public int takeErrors() {
        int taken = errors;
        errors = 0;
        return taken;
    }

    void received(int value, int errorFlags) {
        errors |= errorFlags;
        if (!receive.offer(value)) {
            errors |= ERROR_OVERRUN;
        }
    }

    void flagError(int errorFlags) {
        errors |= errorFlags;
    }

    /** @return bytes waiting to be read */
    public int available() {
        return receive.size();
    }
}
