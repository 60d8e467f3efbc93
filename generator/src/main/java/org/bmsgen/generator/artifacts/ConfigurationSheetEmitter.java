package org.bmsgen.generator.artifacts;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.BalancingIr;
import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.CellIr;
import org.bmsgen.generator.ir.ControlIr;
import org.bmsgen.generator.ir.EstimatorsIr;
import org.bmsgen.generator.ir.LogLayoutIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ScaledUnit;
import org.bmsgen.generator.ir.ScaledValue;

/**
 * {@code <Pack>-configuration.md}: every limit of the pack as modelled and as the firmware and the AFE will
 * really apply it, for the engineer who signs off the configuration: the AFE's quantised thresholds and delays
 * (with the register bytes), the firmware's protections in control periods, balancing, current limits, the CAN
 * layout and the flash log layout. Each row ends with its model trace (file:line).
 */
public final class ConfigurationSheetEmitter {

	public String fileName(PackIr pack) {
		return pack.name() + "-configuration.md";
	}

	public GeneratedArtifact emit(PackIr pack) {
		Markdown md = new Markdown();
		md.line("<!--");
		for (String line : ArtifactHeader.lines(pack, "Configuration sheet")) {
			md.line("  " + line);
		}
		md.line("-->");
		md.line("# " + pack.name() + ": configuration sheet");
		md.blank();
		md.line("Pack " + pack.name() + (pack.lineage().size() > 1 ? " (extends "
				+ String.join(" > ", pack.lineage().subList(1, pack.lineage().size())) + ")" : "") + ", model "
				+ pack.trace() + ". Values are as modelled and as programmed; levels in V, A, degC, times in ms or s"
				+ " and in control periods (ceil(time / period): never earlier than modelled, at most one period later).");
		pack(md, pack);
		afe(md, pack);
		protections(md, pack);
		balancing(md, pack.balancing(), pack.control());
		estimators(md, pack.estimators(), pack.control());
		limits(md, pack.estimators());
		can(md, pack);
		log(md, pack.log());
		return new GeneratedArtifact(fileName(pack), md.text());
	}

	// ------------------------------------------------------------------ pack

	private static void pack(Markdown md, PackIr pack) {
		md.section("Pack");
		md.table("Item", "Value", "Trace");
		CellIr cell = pack.cell();
		if (cell != null) {
			md.row("Cells", cell.seriesCells() + "S" + cell.parallelCells() + "P " + cell.name() + " ("
					+ cell.chemistry() + ")", cell.trace());
			md.row("Cell capacity / pack capacity", PhysicalValues.withUnit(cell.capacityMah(), ScaledUnit.MILLIAMPERE_HOUR)
					+ " / " + PhysicalValues.withUnit(cell.packCapacityMah(), ScaledUnit.MILLIAMPERE_HOUR), cell.trace());
			md.row("Cell voltage nominal / minimum / maximum", volts(cell.nominalMv()) + " / " + volts(cell.minimumMv())
					+ " / " + volts(cell.maximumMv()), cell.trace());
		}
		ControlIr control = pack.control();
		md.row("MCU, control period", control.mcu() + ", " + PhysicalValues.duration(control.periodMs()), control.trace());
		md.row("Watchdog", control.watchdogMs() == 0 ? "not modelled"
				: PhysicalValues.duration(control.watchdogMs()), control.trace());
		md.row("Current continuous / peak (for) / charge", amps(control.continuousMa()) + " / " + amps(control.peakMa())
				+ " (" + PhysicalValues.duration(control.peakDurationMs()) + ") / " + amps(control.chargeMa()),
				control.trace());
	}

	// ------------------------------------------------------------------ AFE

	private static void afe(Markdown md, PackIr pack) {
		AfeIr afe = pack.afe();
		if (afe == null) {
			return;
		}
		md.section("AFE " + afe.part());
		md.table("Item", "Value", "Trace");
		md.row("I2C address, CRC", String.format("0x%02X, CRC %s", afe.i2cAddress(), afe.crc() ? "on" : "off"), afe.trace());
		md.row("Shunt", PhysicalValues.plain(java.math.BigDecimal.valueOf(afe.shuntMicroOhm()).movePointLeft(3)) + " mOhm",
				afe.trace());
		List<String> channels = new ArrayList<>();
		for (int i = 0; i < afe.channels().size(); i++) {
			channels.add("cell " + (i + 1) + " = VC" + afe.channels().get(i));
		}
		md.row("Cell inputs (bottom cell first)", String.join(", ", channels), afe.trace());
		for (AfeIr.Thermistor thermistor : afe.thermistors()) {
			md.row("Temperature input " + thermistor.input(), thermistor.nominalOhm() == 0 ? "die sensor"
					: "NTC " + thermistor.nominalOhm() + " Ohm at 25 degC, beta " + thermistor.beta() + " K",
					thermistor.trace());
		}

		md.subsection("Cell voltage limits (OV_TRIP, UV_TRIP)");
		md.line("OV_TRIP and UV_TRIP depend on each chip's factory trim (ADCGAIN, ADCOFFSET, DS 9.2) and are computed"
				+ " by the firmware at start-up; the programmed range is over every trim (gain 365..396 uV/LSB, offset"
				+ " -128..127 mV, DS Tables 8-22, 8-23). Delays are AFE table values (DS 8.5).");
		md.blank();
		md.table("Limit", "Modelled", "Programmed (all trims)", "Rounding rule", "Delay modelled", "Delay programmed",
				"Trace");
		voltageLimit(md, afe.cellOvervoltage(), pack);
		voltageLimit(md, afe.cellUndervoltage(), pack);

		md.subsection("Discharge current comparators (OCD, SCD)");
		md.line("The AFE compares the shunt voltage with a table step (DS 8.5): the programmed level is the nearest step"
				+ " not above the modelled one and the delay the nearest not longer, so the chip never acts later than"
				+ " modelled. RSNS (one bit for both tables) = " + afe.rsns() + ".");
		md.blank();
		md.table("Comparator", "Modelled", "Programmed", "Across shunt", "Code", "RSNS", "Delay modelled",
				"Delay programmed", "Quantised", "Trace");
		currentLimit(md, "OCD", afe.dischargeOvercurrent(), afe.rsns());
		currentLimit(md, "SCD", afe.dischargeShortCircuit(), afe.rsns());

		md.subsection("Protection registers");
		md.table("Register", "Value", "Fields");
		AfeIr.CurrentLimit scd = afe.dischargeShortCircuit();
		AfeIr.CurrentLimit ocd = afe.dischargeOvercurrent();
		md.row("PROTECT1", hex(afe.protect1()), "RSNS=" + afe.rsns() + ", SCD_DELAY=" + (scd == null ? 0 : scd.delayCode())
				+ ", SCD_THRESH=0x" + Integer.toHexString(scd == null ? 0 : scd.code()).toUpperCase());
		md.row("PROTECT2", hex(afe.protect2()), "OCD_DELAY=" + (ocd == null ? 0 : ocd.delayCode()) + ", OCD_THRESH=0x"
				+ Integer.toHexString(ocd == null ? 0 : ocd.code()).toUpperCase());
		md.row("PROTECT3", hex(afe.protect3()), "UV_DELAY=" + (afe.cellUndervoltage() == null ? 0
				: afe.cellUndervoltage().delayCode()) + ", OV_DELAY=" + (afe.cellOvervoltage() == null ? 0
						: afe.cellOvervoltage().delayCode()));
		md.row("OV_TRIP, UV_TRIP", "per chip", "computed at start-up from the trim (see above)");
	}

	private static void voltageLimit(Markdown md, AfeIr.VoltageLimit limit, PackIr pack) {
		if (limit == null) {
			return;
		}
		ProtectionIr protection = pack.protection(limit.protection());
		String rule = switch (limit.rounding()) {
			case HIGHEST_NOT_ABOVE -> "highest threshold not above the modelled level";
			case LOWEST_NOT_BELOW -> "lowest threshold not below the modelled level";
		};
		md.row(limit.protection(), volts(limit.modelledMv()), microvolts(limit.programmedMinUv()) + " .. "
				+ microvolts(limit.programmedMaxUv()), rule,
				protection == null ? "" : PhysicalValues.durationUs(protection.delayUs()),
				limit.delayS() + " s (code " + limit.delayCode() + ")", limit.trace());
	}

	private static void currentLimit(Markdown md, String comparator, AfeIr.CurrentLimit limit, int rsns) {
		if (limit == null) {
			return;
		}
		List<String> quantised = new ArrayList<>();
		if (limit.quantised()) {
			quantised.add("level");
		}
		if (limit.delayQuantised()) {
			quantised.add("delay");
		}
		md.row(comparator + " (" + limit.protection() + ")", amps(limit.modelledMa()), amps(limit.programmedMa()),
				limit.programmedShuntMv() + " mV", "0x" + Integer.toHexString(limit.code()).toUpperCase(),
				Integer.toString(rsns), PhysicalValues.durationUs(limit.modelledDelayUs()),
				PhysicalValues.durationUs(limit.programmedDelayUs()) + " (code " + limit.delayCode() + ")",
				quantised.isEmpty() ? "no" : "**yes: " + String.join(", ", quantised) + "**", limit.trace());
	}

	// ------------------------------------------------------------------ protections

	private static void protections(Markdown md, PackIr pack) {
		md.section("Protections");
		md.line("Bit = the protection's bit in the fault word. A delay of n periods trips on the tick where the"
				+ " condition has held for more than n consecutive ticks. AFE-enforced protections trip in the AFE with"
				+ " the programmed delay above; the firmware reads them and counts the same delay for its warning.");
		md.blank();
		md.table("Bit", "Protection", "By", "Trip", "Delay", "Release", "Warning", "Recovery", "Severity", "Trace");
		int period = pack.control().periodMs();
		for (ProtectionIr protection : pack.protections()) {
			md.row(Integer.toString(protection.index()), protection.name(), protection.enforcement().name().toLowerCase(),
					protection.trip() == null ? "no answer"
							: (protection.trip().direction() == org.bmsgen.generator.ir.Direction.ABOVE ? "> " : "< ")
									+ PhysicalValues.withUnit(protection.trip().level()),
					PhysicalValues.durationUs(protection.delayUs()) + " = " + protection.delayPeriods() + " x "
							+ PhysicalValues.duration(period),
					level(protection.release()), level(protection.warning()), recovery(protection, period),
					protection.severity().name().toLowerCase(), protection.trace());
		}
	}

	private static String recovery(ProtectionIr protection, int periodMs) {
		return switch (protection.recovery()) {
			case LATCH -> "latched until clear-faults";
			case AFTER_TIME -> "after " + PhysicalValues.duration(protection.recoverAfterMs()) + " = "
					+ protection.recoverAfterPeriods() + " x " + PhysicalValues.duration(periodMs) + " without the condition";
			case RELEASE_LEVEL -> "at the release level";
			case CONDITION_GONE -> "when the condition is gone";
		};
	}

	private static String level(ScaledValue value) {
		return value == null ? "-" : PhysicalValues.withUnit(value);
	}

	// ------------------------------------------------------------------ balancing, limits

	private static void balancing(Markdown md, BalancingIr balancing, ControlIr control) {
		if (balancing == null) {
			return;
		}
		md.section("Balancing");
		md.table("Item", "Value", "Trace");
		md.row("Start / stop at cell delta", volts(balancing.startDeltaMv()) + " / " + volts(balancing.stopDeltaMv()),
				balancing.trace());
		md.row("Only cells above", volts(balancing.minimumCellMv()), balancing.trace());
		md.row("Cells at once", balancing.maxCells() == 0 ? "no limit but adjacency" : Integer.toString(balancing.maxCells()),
				balancing.trace());
		md.row("Adjacent cells together", balancing.adjacentAllowed() ? "allowed" : "never", balancing.trace());
		List<String> when = new ArrayList<>();
		if (balancing.whileCharging()) {
			when.add("while charging");
		}
		if (balancing.restMs() > 0) {
			when.add("after " + PhysicalValues.duration(balancing.restMs()) + " at rest = " + balancing.restPeriods()
					+ " x " + PhysicalValues.duration(control.periodMs()));
		}
		md.row("When", when.isEmpty() ? "-" : String.join(", or ", when), balancing.trace());
		md.row("Never above", balancing.maxTemperatureCentiDegC() == null ? "-"
				: PhysicalValues.withUnit(balancing.maxTemperatureCentiDegC(), ScaledUnit.CENTI_DEGREE_CELSIUS),
				balancing.trace());
	}

	private static void estimators(Markdown md, EstimatorsIr estimators, ControlIr control) {
		if (estimators == null || estimators.soc() == null && estimators.soh() == null) {
			return;
		}
		md.section("State estimation");
		md.table("Item", "Value", "Trace");
		EstimatorsIr.Soc soc = estimators.soc();
		if (soc != null) {
			md.row("SoC filter", "EKF per cell, " + soc.rcPairs() + "RC equivalent circuit, float", soc.trace());
			md.row("Process noise (variance per step)", Float.toString(soc.processNoise()), soc.trace());
			md.row("Measurement noise (std. dev.)", Float.toString(soc.measurementNoiseV()) + " V", soc.trace());
			md.row("Initial SoC, uncertainty", (soc.initialFromFlash() ? "from flash" : "from the OCV at rest") + ", "
					+ Float.toString(soc.initialUncertainty()) + " (fraction)", soc.trace());
			md.row("OCV rest correction", soc.restCorrectionMs() == 0 ? "-"
					: "after " + PhysicalValues.duration(soc.restCorrectionMs()) + " at rest = "
							+ soc.restCorrectionPeriods() + " x " + PhysicalValues.duration(control.periodMs()),
					soc.trace());
		}
		EstimatorsIr.Soh soh = estimators.soh();
		if (soh != null) {
			md.row("SoH", "capacity fade " + (soh.capacityFade() ? "on" : "off") + ", resistance growth "
					+ (soh.resistanceGrowth() ? "on" : "off") + ", end of life " + (soh.endOfLifeBp() == 0 ? "-"
							: PhysicalValues.withUnit(soh.endOfLifeBp(), ScaledUnit.BASIS_POINT)), soh.trace());
		}
	}

	private static void limits(Markdown md, EstimatorsIr estimators) {
		if (estimators == null || estimators.limits() == null) {
			return;
		}
		EstimatorsIr.CurrentLimits limits = estimators.limits();
		md.section("Current limits");
		md.table("Limit", "Value", "Trace");
		md.row("Charge", limits.chargeMa() == 0 ? "-" : amps(limits.chargeMa()), limits.trace());
		md.row("Discharge", limits.dischargeMa() == 0 ? "-" : amps(limits.dischargeMa()), limits.trace());
		for (EstimatorsIr.Derating derating : limits.deratings()) {
			List<String> points = new ArrayList<>();
			for (EstimatorsIr.DeratingPoint point : derating.points()) {
				points.add(PhysicalValues.withUnit(point.x(), derating.variable().unit()) + ": "
						+ PhysicalValues.withUnit(point.factorBp(), ScaledUnit.BASIS_POINT));
			}
			md.row("Derate " + (derating.charge() ? "charge" : "discharge") + " by "
					+ PhysicalValues.measurement(derating.variable()), String.join(", ", points), derating.trace());
		}
	}

	// ------------------------------------------------------------------ CAN

	private static void can(Markdown md, PackIr pack) {
		CanIr can = pack.can();
		if (can == null || can.bus() == null && can.messages().isEmpty()) {
			return;
		}
		md.section("CAN");
		if (can.bus() != null) {
			CanIr.Bus bus = can.bus();
			md.line("Bus: " + bus.transceiver() + ", " + (bus.fd() ? "CAN FD" : "classic CAN") + ", nominal "
					+ bus.nominalBitRate() + " bit/s" + (bus.fd() && bus.dataBitRate() > 0 ? ", data "
							+ bus.dataBitRate() + " bit/s" : "") + " (" + bus.trace() + ").");
			md.blank();
		}
		md.table("Message", "Id", "Frame", "Length", "Period", "Trace");
		for (CanIr.Message message : can.messages()) {
			md.row(message.name(), message.extended() ? String.format("0x%08X (extended)", message.id())
					: String.format("0x%03X", message.id()), message.fd() ? "CAN FD" : "classic",
					message.lengthBytes() + " B", PhysicalValues.duration(message.periodMs()), message.trace());
		}
		for (CanIr.Message message : can.messages()) {
			md.subsection("Message " + message.name());
			md.line("Bit numbers as in the DBC: bit 8 x byte + n, n = 0 the byte's least significant bit. Physical"
					+ " = raw x scale + offset.");
			md.blank();
			md.table("Signal", "Start", "Length", "Order", "Frame bits (LSB first)", "Type", "Scale", "Offset",
					"Range", "From", "Trace");
			for (CanIr.Signal signal : message.signals()) {
				ScaledUnit unit = signal.source().unit();
				String symbol = unit.baseSymbol().isEmpty() ? "" : " " + unit.baseSymbol();
				String range = signal.minimum() == null && signal.maximum() == null ? "-"
						: (signal.minimum() == null ? "" : PhysicalValues.withUnit(signal.minimum())) + " .. "
								+ (signal.maximum() == null ? "" : PhysicalValues.withUnit(signal.maximum()));
				md.row(signal.name(), Integer.toString(signal.startBit()), Integer.toString(signal.length()),
						signal.bigEndian() ? "big-endian (Motorola)" : "little-endian (Intel)",
						bitRuns(signal.bitPositions()), signal.signed() ? "signed" : "unsigned",
						PhysicalValues.plain(PhysicalValues.toBase(signal.scale(), unit)) + symbol,
						PhysicalValues.plain(PhysicalValues.toBase(signal.offset(), unit)) + symbol, range,
						CanDbcEmitter.source(pack, signal.source()), signal.trace());
			}
		}
	}

	/** Frame bits from the signal's LSB up, consecutive runs joined: "0-15", "8-15, 0-7". */
	static String bitRuns(List<Integer> positions) {
		List<String> runs = new ArrayList<>();
		int i = 0;
		while (i < positions.size()) {
			int j = i;
			while (j + 1 < positions.size() && positions.get(j + 1) == positions.get(j) + 1) {
				j++;
			}
			runs.add(i == j ? Integer.toString(positions.get(i)) : positions.get(i) + "-" + positions.get(j));
			i = j + 1;
		}
		return String.join(", ", runs);
	}

	// ------------------------------------------------------------------ log

	private static void log(Markdown md, LogLayoutIr log) {
		if (log == null) {
			return;
		}
		md.section("Flash log");
		md.line(log.flashPart() + ": " + PhysicalValues.bytes(log.capacityBytes()) + ", erase sector "
				+ PhysicalValues.bytes(log.sectorBytes()) + ", page " + PhysicalValues.bytes(log.pageBytes()) + " ("
				+ log.trace() + ").");
		md.blank();
		md.table("Area", "Start", "Size", "Sectors", "Record", "Records per sector / page", "Records", "Period",
				"Retention", "Trace");
		for (LogLayoutIr.Area area : new LogLayoutIr.Area[] { log.events(), log.history() }) {
			if (area == null) {
				continue;
			}
			long records = (long) area.sectors() * area.recordsPerSector();
			md.row(area.name(), String.format("0x%06X", area.startByte()), PhysicalValues.bytes(area.sizeBytes()),
					Integer.toString(area.sectors()), area.recordBytes() + " B",
					area.recordsPerSector() + " / " + area.recordsPerPage(), Long.toString(records),
					area.periodMs() == 0 ? "on event" : PhysicalValues.duration(area.periodMs()) + " = "
							+ area.periodPeriods() + " periods",
					area.periodMs() == 0 ? "last " + records + " events" : retention(records, area.periodMs()),
					area.trace());
		}
		md.blank();
		md.line("Records and retention count the whole area. A ring that erases the sector ahead of its write position"
				+ " (append-only, power-loss safe) holds one sector's records fewer at the moment it erases.");
		if (!log.eventCodes().isEmpty()) {
			md.blank();
			md.table("Event code", "Name");
			for (LogLayoutIr.EventCode code : log.eventCodes()) {
				md.row(Integer.toString(code.code()), code.name());
			}
		}
	}

	/** How far back a full ring of records reaches at one record per period: "7 d 6 h 8 min". */
	static String retention(long records, long periodMs) {
		long minutes = records * periodMs / 60_000;
		return minutes / 1440 + " d " + minutes % 1440 / 60 + " h " + minutes % 60 + " min";
	}

	// ------------------------------------------------------------------ formatting

	private static String volts(int mv) {
		return PhysicalValues.withUnit(mv, ScaledUnit.MILLIVOLT);
	}

	private static String amps(int ma) {
		return PhysicalValues.withUnit(ma, ScaledUnit.MILLIAMPERE);
	}

	private static String microvolts(long uv) {
		return PhysicalValues.plain(java.math.BigDecimal.valueOf(uv).movePointLeft(6)) + " V";
	}

	private static String hex(int value) {
		return String.format("0x%02X", value);
	}

	/** Markdown lines with LF endings; table cells escaped. */
	static final class Markdown {

		private final StringBuilder out = new StringBuilder();

		void line(String text) {
			out.append(text).append('\n');
		}

		void blank() {
			out.append('\n');
		}

		void section(String title) {
			blank();
			line("## " + title);
			blank();
		}

		void subsection(String title) {
			blank();
			line("### " + title);
			blank();
		}

		void table(String... headings) {
			line("| " + String.join(" | ", headings) + " |");
			StringBuilder rule = new StringBuilder("|");
			for (int i = 0; i < headings.length; i++) {
				rule.append(" --- |");
			}
			line(rule.toString());
		}

		void row(Object... cells) {
			StringBuilder row = new StringBuilder("|");
			for (Object cell : cells) {
				row.append(' ').append(String.valueOf(cell).replace("|", "\\|")).append(" |");
			}
			line(row.toString());
		}

		String text() {
			return out.toString();
		}
	}
}
