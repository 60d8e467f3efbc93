package org.bmsgen.platform;

/**
 * An SPI bus master (mode and clock are fixed by the board port) with software-visible chip selects.
 *
 * <p>A transaction is {@link #select}, any number of {@link #transfer} calls, then {@link #deselect}:
 * devices such as the W25Q128JV act on the chip-select edges (a page program starts when /CS goes high),
 * so the firmware decides where a command ends. Only one device is selected at a time.
 */
public interface SpiMaster {

    /**
     * Drives the chip select of one device active (low).
     *
     * @param chipSelect index of the device on this bus, 0..(number of chip selects - 1)
     * @return {@link Status#OK}, {@link Status#BUSY} if another device is still selected,
     *         {@link Status#INVALID_ARGUMENT} for an unknown index
     */
    int select(int chipSelect);

    /**
     * Clocks {@code length} bytes full duplex with the selected device.
     *
     * @param tx bytes to send, or null to send 0xFF (reads)
     * @param txOffset index of the first byte to send (ignored when tx is null)
     * @param rx where received bytes go, or null to discard them (writes)
     * @param rxOffset index where the first received byte is stored (ignored when rx is null)
     * @param length number of bytes, 0..(remaining space of the non-null buffers)
     * @return {@link Status#OK}, {@link Status#OFFLINE} if no device is selected, or a negative status
     */
    int transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length);

    /**
     * Drives the selected chip select inactive (high); does nothing if none is selected.
     */
    void deselect();
}
