package org.bmsgen.dsl.parts;

/**
 * Bit-rate limits of the reference board's CAN path: STM32G431 FDCAN controller and Microchip MCP2562FD
 * transceiver (the grammar's {@code MCP2562}; the plain MCP2562 without "FD" is a classic 1 Mbit/s part,
 * Microchip DS20005167C, and could not carry an FD data phase at all).
 */
public final class CanBitRates {

	private CanBitRates() {
	}

	/**
	 * Highest nominal (arbitration) rate, classic and FD alike: 1 Mbit/s (ISO 11898-1; MCP2561/2 DS20005167C
	 * "supports 1 Mb/s operation").
	 */
	public static final long MAX_NOMINAL_BIT_PER_S = 1_000_000;

	/**
	 * Highest FD data-phase rate the MCP2562FD guarantees: its loop delay symmetry is specified for data
	 * rates up to 5 Mbit/s (Microchip DS20005284A, section 1.0; "optimised for 2, 5 and 8 Mbps", but the
	 * symmetry is only guaranteed to 5).
	 */
	public static final long MAX_FD_DATA_BIT_PER_S_MCP2562FD = 5_000_000;

	/**
	 * Highest FD data-phase rate of the STM32G4 FDCAN (Bosch M_CAN based; ST's STM32G4 FDCAN material gives
	 * up to 8 Mbit/s). Not the bottleneck on this board.
	 */
	public static final long MAX_FD_DATA_BIT_PER_S_STM32G431 = 8_000_000;

	/** What the board as a whole supports in the FD data phase: the lower of controller and transceiver. */
	public static final long MAX_FD_DATA_BIT_PER_S = Math.min(MAX_FD_DATA_BIT_PER_S_MCP2562FD,
			MAX_FD_DATA_BIT_PER_S_STM32G431);
}
