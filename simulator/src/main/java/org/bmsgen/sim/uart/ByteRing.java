package org.bmsgen.sim.uart;

/** A fixed-capacity byte FIFO (no allocation after construction). */
final class ByteRing {
    private final byte[] bytes;
    private int head;
    private int size;

    ByteRing(int capacity) {
        bytes = new byte[capacity];
    }

    boolean offer(int value) {
        if (size == bytes.length) {
            return false;
        }
        bytes[(head + size) % bytes.length] = (byte) value;
        size++;
        return true;
    }

    int poll() {
        int value = bytes[head] & 0xFF;
        head = (head + 1) % bytes.length;
        size--;
        return value;
    }

    int size() {
        return size;
    }

    int free() {
        return bytes.length - size;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
