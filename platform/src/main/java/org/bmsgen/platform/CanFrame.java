package org.bmsgen.platform;

/**
 * A caller-owned, reusable CAN or CAN FD frame: the firmware allocates its frames once and
 * {@link CanController} copies into and out of them.
 *
 * <p>Length is kept in bytes; {@link #dlc()} gives the data length code. Classic frames carry 0..8 bytes,
 * FD frames one of 0..8, 12, 16, 20, 24, 32, 48, 64 (ISO 11898-1:2015).
 */
public final class CanFrame {
    /** Largest payload of an FD frame in bytes. */
    public static final int MAX_FD_LENGTH = 64;
    /** Largest payload of a classic frame in bytes. */
    public static final int MAX_CLASSIC_LENGTH = 8;
    /** Largest 11-bit identifier. */
    public static final int MAX_STANDARD_ID = 0x7FF;
    /** Largest 29-bit identifier. */
    public static final int MAX_EXTENDED_ID = 0x1FFFFFFF;

    private static final byte[] FD_LENGTH_OF_DLC = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};

    /** Payload; only the first {@link #length()} bytes are meaningful. */
    public final byte[] data = new byte[MAX_FD_LENGTH];
    private int id;
    private boolean extended;
    private boolean fd;
    private boolean bitRateSwitch;
    private int length;

    /**
     * Sets the header; the payload is written into {@link #data} by the caller.
     *
     * @param id identifier, 0..0x7FF for standard, 0..0x1FFFFFFF for extended frames
     * @param extended true for a 29-bit identifier
     * @param fd true for an FD frame
     * @param bitRateSwitch true to send the FD data phase at the data bit rate (ignored unless fd)
     * @param length payload bytes: 0..8 classic; a valid FD length (see {@link #isValidFdLength}) for FD
     * @return {@link Status#OK}, or {@link Status#INVALID_ARGUMENT} leaving the frame unchanged
     */
    public int set(int id, boolean extended, boolean fd, boolean bitRateSwitch, int length) {
        int maxId = extended ? MAX_EXTENDED_ID : MAX_STANDARD_ID;
        if (id < 0 || id > maxId) {
            return Status.INVALID_ARGUMENT;
        }
        if (fd ? !isValidFdLength(length) : (length < 0 || length > MAX_CLASSIC_LENGTH)) {
            return Status.INVALID_ARGUMENT;
        }
        this.id = id;
        this.extended = extended;
        this.fd = fd;
        this.bitRateSwitch = fd && bitRateSwitch;
        this.length = length;
        return Status.OK;
    }

    /**
     * Copies header and payload of another frame into this one (no allocation).
     *
     * @param other the frame to copy
     */
    public void copyFrom(CanFrame other) {
        id = other.id;
        extended = other.extended;
        fd = other.fd;
        bitRateSwitch = other.bitRateSwitch;
        length = other.length;
        System.arraycopy(other.data, 0, data, 0, other.length);
    }

    public int id() {
        return id;
    }

    public boolean isExtended() {
        return extended;
    }

    public boolean isFd() {
        return fd;
    }

    public boolean isBitRateSwitch() {
        return bitRateSwitch;
    }

    /** @return payload length in bytes */
    public int length() {
        return length;
    }

    /** @return the 4-bit data length code of this frame's length */
    public int dlc() {
        return dlcOfLength(length);
    }

    /**
     * @param length payload bytes
     * @return true if an FD frame can carry exactly this many bytes
     */
    public static boolean isValidFdLength(int length) {
        return length >= 0 && length <= MAX_FD_LENGTH && FD_LENGTH_OF_DLC[dlcOfLength(length)] == length;
    }

    /**
     * @param length payload bytes, 0..64
     * @return the smallest data length code whose length holds {@code length} bytes, 15 above 48
     */
    public static int dlcOfLength(int length) {
        for (int dlc = 0; dlc < FD_LENGTH_OF_DLC.length; dlc++) {
            if (FD_LENGTH_OF_DLC[dlc] >= length) {
                return dlc;
            }
        }
        return FD_LENGTH_OF_DLC.length - 1;
    }

    /**
     * @param dlc data length code 0..15
     * @param fd true for FD frames (classic frames cap DLC 9..15 at 8 bytes)
     * @return payload bytes the code stands for
     */
    public static int lengthOfDlc(int dlc, boolean fd) {
        int clamped = dlc & 0xF;
        return fd ? FD_LENGTH_OF_DLC[clamped] : Math.min(clamped, MAX_CLASSIC_LENGTH);
    }
}
