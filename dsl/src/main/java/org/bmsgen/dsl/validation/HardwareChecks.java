package org.bmsgen.dsl.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsgen.dsl.bms.CanMode;
import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.Balancing;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanBus;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.CellCurrents;
import org.bmsgen.dsl.bms.CurrentLimits;
import org.bmsgen.dsl.bms.CurrentRating;
import org.bmsgen.dsl.bms.Fets;
import org.bmsgen.dsl.bms.Flash;
import org.bmsgen.dsl.bms.Logging;
import org.bmsgen.dsl.bms.Mcu;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.PackMember;
import org.bmsgen.dsl.bms.ProtectionSet;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Radio;
import org.bmsgen.dsl.bms.SocEstimator;
import org.bmsgen.dsl.bms.SohEstimator;
import org.bmsgen.dsl.bms.Thermistor;
import org.bmsgen.dsl.bms.Topology;
import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.dsl.parts.CanBitRates;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.xtext.validation.Check;

/**
 * The board as built: the AFE suits the cell count and is wired the way its datasheet requires, the parts
 * carry the currents asked of them, and the MCU and CAN timing are what the parts can do. What it prevents
 * on the bench: a BQ76920 on six cells, cell 4 read from a shorted input (reading 0 V and tripping UV at
 * once), a thermistor on a pin the part lacks, FETs or a shunt overheating at the rated current, a watchdog
 * that bites between two control steps, a CAN bus that never synchronises.
 *
 * <p>Checked on the pack with its variant chain applied, so a variant that changes the cells is checked
 * against the AFE and FETs it inherits.
 */
public class HardwareChecks extends BmsChecks {

	// ------------------------------------------------------------------ pack members

	@Check
	public void checkRequiredMembers(Pack pack) {
		EffectivePack effective = effective(pack);
		List<String> missing = new ArrayList<>();
		if (effective.topology() == null) {
			missing.add("cells (\"cells 4S3P <cell>\")");
		}
		if (effective.afe() == null) {
			missing.add("afe (\"afe BQ76920 { ... }\")");
		}
		if (effective.mcu() == null) {
			missing.add("mcu (\"mcu STM32G431 { ... }\")");
		}
		if (!missing.isEmpty()) {
			errorIn(effective, null, BmsPackage.Literals.ELEMENT__NAME,
					"pack " + pack.getName() + " has no " + String.join(", no ", missing)
							+ ": a BMS needs its cells, an analog front end and a microcontroller",
					IssueCodes.MISSING_MEMBER);
		}
	}

	/** Block kinds a pack holds at most once (state machines and messages are named and checked elsewhere). */
	private static final Map<Class<? extends PackMember>, String> SINGLE_BLOCKS = new LinkedHashMap<>();

	static {
		SINGLE_BLOCKS.put(Topology.class, "cells");
		SINGLE_BLOCKS.put(Afe.class, "afe");
		SINGLE_BLOCKS.put(Mcu.class, "mcu");
		SINGLE_BLOCKS.put(Radio.class, "radio");
		SINGLE_BLOCKS.put(CanBus.class, "can");
		SINGLE_BLOCKS.put(Flash.class, "flash");
		SINGLE_BLOCKS.put(Fets.class, "fets");
		SINGLE_BLOCKS.put(CurrentRating.class, "current");
		SINGLE_BLOCKS.put(ProtectionSet.class, "protection");
		SINGLE_BLOCKS.put(Balancing.class, "balancing");
		SINGLE_BLOCKS.put(SocEstimator.class, "soc");
		SINGLE_BLOCKS.put(SohEstimator.class, "soh");
		SINGLE_BLOCKS.put(CurrentLimits.class, "limits");
		SINGLE_BLOCKS.put(Logging.class, "log");
	}

	@Check
	public void checkSingleMembers(Pack pack) {
		Map<String, PackMember> first = new LinkedHashMap<>();
		for (PackMember member : pack.getMembers()) {
			String kind = blockKind(member);
			if (kind == null) {
				continue;
			}
			if (first.containsKey(kind)) {
				error("a second '" + kind + "' block in pack " + pack.getName()
						+ ": write all of it in one block (a variant that extends the pack may override it)",
						member, null, IssueCodes.DUPLICATE_MEMBER);
			} else {
				first.put(kind, member);
			}
		}
	}

	private static String blockKind(PackMember member) {
		for (Map.Entry<Class<? extends PackMember>, String> entry : SINGLE_BLOCKS.entrySet()) {
			if (entry.getKey().isInstance(member)) {
				return entry.getValue();
			}
		}
		return null;
	}

	// ------------------------------------------------------------------ AFE

	@Check
	public void checkCellCountSupported(Pack pack) {
		EffectivePack effective = effective(pack);
		Bq769x0.Part part = afePart(effective);
		int series = effective.seriesCells();
		if (part == null || series == 0 || part.supportsCells(series)) {
			return;
		}
		errorIn(effective, effective.topology(), BmsPackage.Literals.TOPOLOGY__ARRANGEMENT,
				series + " cells in series on a " + part + ", which supports " + part.minCells() + " to "
						+ part.maxCells() + " cells (DS device comparison): use " + suitablePart(series),
				IssueCodes.CELL_COUNT_UNSUPPORTED, java.util.Arrays.stream(Bq769x0.Part.values())
						.filter(p -> p.supportsCells(series)).map(Enum::name).toArray(String[]::new));
	}

	/** Issue data of a thermistor on a missing input: the lowest input of the part no other thermistor uses. */
	private static String[] freeInput(Afe afe, Bq769x0.Part part) {
		java.util.Set<Integer> used = new java.util.HashSet<>();
		for (Thermistor thermistor : afe.getThermistors()) {
			if (!thermistor.isDie() && thermistor.getInput() != null) {
				used.add(thermistor.getInput().getValue() + 1);
			}
		}
		for (int input = 1; input <= part.thermistorInputs(); input++) {
			if (!used.contains(input)) {
				return new String[] { "TS" + input };
			}
		}
		return new String[0];
	}

	private static String suitablePart(int series) {
		List<String> parts = new ArrayList<>();
		for (Bq769x0.Part part : Bq769x0.Part.values()) {
			if (part.supportsCells(series)) {
				parts.add(part.name());
			}
		}
		return parts.isEmpty() ? "another AFE or fewer cells (the family covers 3 to 15)" : String.join(" or ", parts);
	}

	@Check
	public void checkChannelMap(Pack pack) {
		EffectivePack effective = effective(pack);
		Afe afe = effective.afe();
		Bq769x0.Part part = afePart(effective);
		int series = effective.seriesCells();
		if (part == null || afe.getChannels().isEmpty() || !part.supportsCells(series)) {
			return;
		}
		List<Integer> expected = Bq769x0.channelMap(part, series);
		if (!expected.equals(afe.getChannels())) {
			errorIn(effective, afe, BmsPackage.Literals.AFE__CHANNELS,
					"channels " + afe.getChannels() + " do not match how " + series + " cells are wired to a " + part
							+ " (unused inputs shorted below each group's top input, DS Table 9-2): expected "
							+ expected,
					IssueCodes.CHANNEL_MAP_MISMATCH,
					expected.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
		}
	}

	@Check
	public void checkAfeAddress(Pack pack) {
		EffectivePack effective = effective(pack);
		Afe afe = writtenAddress(effective);
		if (afe == null) {
			return;
		}
		int address = afe.getAddress();
		String part = String.valueOf(effective.afe().getPart());
		if (address < 0 || address > 0x7F) {
			errorIn(effective, afe, BmsPackage.Literals.AFE__ADDRESS, String.format(Locale.ROOT,
					"I2C address 0x%X is not a 7-bit address (0x00 to 0x7F); the %s answers at 0x%02X", address,
					part, Bq769x0.I2C_ADDRESS), IssueCodes.AFE_ADDRESS_INVALID, documentedAddress());
		} else if (address <= 0x07 || address >= 0x78) {
			// I2C specification (NXP UM10204, 3.1.12): 0000xxx and 1111xxx are reserved (general call, CBUS,
			// high-speed master codes, 10-bit addressing).
			errorIn(effective, afe, BmsPackage.Literals.AFE__ADDRESS, String.format(Locale.ROOT,
					"I2C address 0x%02X is reserved by the I2C specification (0x00-0x07, 0x78-0x7F); the %s answers at 0x%02X",
					address, part, Bq769x0.I2C_ADDRESS), IssueCodes.AFE_ADDRESS_INVALID, documentedAddress());
		} else if (address != Bq769x0.I2C_ADDRESS) {
			warningIn(effective, afe, BmsPackage.Literals.AFE__ADDRESS, String.format(Locale.ROOT,
					"I2C address 0x%02X is not the documented %s address 0x%02X (BQ7692000/01/02/03, DS device comparison): "
							+ "make sure the order code fitted answers there",
					address, part, Bq769x0.I2C_ADDRESS), IssueCodes.AFE_ADDRESS_INVALID, documentedAddress());
		}
	}

	/**
	 * The afe block, nearest in the variant chain, that writes an address. Read from the text rather than
	 * from the merged copy: an int attribute written as 0x00 equals EMF's default and would look unset.
	 */
	private static Afe writtenAddress(EffectivePack effective) {
		if (effective.afe() == null) {
			return null;
		}
		return WrittenSettings.writerOf(effective, Afe.class, BmsPackage.Literals.AFE__ADDRESS);
	}

	@Check
	public void checkThermistorInputs(Pack pack) {
		EffectivePack effective = effective(pack);
		Bq769x0.Part part = afePart(effective);
		if (part == null) {
			return;
		}
		for (Thermistor thermistor : effective.afe().getThermistors()) {
			if (thermistor.isDie() || thermistor.getInput() == null) {
				continue;
			}
			int input = thermistor.getInput().getValue() + 1;
			if (input > part.thermistorInputs()) {
				errorIn(effective, thermistor, BmsPackage.Literals.THERMISTOR__INPUT,
						"the " + part + " has no " + thermistor.getInput().getLiteral() + " input: its thermistor inputs are "
								+ (part.thermistorInputs() == 1 ? "TS1 only" : "TS1 to TS" + part.thermistorInputs()),
						IssueCodes.THERMISTOR_INPUT_UNAVAILABLE, freeInput(effective.afe(), part));
			}
		}
	}

	private static Bq769x0.Part afePart(EffectivePack effective) {
		Afe afe = effective.afe();
		if (afe == null || afe.getPart() == null) {
			return null;
		}
		return Bq769x0.Part.valueOf(afe.getPart().getName());
	}

	// ------------------------------------------------------------------ currents

	@Check
	public void checkCurrentWithinPartRatings(Pack pack) {
		EffectivePack effective = effective(pack);
		CurrentRating rating = effective.currentRating();
		if (rating == null) {
			return;
		}
		checkAgainstParts(effective, rating.getContinuous(), "continuous current");
		checkAgainstParts(effective, rating.getCharge(), "charge current");
	}

	private void checkAgainstParts(EffectivePack effective, Quantity current, String what) {
		Double amps = amps(current);
		if (amps == null) {
			return;
		}
		Fets fets = effective.fets();
		Double fetRating = fets == null ? null : amps(fets.getRating());
		if (fetRating != null && amps > fetRating) {
			errorIn(effective, current, null,
					what + " " + Units.format(current) + " is above the FETs' rating " + Units.format(fets.getRating())
							+ ": the " + what + " must be at most " + amount(fetRating, "A"),
					IssueCodes.CURRENT_ABOVE_RATING);
		}
		Afe afe = effective.afe();
		Double shuntRating = afe == null ? null : shuntCurrentRating(afe);
		if (shuntRating != null && amps > shuntRating + 1e-9) {
			String rated = Units.format(afe.getShuntRating());
			String derived = Units.dimensionOf(afe.getShuntRating()) == Dimension.POWER
					? " (" + rated + " on " + Units.format(afe.getShunt()) + ": I = sqrt(P/R) = " + amount(shuntRating, "A") + ")"
					: " (" + rated + ")";
			errorIn(effective, current, null,
					what + " " + Units.format(current) + " is above what the shunt is rated for" + derived
							+ ": the " + what + " must be at most " + amount(shuntRating, "A") + ", or use a larger shunt",
					IssueCodes.CURRENT_ABOVE_RATING);
		}
	}

	/** A shunt's current rating: written as a current, or as a power P on resistance R, I = sqrt(P / R). */
	private static Double shuntCurrentRating(Afe afe) {
		Quantity rated = afe.getShuntRating();
		if (rated == null) {
			return null;
		}
		if (Units.dimensionOf(rated) == Dimension.CURRENT) {
			return Units.base(rated);
		}
		if (Units.dimensionOf(rated) == Dimension.POWER && afe.getShunt() != null
				&& Units.dimensionOf(afe.getShunt()) == Dimension.RESISTANCE && Units.base(afe.getShunt()) > 0) {
			return Math.sqrt(Units.base(rated) / Units.base(afe.getShunt()));
		}
		return null;
	}

	@Check
	public void checkCurrentWithinCellRatings(Pack pack) {
		EffectivePack effective = effective(pack);
		CurrentRating rating = effective.currentRating();
		Cell cell = cellOf(effective);
		int parallel = effective.parallelCells();
		if (rating == null || cell == null || cell.getCurrents() == null || parallel == 0) {
			return;
		}
		CellCurrents cellCurrents = cell.getCurrents();
		compareWithCells(effective, rating.getContinuous(), cellCurrents.getDischarge(), parallel, cell,
				"continuous current", "continuous discharge");
		compareWithCells(effective, rating.getPeak(), cellCurrents.getPeak(), parallel, cell, "peak current",
				"peak");
		compareWithCells(effective, rating.getCharge(), cellCurrents.getCharge(), parallel, cell, "charge current",
				"charge");
		Double packPeakFor = seconds(rating.getPeakDuration());
		Double cellPeakFor = seconds(cellCurrents.getPeakDuration());
		if (packPeakFor != null && cellPeakFor != null && packPeakFor > cellPeakFor + 1e-9) {
			errorIn(effective, rating.getPeakDuration(), null,
					"peak current for " + Units.format(rating.getPeakDuration()) + " lasts longer than the cells' peak "
							+ "rating of " + cell.getName() + " (" + Units.format(cellCurrents.getPeak()) + " for "
							+ Units.format(cellCurrents.getPeakDuration()) + "): the peak must last at most "
							+ Units.format(cellCurrents.getPeakDuration()),
					IssueCodes.LIMIT_OUTSIDE_CELL_RATING);
		}
	}

	private void compareWithCells(EffectivePack effective, Quantity packCurrent, Quantity cellCurrent, int parallel,
			Cell cell, String what, String cellRating) {
		Double amps = amps(packCurrent);
		Double perCell = amps(cellCurrent);
		if (amps == null || perCell == null) {
			return;
		}
		double allowed = perCell * parallel;
		if (amps > allowed + 1e-9) {
			errorIn(effective, packCurrent, null,
					what + " " + Units.format(packCurrent) + " is above the cells' " + cellRating + " rating: "
							+ parallel + " in parallel x " + Units.format(cellCurrent) + " (" + cell.getName() + ") = "
							+ amount(allowed, "A") + "; the " + what + " must be at most that",
					IssueCodes.LIMIT_OUTSIDE_CELL_RATING);
		}
	}

	// ------------------------------------------------------------------ MCU timing

	@Check
	public void checkControlPeriod(Pack pack) {
		EffectivePack effective = effective(pack);
		Mcu mcu = effective.mcu();
		if (mcu == null) {
			return;
		}
		Double period = seconds(mcu.getPeriod());
		Double watchdog = seconds(mcu.getWatchdog());
		if (watchdog != null && watchdog <= 0) {
			errorIn(effective, mcu.getWatchdog(), null,
					"watchdog timeout " + Units.format(mcu.getWatchdog()) + " must be positive",
					IssueCodes.PERIOD_OUT_OF_RANGE);
		}
		if (period == null) {
			return;
		}
		if (period <= 0) {
			errorIn(effective, mcu.getPeriod(), null,
					"control period " + Units.format(mcu.getPeriod()) + " must be positive, e.g. 250 ms",
					IssueCodes.PERIOD_OUT_OF_RANGE);
			return;
		}
		if (watchdog != null && watchdog > 0 && period >= watchdog) {
			errorIn(effective, mcu.getPeriod(), null,
					"control period " + Units.format(mcu.getPeriod()) + " is not shorter than the watchdog timeout "
							+ Units.format(mcu.getWatchdog())
							+ ": the watchdog would reset the MCU between two control steps; make the period shorter",
					IssueCodes.PERIOD_OUT_OF_RANGE);
		}
		if (period < Bq769x0.CELL_UPDATE_PERIOD_S - 1e-9) {
			warningIn(effective, mcu.getPeriod(), null,
					"control period " + Units.format(mcu.getPeriod())
							+ " is faster than the AFE's 250 ms cell voltage update (DS, device description): "
							+ "steps in between see the same readings; 250 ms or slower matches the AFE",
					IssueCodes.PERIOD_OUT_OF_RANGE);
		}
	}

	// ------------------------------------------------------------------ CAN

	@Check
	public void checkCanBitRates(Pack pack) {
		EffectivePack effective = effective(pack);
		CanBus can = effective.canBus();
		if (can == null) {
			return;
		}
		Double nominal = bitRate(can.getNominalBitRate());
		if (nominal != null && (nominal <= 0 || nominal > CanBitRates.MAX_NOMINAL_BIT_PER_S)) {
			errorIn(effective, can.getNominalBitRate(), null,
					"nominal bit rate " + Units.format(can.getNominalBitRate())
							+ " is outside what CAN supports: above 0 and up to 1 Mbit/s (ISO 11898-1)",
					IssueCodes.BIT_RATE_UNSUPPORTED);
		}
		Quantity data = can.getDataBitRate();
		if (data == null) {
			return;
		}
		if (can.getMode() != CanMode.FD) {
			errorIn(effective, data, null,
					"a data bit rate (" + Units.format(data) + ") needs a CAN FD bus: classic CAN has one bit rate; "
							+ "write 'fd' or drop the data rate",
					IssueCodes.BIT_RATE_UNSUPPORTED, "fd");
			return;
		}
		Double dataRate = bitRate(data);
		if (dataRate == null) {
			return;
		}
		if (dataRate <= 0 || dataRate > CanBitRates.MAX_FD_DATA_BIT_PER_S) {
			errorIn(effective, data, null,
					"FD data bit rate " + Units.format(data) + " is outside what the board supports: up to 5 Mbit/s "
							+ "(MCP2562FD loop delay symmetry guaranteed to 5 Mbit/s, DS20005284A; STM32G431 FDCAN 8 Mbit/s)",
					IssueCodes.BIT_RATE_UNSUPPORTED);
		} else if (nominal != null && dataRate < nominal) {
			errorIn(effective, data, null,
					"FD data bit rate " + Units.format(data) + " is below the nominal rate "
							+ Units.format(can.getNominalBitRate()) + ": the data phase is the fast one; use at least "
							+ Units.format(can.getNominalBitRate()),
					IssueCodes.BIT_RATE_UNSUPPORTED, Units.format(can.getNominalBitRate()));
		}
	}

	// ------------------------------------------------------------------ helpers

	/** The cell type of the pack, whether the topology is a copy that kept the reference or not. */
	static Cell cellOf(EffectivePack effective) {
		Topology topology = effective.topology();
		if (topology == null) {
			return null;
		}
		Cell cell = topology.getCell();
		if (cell == null && effective.originOf(topology) instanceof Topology) {
			cell = ((Topology) effective.originOf(topology)).getCell();
		}
		return cell == null || cell.eIsProxy() ? null : cell;
	}

	private static Double inDimension(Quantity quantity, Dimension dimension) {
		if (quantity == null || quantity.getValue() == null || Units.dimensionOf(quantity) != dimension) {
			return null;
		}
		return Units.base(quantity);
	}

	static Double amps(Quantity quantity) {
		return inDimension(quantity, Dimension.CURRENT);
	}

	private static Double seconds(Quantity quantity) {
		return inDimension(quantity, Dimension.TIME);
	}

	private static Double bitRate(Quantity quantity) {
		return inDimension(quantity, Dimension.BIT_RATE);
	}

	/** Issue data of an address check: the family's documented address as written in a model. */
	private static String documentedAddress() {
		return String.format(Locale.ROOT, "0x%02X", Bq769x0.I2C_ADDRESS);
	}

	static String amount(double value, String unit) {
		return new BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString() + " " + unit;
	}
}
