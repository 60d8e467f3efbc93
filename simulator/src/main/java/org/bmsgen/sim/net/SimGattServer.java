package org.bmsgen.sim.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.Status;

/**
 * A {@link GattServer} that records the layout the firmware declares, the value of each characteristic and every
 * notification, for tests. 16-bit UUIDs are expanded on the Bluetooth Base UUID
 * (0000xxxx-0000-1000-8000-00805F9B34FB, Core 5.3 Vol 3 Part B 2.5.1) so both kinds are looked up alike. The
 * attribute table holds {@link #MAX_ATTRIBUTES} services and characteristics, as a small NimBLE configuration.
 */
public final class SimGattServer implements GattServer {
    /** Services plus characteristics the table holds. */
    public static final int MAX_ATTRIBUTES = 32;
    private static final long BASE_UUID_LOW = 0x800000805F9B34FBL;

    /** A declared service. */
    public record Service(int handle, UUID uuid) {
    }

    /** A declared characteristic and what it holds now. */
    public static final class Characteristic {
        private final int handle;
        private final int service;
        private final UUID uuid;
        private final int properties;
        private byte[] value = new byte[0];
        private final List<byte[]> notifications = new ArrayList<>();

        Characteristic(int handle, int service, UUID uuid, int properties) {
            this.handle = handle;
            this.service = service;
            this.uuid = uuid;
            this.properties = properties;
        }

        public int handle() {
            return handle;
        }

        /** Handle of the service it belongs to. */
        public int service() {
            return service;
        }

        public UUID uuid() {
            return uuid;
        }

        public int properties() {
            return properties;
        }

        /** The value a client reads now. */
        public byte[] value() {
            return value.clone();
        }

        /** The values notified so far, oldest first. */
        public List<byte[]> notifications() {
            List<byte[]> copies = new ArrayList<>();
            for (byte[] notification : notifications) {
                copies.add(notification.clone());
            }
            return copies;
        }
    }

    private final List<Service> services = new ArrayList<>();
    private final List<Characteristic> characteristics = new ArrayList<>();
    private boolean started;
    private int subscribers = 1;

    /** A 16-bit UUID on the Bluetooth Base UUID. */
    public static UUID uuid16(int uuid16) {
        return new UUID(((long) uuid16 << 32) | 0x1000L, BASE_UUID_LOW);
    }

    /** How many clients have notifications enabled (1 by default: a phone connected and subscribed). */
    public void setSubscribers(int clients) {
        this.subscribers = clients;
    }

    @Override
    public int addService(int uuid16) {
        if (uuid16 < 0 || uuid16 > 0xFFFF) {
            return Status.INVALID_ARGUMENT;
        }
        return addService(uuid16(uuid16));
    }

    @Override
    public int addService128(long uuidHigh, long uuidLow) {
        return addService(new UUID(uuidHigh, uuidLow));
    }

    private int addService(UUID uuid) {
        if (started) {
            return Status.BUSY;
        }
        if (attributes() >= MAX_ATTRIBUTES) {
            return Status.FULL;
        }
        services.add(new Service(attributes(), uuid));
        return attributes() - 1;
    }

    @Override
    public int addCharacteristic(int service, int uuid16, int properties) {
        if (uuid16 < 0 || uuid16 > 0xFFFF) {
            return Status.INVALID_ARGUMENT;
        }
        return addCharacteristic(service, uuid16(uuid16), properties);
    }

    @Override
    public int addCharacteristic128(int service, long uuidHigh, long uuidLow, int properties) {
        return addCharacteristic(service, new UUID(uuidHigh, uuidLow), properties);
    }

    private int addCharacteristic(int service, UUID uuid, int properties) {
        if (started) {
            return Status.BUSY;
        }
        if (serviceOf(service) == null || properties == 0) {
            return Status.INVALID_ARGUMENT;
        }
        if (attributes() >= MAX_ATTRIBUTES) {
            return Status.FULL;
        }
        characteristics.add(new Characteristic(attributes(), service, uuid, properties));
        return attributes() - 1;
    }

    private int attributes() {
        return services.size() + characteristics.size();
    }

    private Service serviceOf(int handle) {
        for (Service service : services) {
            if (service.handle() == handle) {
                return service;
            }
        }
        return null;
    }

    private Characteristic byHandle(int handle) {
        for (Characteristic characteristic : characteristics) {
            if (characteristic.handle == handle) {
                return characteristic;
            }
        }
        return null;
    }

    @Override
    public int start() {
        if (started) {
            return Status.BUSY;
        }
        started = true;
        return Status.OK;
    }

    @Override
    public int setValue(int characteristic, byte[] value, int offset, int length) {
        if (length < 0 || offset < 0 || offset + length > value.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " in " + value.length);
        }
        Characteristic target = byHandle(characteristic);
        if (target == null || length > MAX_VALUE_LENGTH) {
            return Status.INVALID_ARGUMENT;
        }
        target.value = Arrays.copyOfRange(value, offset, offset + length);
        return Status.OK;
    }

    @Override
    public int notify(int characteristic) {
        Characteristic target = byHandle(characteristic);
        if (target == null || (target.properties & PROPERTY_NOTIFY) == 0) {
            return Status.INVALID_ARGUMENT;
        }
        if (!started) {
            return Status.OFFLINE;
        }
        if (subscribers > 0) {
            target.notifications.add(target.value.clone());
        }
        return subscribers;
    }

    /**
     * The ESP32 restarted: the BLE stack comes up empty, so the firmware declares its layout again (values and
     * notifications recorded so far are forgotten with it; the subscriber count is the clients', kept).
     */
    public void restart() {
        services.clear();
        characteristics.clear();
        started = false;
    }

    /** True once the firmware published its layout. */
    public boolean started() {
        return started;
    }

    /** The declared services in order. */
    public List<Service> services() {
        return List.copyOf(services);
    }

    /** The declared characteristics in order. */
    public List<Characteristic> characteristics() {
        return List.copyOf(characteristics);
    }

    /** The characteristic of a UUID; fails when none is declared. */
    public Characteristic characteristic(UUID uuid) {
        for (Characteristic characteristic : characteristics) {
            if (characteristic.uuid.equals(uuid)) {
                return characteristic;
            }
        }
        throw new IllegalArgumentException("no characteristic " + uuid);
    }

    /** The characteristic of a 16-bit UUID. */
    public Characteristic characteristic(int uuid16) {
        return characteristic(uuid16(uuid16));
    }
}
