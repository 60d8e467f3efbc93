package org.bmsgen.platform;

/**
 * A Bluetooth Low Energy GATT server (on the ESP32: ESP-IDF's NimBLE or Bluedroid GATT server); advertising and
 * pairing are fixed by the board port.
 *
 * <p>The firmware declares its services and characteristics once at start-up, then only sets values and
 * notifies. A characteristic's value is held by the server: a client's read gets the last value set.
 * UUIDs are 16-bit SIG-assigned numbers or 128-bit custom ones given as two longs (most significant first).
 */
public interface GattServer {
    /** Characteristic property Read (Bluetooth Core 5.3, Vol 3 Part G, 3.3.1.1). */
    int PROPERTY_READ = 0x02;
    /** Characteristic property Notify (Bluetooth Core 5.3, Vol 3 Part G, 3.3.1.1). */
    int PROPERTY_NOTIFY = 0x10;
    /** Longest value in bytes: what one notification carries at the default ATT MTU of 23 (MTU - 3). */
    int MAX_VALUE_LENGTH = 20;

    /**
     * Declares a primary service with a 16-bit UUID; only before {@link #start()}.
     *
     * @param uuid16 the SIG-assigned number, 0..0xFFFF
     * @return the service handle (non-negative), or {@link Status#BUSY} after start,
     *         {@link Status#FULL} when the attribute table is full, {@link Status#INVALID_ARGUMENT}
     */
    int addService(int uuid16);

    /**
     * Declares a primary service with a 128-bit UUID; only before {@link #start()}.
     *
     * @param uuidHigh the UUID's most significant 64 bits
     * @param uuidLow the UUID's least significant 64 bits
     * @return the service handle (non-negative), or a negative status as {@link #addService(int)}
     */
    int addService128(long uuidHigh, long uuidLow);

    /**
     * Declares a characteristic with a 16-bit UUID in a service; only before {@link #start()}.
     *
     * @param service a handle from addService
     * @param uuid16 the SIG-assigned number
     * @param properties PROPERTY_ bits
     * @return the characteristic handle (non-negative), or a negative status as {@link #addService(int)}
     */
    int addCharacteristic(int service, int uuid16, int properties);

    /**
     * Declares a characteristic with a 128-bit UUID in a service; only before {@link #start()}.
     *
     * @param service a handle from addService or addService128
     * @param uuidHigh the UUID's most significant 64 bits
     * @param uuidLow the UUID's least significant 64 bits
     * @param properties PROPERTY_ bits
     * @return the characteristic handle (non-negative), or a negative status as {@link #addService(int)}
     */
    int addCharacteristic128(int service, long uuidHigh, long uuidLow, int properties);

    /**
     * Publishes the declared services and starts advertising; a second call is refused.
     *
     * @return {@link Status#OK} or {@link Status#BUSY} if already started
     */
    int start();

    /**
     * Sets the value a client reads.
     *
     * @param characteristic a handle from addCharacteristic
     * @param value source, owned by the caller (copied before return)
     * @param offset index of the first byte
     * @param length 0..{@link #MAX_VALUE_LENGTH}
     * @return {@link Status#OK}, or {@link Status#INVALID_ARGUMENT} for an unknown handle or a bad length
     */
    int setValue(int characteristic, byte[] value, int offset, int length);

    /**
     * Sends the characteristic's current value to every client that enabled notifications.
     *
     * @param characteristic a handle of a characteristic with {@link #PROPERTY_NOTIFY}
     * @return the number of clients notified (0 if none subscribed), or {@link Status#INVALID_ARGUMENT},
     *         {@link Status#OFFLINE} before {@link #start()}
     */
    int notify(int characteristic);
}
