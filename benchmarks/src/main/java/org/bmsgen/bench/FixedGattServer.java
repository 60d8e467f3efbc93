package org.bmsgen.bench;

import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.Status;

/**
 * A GATT server that keeps every value in a buffer fixed at construction, as a BLE stack's attribute table in RAM
 * does, and drops notifications (no central subscribed). The simulator's SimGattServer copies each value into a new
 * array (it records notifications for tests), which would put the simulator's allocation into the ESP32 tick's
 * {@code -prof gc} column; with this server the column is the firmware's alone.
 */
public final class FixedGattServer implements GattServer {
    private static final int MAX_ATTRIBUTES = 64;

    private final byte[][] values = new byte[MAX_ATTRIBUTES][MAX_VALUE_LENGTH];
    private final int[] lengths = new int[MAX_ATTRIBUTES];
    private final int[] properties = new int[MAX_ATTRIBUTES];
    private int attributes;
    private long notifications;

    private int nextHandle() {
        return attributes < MAX_ATTRIBUTES ? ++attributes : Status.FULL;
    }

    @Override
    public int addService(int uuid16) {
        return nextHandle();
    }

    @Override
    public int addService128(long uuidHigh, long uuidLow) {
        return nextHandle();
    }

    @Override
    public int addCharacteristic(int service, int uuid16, int properties) {
        int handle = nextHandle();
        if (handle > 0) {
            this.properties[handle - 1] = properties;
        }
        return handle;
    }

    @Override
    public int addCharacteristic128(int service, long uuidHigh, long uuidLow, int properties) {
        return addCharacteristic(service, 0, properties);
    }

    @Override
    public int start() {
        return Status.OK;
    }

    @Override
    public int setValue(int characteristic, byte[] value, int offset, int length) {
        if (characteristic < 1 || characteristic > attributes || length < 0 || length > MAX_VALUE_LENGTH) {
            return Status.INVALID_ARGUMENT;
        }
        System.arraycopy(value, offset, values[characteristic - 1], 0, length);
        lengths[characteristic - 1] = length;
        return Status.OK;
    }

    @Override
    public int notify(int characteristic) {
        if (characteristic < 1 || characteristic > attributes || (properties[characteristic - 1] & PROPERTY_NOTIFY) == 0) {
            return Status.INVALID_ARGUMENT;
        }
        notifications++;
        return 0;
    }

    /** @return notifications asked for since construction */
    public long notifications() {
        return notifications;
    }
}
