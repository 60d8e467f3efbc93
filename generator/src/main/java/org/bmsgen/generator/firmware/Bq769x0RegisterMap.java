package org.bmsgen.generator.firmware;

import java.util.List;

/**
 * The BQ769x0 registers the generated driver addresses (DS 8.5, as collected in shared/reference/bq76920.md):
 * datasheet facts, not model values, so they are not in the IR. The simulator keeps the same map in
 * {@code org.bmsgen.sim.afe.Bq769x0Registers}; both belong in {@code org.bmsgen.dsl.parts.Bq769x0} beside the
 * threshold tables (one implementation for checks, generator and simulator).
 */
final class Bq769x0RegisterMap {

	/** @param meaning why the firmware uses it, for the generated javadoc */
	record Register(String name, int address, String meaning) {
	}

	/** In address order. */
	static final List<Register> REGISTERS = List.of(
			new Register("SYS_STAT", 0x00, "fault and status bits, write 1 to clear"),
			new Register("CELLBAL1", 0x01, "balancing bits CB1..CB5 (CB1 = VC1-VC0)"),
			new Register("SYS_CTRL1", 0x04, "ADC_EN, TEMP_SEL, SHUT_A/SHUT_B (SHIP mode)"),
			new Register("SYS_CTRL2", 0x05, "CC_EN, DSG_ON, CHG_ON"),
			new Register("PROTECT1", 0x06, "RSNS, SCD_DELAY, SCD_THRESH"),
			new Register("PROTECT2", 0x07, "OCD_DELAY, OCD_THRESH"),
			new Register("PROTECT3", 0x08, "UV_DELAY, OV_DELAY"),
			new Register("OV_TRIP", 0x09, "overvoltage threshold, computed from the trim at start-up"),
			new Register("UV_TRIP", 0x0A, "undervoltage threshold, computed from the trim at start-up"),
			new Register("CC_CFG", 0x0B, "coulomb counter configuration, written at start-up"),
			new Register("VC1_HI", 0x0C, "first cell reading; VCn_HI = VC1_HI + 2 (n - 1), 14 bits"),
			new Register("BAT_HI", 0x2A, "pack voltage reading"),
			new Register("TS1_HI", 0x2C, "thermistor TS1 reading"),
			new Register("CC_HI", 0x32, "coulomb counter, 16-bit two's complement"),
			new Register("ADCGAIN1", 0x50, "factory trim: ADC gain bits 4:3"),
			new Register("ADCOFFSET", 0x51, "factory trim: ADC offset in mV, two's complement"),
			new Register("ADCGAIN2", 0x59, "factory trim: ADC gain bits 2:0"));

	/**
	 * A bit (or field mask) of a control or status register.
	 *
	 * @param register the register's name in {@link #REGISTERS}
	 * @param name the datasheet's name of the bit
	 * @param mask the bit's mask in the register
	 * @param meaning what it does, for the generated javadoc
	 */
	record Bit(String register, String name, int mask, String meaning) {
	}

	/** The bits the driver sets, tests or clears (DS 8.5), by register then from the highest bit. */
	static final List<Bit> BITS = List.of(
			new Bit("SYS_STAT", "CC_READY", 0x80, "a fresh coulomb counter reading is in CC_HI/CC_LO (every 250 ms)"),
			new Bit("SYS_STAT", "DEVICE_XREADY", 0x20, "internal fault: both FETs off, CELLBAL cleared"),
			new Bit("SYS_STAT", "OVRD_ALERT", 0x10, "ALERT driven high from outside: both FETs off"),
			new Bit("SYS_STAT", "UV", 0x08, "cell undervoltage: DSG_ON cleared"),
			new Bit("SYS_STAT", "OV", 0x04, "cell overvoltage: CHG_ON cleared"),
			new Bit("SYS_STAT", "SCD", 0x02, "discharge short circuit: DSG_ON cleared"),
			new Bit("SYS_STAT", "OCD", 0x01, "discharge overcurrent: DSG_ON cleared"),
			new Bit("SYS_CTRL1", "LOAD_PRESENT", 0x80, "read-only: a load is on PACK- while CHG is off"),
			new Bit("SYS_CTRL1", "ADC_EN", 0x10, "cell, BAT and TS conversions on; OV/UV protection needs it"),
			new Bit("SYS_CTRL1", "TEMP_SEL", 0x08, "1: TS inputs read external thermistors; 0: the die temperature"),
			new Bit("SYS_CTRL1", "SHUT_A", 0x02, "second write of the SHIP sequence"),
			new Bit("SYS_CTRL1", "SHUT_B", 0x01, "first write of the SHIP sequence"),
			new Bit("SYS_CTRL2", "DELAY_DIS", 0x80, "protection delays off (test only)"),
			new Bit("SYS_CTRL2", "CC_EN", 0x40, "coulomb counter converting continuously"),
			new Bit("SYS_CTRL2", "CC_ONESHOT", 0x20, "one coulomb counter conversion"),
			new Bit("SYS_CTRL2", "DSG_ON", 0x02, "discharge FET on"),
			new Bit("SYS_CTRL2", "CHG_ON", 0x01, "charge FET on"));

	/** SYS_STAT bits 7 and 5..0 (bit 6 is reserved): what a write-1-to-clear of everything writes (DS 8.5). */
	static final int SYS_STAT_ALL = 0xBF;
	/** The fault bits of SYS_STAT (DEVICE_XREADY..OCD), without CC_READY (DS 8.5). */
	static final int SYS_STAT_FAULTS = 0x3F;
	/** The bits of PROTECT1/2/3 that hold settings (the others read 0, DS 8.5): for the read-back after writing. */
	static final int PROTECT1_MASK = 0x9F;
	static final int PROTECT2_MASK = 0x7F;
	static final int PROTECT3_MASK = 0xF0;
	/** The settings bits of CC_CFG (DS 8.5). */
	static final int CC_CFG_MASK = 0x3F;

	/** What DS 8.5 says to write into CC_CFG at start-up. */
	static final int CC_CFG_VALUE = 0x19;

	private Bq769x0RegisterMap() {
	}
}
