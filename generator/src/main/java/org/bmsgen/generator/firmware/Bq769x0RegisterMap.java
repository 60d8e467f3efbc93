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

	/** What DS 8.5 says to write into CC_CFG at start-up. */
	static final int CC_CFG_VALUE = 0x19;

	private Bq769x0RegisterMap() {
	}
}
