package org.bmsgen.dsl.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Logging;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.parts.W25q128jv;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;

/**
 * Checks of the event and history log against the NOR flash it lives in (see {@link W25q128jv}). On the
 * bench they prevent a log that overruns the chip and wraps into the other area, an area whose erase would
 * wipe a neighbour's sector or leave no free sector to erase while the other holds the records, and records
 * that straddle a page (a Page Program wraps within its page and corrupts the record's start).
 */
public class LoggingChecks extends BmsChecks {

	/**
	 * Smallest record: 4 B sequence number (finds the newest record after a power loss), 4 B timestamp and a
	 * 2 B CRC-16 make 10 B of framing; the next size dividing the 256 B page is 16 B, which leaves 6 B for an
	 * event code and a value.
	 */
	static final int MIN_RECORD_BYTES = 16;

	/** An append-only area erases its oldest sector while another one holds the newest records. */
	static final int MIN_SECTORS = 2;

	private static final BigDecimal KIB = BigDecimal.valueOf(1024);
	private static final BigDecimal MIB = KIB.multiply(KIB);

	/** Checked on the variant: the flash may come from the base pack and the log from the variant. */
	@Check
	public void checkLogHasFlash(Pack pack) {
		EffectivePack effective = effective(pack);
		Logging logging = effective.logging();
		if (logging != null && effective.flash() == null) {
			errorIn(effective, logging, null, "pack " + pack.getName()
					+ " keeps a log but has no flash to keep it in: add 'flash " + W25q128jv.PART + "'",
					IssueCodes.LOG_WITHOUT_FLASH, "flash " + W25q128jv.PART);
		}
	}

	@Check
	public void checkFlashCapacity(Pack pack) {
		EffectivePack effective = effective(pack);
		Logging logging = effective.logging();
		if (logging == null || effective.flash() == null) {
			return;
		}
		BigDecimal events = logging.getEvents() == null ? null : bytes(logging.getEvents().getSize());
		BigDecimal history = logging.getHistory() == null ? null : bytes(logging.getHistory().getSize());
		BigDecimal total = (events == null ? BigDecimal.ZERO : events).add(history == null ? BigDecimal.ZERO : history);
		if (total.compareTo(BigDecimal.valueOf(W25q128jv.CAPACITY_BYTES)) > 0) {
			String sum = events != null && history != null
					? "events " + Units.format(logging.getEvents().getSize()) + " + history "
							+ Units.format(logging.getHistory().getSize()) + " = " + formatBytes(total)
					: events != null ? "events " + Units.format(logging.getEvents().getSize())
							: "history " + Units.format(logging.getHistory().getSize());
			errorIn(effective, logging, null, sum + " exceed the " + W25q128jv.PART + "'s "
					+ formatBytes(BigDecimal.valueOf(W25q128jv.CAPACITY_BYTES)) + ": shrink the areas",
					IssueCodes.FLASH_CAPACITY_EXCEEDED);
		}
	}

	@Check
	public void checkFlashAreaAlignment(Logging logging) {
		if (logging.getEvents() != null) {
			checkArea("events", logging.getEvents(), logging.getEvents().getSize(), BmsPackage.Literals.EVENT_LOG__SIZE);
		}
		if (logging.getHistory() != null) {
			checkArea("history", logging.getHistory(), logging.getHistory().getSize(), BmsPackage.Literals.HISTORY_LOG__SIZE);
		}
	}

	/** Issue data of an area size: rounded up to whole 4 KiB sectors, at least {@link #MIN_SECTORS}, in KiB. */
	private static String[] wholeSectors(BigDecimal bytes) {
		long sectors = Math.max(MIN_SECTORS, bytes.divide(BigDecimal.valueOf(W25q128jv.SECTOR_BYTES), 0,
				java.math.RoundingMode.CEILING).longValue());
		return new String[] { sectors * W25q128jv.SECTOR_BYTES / 1024 + " KiB" };
	}

	/** Issue data of a record size: the smallest size that divides the page and holds the framing, not below it. */
	private static String[] recordSize(BigDecimal bytes) {
		for (int size = MIN_RECORD_BYTES; size <= W25q128jv.PAGE_BYTES; size *= 2) {
			if (BigDecimal.valueOf(size).compareTo(bytes) >= 0) {
				return new String[] { size + " B" };
			}
		}
		return new String[0];
	}

	private void checkArea(String name, org.eclipse.emf.ecore.EObject area, Quantity size, EStructuralFeature feature) {
		BigDecimal bytes = bytes(size);
		if (bytes == null) {
			return;
		}
		BigDecimal sector = BigDecimal.valueOf(W25q128jv.SECTOR_BYTES);
		BigDecimal[] sectors = bytes.divideAndRemainder(sector);
		if (sectors[1].signum() != 0) {
			error(name + " area " + Units.format(size) + " is not a whole number of the " + W25q128jv.PART
					+ "'s 4 KiB erase sectors: erasing its last sector would erase what lies next to it; use a multiple of 4 KiB",
					area, feature, IssueCodes.FLASH_AREA_MISALIGNED, wholeSectors(bytes));
		} else if (sectors[0].compareTo(BigDecimal.valueOf(MIN_SECTORS)) < 0) {
			error(name + " area " + Units.format(size) + " holds " + sectors[0].toPlainString()
					+ " erase sector(s): an append-only log needs at least " + MIN_SECTORS
					+ " (8 KiB) so one can be erased while the other keeps the newest records", area, feature,
					IssueCodes.FLASH_AREA_MISALIGNED, wholeSectors(bytes));
		}
	}

	@Check
	public void checkRecordSize(Logging logging) {
		if (logging.getEvents() != null) {
			checkRecord("event", logging.getEvents(), logging.getEvents().getRecordSize(),
					BmsPackage.Literals.EVENT_LOG__RECORD_SIZE);
		}
		if (logging.getHistory() != null) {
			checkRecord("history", logging.getHistory(), logging.getHistory().getRecordSize(),
					BmsPackage.Literals.HISTORY_LOG__RECORD_SIZE);
		}
	}

	private void checkRecord(String name, org.eclipse.emf.ecore.EObject area, Quantity size, EStructuralFeature feature) {
		BigDecimal bytes = bytes(size);
		if (bytes == null) {
			return;
		}
		if (!dividesThePage(bytes)) {
			error(name + " record of " + Units.format(size) + " does not divide the " + W25q128jv.PART + "'s "
					+ W25q128jv.PAGE_BYTES + " B page: a record would straddle two pages, and a page program wraps"
					+ " within its page; use 16, 32, 64, 128 or 256 B", area, feature, IssueCodes.LOG_RECORD_SIZE_INVALID,
					recordSize(bytes));
		} else if (bytes.compareTo(BigDecimal.valueOf(MIN_RECORD_BYTES)) < 0) {
			error(name + " record of " + Units.format(size) + " is too small: sequence number, timestamp and CRC take 10 B;"
					+ " use at least " + MIN_RECORD_BYTES + " B", area, feature, IssueCodes.LOG_RECORD_SIZE_INVALID,
					recordSize(bytes));
		}
	}

	/**
	 * Bytes of a history record that holds every cell voltage and the SoH snapshot the firmware restores after a
	 * reset (the record format of the generated FlashLog, docs/firmware.md): the fixed fields end at byte 39, then
	 * 2 B per cell voltage, the R0 ratio (2 B), what is measured (1 B), 2 B per cell capacity, and the 4 B CRC.
	 */
	static int historyBytesWithSoh(int seriesCells) {
		return 39 + 2 * seriesCells + 3 + 2 * seriesCells + 4;
	}

	/**
	 * A pack that estimates its SoH keeps it across resets in its history records; a record too small for it makes
	 * every reset forget the measured capacity and resistance (weeks of cycles to learn again, and meanwhile the SoC
	 * counted against the rating).
	 */
	@Check
	public void checkHistoryHoldsSoh(Pack pack) {
		EffectivePack effective = effective(pack);
		Logging logging = effective.logging();
		int cells = effective.seriesCells();
		if (logging == null || logging.getHistory() == null || effective.soh() == null || effective.soc() == null
				|| cells <= 0) {
			return;
		}
		BigDecimal bytes = bytes(logging.getHistory().getRecordSize());
		if (bytes == null || !dividesThePage(bytes)) {
			return; // checkRecordSize reports it
		}
		int needed = historyBytesWithSoh(cells);
		if (bytes.intValue() >= needed) {
			return;
		}
		String[] fix = needed <= W25q128jv.PAGE_BYTES ? recordSize(BigDecimal.valueOf(needed)) : new String[0];
		warningIn(effective, logging.getHistory(), BmsPackage.Literals.HISTORY_LOG__RECORD_SIZE, "history record of "
				+ Units.format(logging.getHistory().getRecordSize()) + " cannot hold the " + cells
				+ " cell voltages and the SoH (" + needed + " B): after every reset the SoH starts as new"
				+ (fix.length > 0 ? "; use " + fix[0] : ""), IssueCodes.HISTORY_FORGETS_SOH, fix);
	}

	/** A whole number of bytes that divides the flash page: a record that is one Page Program. */
	private static boolean dividesThePage(BigDecimal bytes) {
		return bytes.signum() > 0 && bytes.stripTrailingZeros().scale() <= 0
				&& BigDecimal.valueOf(W25q128jv.PAGE_BYTES).remainder(bytes).signum() == 0;
	}

	/** A size in bytes, or null when it is not written as a size (the units checks report that). */
	private static BigDecimal bytes(Quantity size) {
		if (size == null || Units.dimensionOf(size) != Dimension.DATA_SIZE) {
			return null;
		}
		return Units.toBase(size);
	}

	/** "16.25 MiB", "256 KiB", "100 B". */
	static String formatBytes(BigDecimal bytes) {
		if (bytes.compareTo(MIB) >= 0) {
			return bytes.divide(MIB, 2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " MiB";
		}
		if (bytes.compareTo(KIB) >= 0) {
			return bytes.divide(KIB, 2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " KiB";
		}
		return bytes.stripTrailingZeros().toPlainString() + " B";
	}
}
