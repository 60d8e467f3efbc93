package org.bmsgen.dsl.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bmsgen.dsl.bms.CanMode;
import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.ByteOrder;
import org.bmsgen.dsl.bms.CanBus;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Measurement;
import org.bmsgen.dsl.bms.MeasurementSource;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.PackMember;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Radio;
import org.bmsgen.dsl.bms.Signal;
import org.bmsgen.dsl.bms.SignalSource;
import org.bmsgen.dsl.bms.Signedness;
import org.bmsgen.dsl.bms.UartField;
import org.bmsgen.dsl.bms.UartFrame;
import org.bmsgen.dsl.bms.Unit;
import org.bmsgen.dsl.parts.CanSignalLayout;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Measurements;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.bmsgen.dsl.variant.Written;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;

/**
 * Checks of what the pack tells the outside world: CAN messages and their signals, UART frames to the
 * radio, the radio's authenticated commands. On the bench they prevent frames a CAN analyser cannot
 * decode (IDs out of range, two messages on one ID, lengths the controller cannot send, FD frames on a
 * classic bus), signals that overwrite each other or fall off the end of the frame, values that wrap
 * because the signal cannot hold them, a voltage signal scaled in amperes, and a radio that accepts
 * ship-mode from anyone in BLE range.
 */
public class TelemetryChecks extends BmsChecks {

	/** ISO 11898-1: base identifiers have 11 bits, extended identifiers 29. */
	static final int MAX_BASE_ID = 0x7FF;
	static final int MAX_EXTENDED_ID = 0x1FFFFFFF;

	/** Classic CAN carries up to 8 data bytes; CAN FD's DLC codes 9..15 stand for these lengths (ISO 11898-1). */
	static final Set<Integer> FD_LENGTHS = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64);
	static final int CLASSIC_MAX_LENGTH = 8;
	static final int DEFAULT_LENGTH = 8;

	/** A shared secret shorter than this is guessable offline from one captured, authenticated command. */
	static final int MIN_SECRET_LENGTH = 16;

	@Check
	public void checkCanId(CanMessage message) {
		long id = message.getId();
		if (message.isExtended() ? id > MAX_EXTENDED_ID : id > MAX_BASE_ID) {
			error(String.format("CAN ID 0x%X of %s does not fit %s: the largest is 0x%X%s", id, message.getName(),
					message.isExtended() ? "a 29-bit extended identifier" : "an 11-bit base identifier",
					message.isExtended() ? MAX_EXTENDED_ID : MAX_BASE_ID,
					message.isExtended() ? "" : " (write 'extended' for a 29-bit identifier)"),
					message, BmsPackage.Literals.CAN_MESSAGE__ID, IssueCodes.CAN_ID_OUT_OF_RANGE);
		}
	}

	/**
	 * Issue data of a duplicate identifier: the next identifier above it that no message of the pack uses in
	 * the same format (reserving it), written as IDs are ("0x103"); none when the format's range is used up.
	 */
	private static String[] nextFreeId(CanMessage message, Set<Long> used) {
		long format = message.isExtended() ? 1L << 32 : 0;
		long max = message.isExtended() ? MAX_EXTENDED_ID : MAX_BASE_ID;
		for (long id = message.getId() + 1; id <= max; id++) {
			if (used.add(format | id)) {
				return new String[] { String.format("0x%X", id) };
			}
		}
		return new String[0];
	}

	/** Same identifier and format means the same frame on the bus: receivers could not tell them apart. */
	@Check
	public void checkDuplicateCanIds(Pack pack) {
		EffectivePack effective = effective(pack);
		Map<Long, CanMessage> byId = new HashMap<>();
		Set<Long> used = new java.util.HashSet<>();
		for (CanMessage message : effective.canMessages()) {
			used.add(message.isExtended() ? (1L << 32) | message.getId() : message.getId());
		}
		for (CanMessage message : effective.canMessages()) {
			long key = message.isExtended() ? (1L << 32) | message.getId() : message.getId();
			CanMessage first = byId.putIfAbsent(key, message);
			if (first != null) {
				errorIn(effective, message, BmsPackage.Literals.CAN_MESSAGE__ID,
						String.format("CAN messages %s and %s both use ID 0x%X: give each message its own identifier",
								first.getName(), message.getName(), message.getId()),
						IssueCodes.DUPLICATE_CAN_ID, nextFreeId(message, used));
			}
		}
	}

	/**
	 * The firmware sends telemetry from its control tick, so a message or frame can go at most once per control
	 * period: a faster period written in the model would be a promise the DBC makes (its cycle time) and the pack
	 * does not keep.
	 */
	@Check
	public void checkTelemetryPeriodsAgainstControlPeriod(Pack pack) {
		EffectivePack effective = effective(pack);
		if (effective.mcu() == null || effective.mcu().getPeriod() == null) {
			return;
		}
		Quantity control = effective.mcu().getPeriod();
		Double controlSeconds = seconds(control);
		if (controlSeconds == null || controlSeconds <= 0) {
			return;
		}
		for (CanMessage message : effective.canMessages()) {
			warnIfFaster(effective, message, BmsPackage.Literals.CAN_MESSAGE__PERIOD, message.getPeriod(),
					"CAN message " + message.getName(), control, controlSeconds);
		}
		for (UartFrame frame : effective.uartFrames()) {
			warnIfFaster(effective, frame, BmsPackage.Literals.UART_FRAME__PERIOD, frame.getPeriod(),
					"UART frame " + frame.getName(), control, controlSeconds);
		}
	}

	private void warnIfFaster(EffectivePack effective, EObject element, EStructuralFeature feature, Quantity period, String what, Quantity control,
			double controlSeconds) {
		Double seconds = seconds(period);
		if (seconds != null && seconds > 0 && seconds < controlSeconds - 1e-12) {
			warningIn(effective, element, feature, what + " every " + Units.format(period)
					+ " is faster than the control period " + Units.format(control)
					+ ": the firmware sends it once per control period; write every " + Units.format(control)
					+ " or a multiple of it", IssueCodes.TELEMETRY_FASTER_THAN_CONTROL, Units.format(control));
		}
	}

	private static Double seconds(Quantity quantity) {
		if (quantity == null || quantity.getValue() == null || Units.dimensionOf(quantity) != Dimension.TIME) {
			return null;
		}
		return Units.base(quantity);
	}

	/** Names are checked as written: a variant's message of a base message's name overrides it on purpose. */
	@Check
	public void checkDuplicateMessageNames(Pack pack) {
		Map<String, CanMessage> seen = new HashMap<>();
		for (PackMember member : pack.getMembers()) {
			if (member instanceof CanMessage message && message.getName() != null
					&& seen.putIfAbsent(message.getName(), message) != null) {
				error("CAN message " + message.getName() + " is declared twice in pack " + pack.getName()
						+ ": the DBC and the generated code need one message per name", message,
						BmsPackage.Literals.CAN_MESSAGE__NAME, IssueCodes.DUPLICATE_MESSAGE_NAME);
			}
		}
	}

	@Check
	public void checkFrameLength(CanMessage message) {
		if (!hasWrittenLength(message)) {
			return;
		}
		int length = message.getLength();
		if (message.isFd() ? !FD_LENGTHS.contains(length) : length > CLASSIC_MAX_LENGTH) {
			error(message.isFd()
					? "CAN FD frame length " + length + " B of " + message.getName()
							+ " is not a length CAN FD can send: use 0-8, 12, 16, 20, 24, 32, 48 or 64 B"
					: "classic CAN frame length " + length + " B of " + message.getName()
							+ " exceeds 8 B: shorten it or make it an 'fd' message on an FD bus",
					message, BmsPackage.Literals.CAN_MESSAGE__LENGTH, IssueCodes.FRAME_LENGTH_INVALID,
					FD_LENGTHS.stream().filter(l -> message.isFd() && l >= length).min(Integer::compare)
							.map(l -> new String[] { String.valueOf(l) }).orElse(new String[0]));
		}
	}

	/** Checked on the variant: a variant may put its base's FD messages on a classic bus. */
	@Check
	public void checkFdMessagesOnFdBus(Pack pack) {
		EffectivePack effective = effective(pack);
		CanBus bus = effective.canBus();
		if (bus == null || bus.getMode() == CanMode.FD) {
			return;
		}
		for (CanMessage message : effective.canMessages()) {
			if (message.isFd()) {
				errorIn(effective, message, BmsPackage.Literals.CAN_MESSAGE__FD, "CAN message " + message.getName()
						+ " is an FD frame but the " + bus.getTransceiver().getLiteral()
						+ " bus is classic: write 'fd' in the can block or drop 'fd' from the message (at most 8 B)",
						IssueCodes.FD_WITHOUT_FD_BUS);
			}
		}
	}

	@Check
	public void checkDuplicateSignalNames(CanMessage message) {
		Map<String, Signal> seen = new HashMap<>();
		for (Signal signal : message.getSignals()) {
			if (signal.getName() != null && seen.putIfAbsent(signal.getName(), signal) != null) {
				error("signal " + signal.getName() + " appears twice in " + message.getName() + ": rename one",
						signal, BmsPackage.Literals.SIGNAL__NAME, IssueCodes.DUPLICATE_SIGNAL_NAME);
			}
		}
	}

	/** Bit positions follow {@link CanSignalLayout}, the layout the DBC emitter writes. */
	@Check
	public void checkSignalLayout(CanMessage message) {
		int frameBytes = frameBytes(message);
		List<Signal> placed = new ArrayList<>();
		List<CanSignalLayout> layouts = new ArrayList<>();
		for (Signal signal : message.getSignals()) {
			if (signal.getLength() < 1 || signal.getLength() > CanSignalLayout.MAX_SIGNAL_BITS) {
				error("signal " + signal.getName() + " is " + signal.getLength() + " bits long: a signal has 1 to "
						+ CanSignalLayout.MAX_SIGNAL_BITS + " bits", signal, BmsPackage.Literals.SIGNAL__LENGTH,
						IssueCodes.VALUE_OUT_OF_RANGE);
				continue;
			}
			if (signal.getStart() >= CanSignalLayout.MAX_FRAME_BITS) {
				error("signal " + signal.getName() + " starts at bit " + signal.getStart() + ", beyond the largest CAN FD frame ("
						+ CanSignalLayout.MAX_FRAME_BITS + " bits)", signal, BmsPackage.Literals.SIGNAL__START,
						IssueCodes.SIGNAL_BEYOND_FRAME);
				continue;
			}
			CanSignalLayout layout = CanSignalLayout.of(signal.getStart(), signal.getLength(), signal.getByteOrder());
			if (!layout.fitsIn(frameBytes)) {
				error("signal " + signal.getName() + " (" + signal.getStart() + "|" + signal.getLength() + " "
						+ order(signal) + ") reaches byte " + (layout.bytesNeeded() - 1) + " but " + message.getName()
						+ " is " + frameBytes + " B long" + (hasWrittenLength(message) ? "" : " (the default)")
						+ ": move the signal or set 'length " + lengthFor(message, layout.bytesNeeded()) + "'", signal,
						BmsPackage.Literals.SIGNAL__START, IssueCodes.SIGNAL_BEYOND_FRAME,
						message.isFd() ? new String[] { String.valueOf(lengthFor(message, layout.bytesNeeded())) }
								: new String[0]);
			}
			for (int i = 0; i < placed.size(); i++) {
				if (layouts.get(i).overlaps(layout)) {
					java.util.BitSet shared = layouts.get(i).bits();
					shared.and(layout.bits());
					error("signals " + placed.get(i).getName() + " and " + signal.getName() + " of " + message.getName()
							+ " share frame bits " + shared + ": each would overwrite the other", signal,
							BmsPackage.Literals.SIGNAL__START, IssueCodes.SIGNALS_OVERLAP);
				}
			}
			placed.add(signal);
			layouts.add(layout);
		}
	}

	@Check
	public void checkSignalUnit(Signal signal) {
		Dimension expected = expectedDimension(signal.getSource());
		if (expected == null) {
			return;
		}
		checkUnitOf(signal, "scale", signal.getScale(), BmsPackage.Literals.SIGNAL__SCALE, expected);
		checkUnitOf(signal, "offset", signal.getOffset(), BmsPackage.Literals.SIGNAL__OFFSET, expected);
		checkUnitOf(signal, "range minimum", signal.getMinimum(), BmsPackage.Literals.SIGNAL__MINIMUM, expected);
		checkUnitOf(signal, "range maximum", signal.getMaximum(), BmsPackage.Literals.SIGNAL__MAXIMUM, expected);
	}

	private void checkUnitOf(Signal signal, String what, Quantity quantity,
			org.eclipse.emf.ecore.EStructuralFeature feature, Dimension expected) {
		if (quantity == null) {
			return;
		}
		Dimension actual = Units.dimensionOf(quantity);
		if (actual != expected) {
			String should = expected == Dimension.NONE ? "a plain number without unit"
					: expected.description() + " (" + Units.unitList(expected) + ")";
			error("signal " + signal.getName() + " carries " + sourceText(signal.getSource()) + ", so its " + what + " "
					+ Units.format(quantity) + " must be " + should + ", not " + actual.description(), signal, feature,
					IssueCodes.SIGNAL_UNIT_MISMATCH, unitMeant(quantity, expected));
		}
	}

	/**
	 * Issue data of a signal quantity in the wrong unit: the unit written ("" for none) and the one meant ("" to
	 * drop it): the source's base unit where none is written, none where the source is a plain number, else the
	 * only unit of the source's dimension with the same scale. None when that is not obvious.
	 */
	private static String[] unitMeant(Quantity quantity, Dimension expected) {
		Unit written = Units.unitOf(quantity);
		if (written == null) {
			return new String[] { "", expected.baseUnit() };
		}
		if (expected == Dimension.NONE) {
			return new String[] { written.getLiteral(), "" };
		}
		List<Unit> sameScale = Units.unitsOf(expected).stream().filter(u -> Units.sameScale(u, written)).toList();
		return sameScale.size() == 1 ? new String[] { written.getLiteral(), sameScale.get(0).getLiteral() }
				: new String[0];
	}

	/**
	 * The physical values a signal holds are raw * scale + offset for every raw value its bits hold (two's
	 * complement when signed); a declared range outside them would wrap or saturate on the wire.
	 */
	@Check
	public void checkSignalRange(Signal signal) {
		if (signal.getScale() == null || signal.getLength() < 1 || signal.getLength() > CanSignalLayout.MAX_SIGNAL_BITS) {
			return;
		}
		BigDecimal scale = scaleInBase(signal.getScale());
		Dimension dimension = Units.dimensionOf(signal.getScale());
		if (scale.signum() == 0) {
			error("signal " + signal.getName() + " has scale 0: it cannot encode any value", signal,
					BmsPackage.Literals.SIGNAL__SCALE, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
			return;
		}
		if (signal.getMinimum() == null || signal.getMaximum() == null) {
			return;
		}
		BigDecimal minimum = Units.toBase(signal.getMinimum());
		BigDecimal maximum = Units.toBase(signal.getMaximum());
		if (minimum.compareTo(maximum) > 0) {
			error("signal " + signal.getName() + " has range " + Units.format(signal.getMinimum()) + " to "
					+ Units.format(signal.getMaximum()) + ": the minimum must not exceed the maximum", signal,
					BmsPackage.Literals.SIGNAL__MINIMUM, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
			return;
		}
		BigDecimal[] holds = physicalRange(signal);
		BigDecimal low = holds[0];
		BigDecimal high = holds[1];
		if (minimum.compareTo(low) < 0 || maximum.compareTo(high) > 0) {
			error("signal " + signal.getName() + " cannot carry its range " + Units.format(signal.getMinimum()) + " to "
					+ Units.format(signal.getMaximum()) + ": " + bits(signal.getLength()) + " "
					+ signal.getSignedness().getLiteral() + " with scale " + Units.format(signal.getScale())
					+ (signal.getOffset() == null ? "" : " and offset " + Units.format(signal.getOffset())) + " hold "
					+ Units.formatBase(low, dimension) + " to " + Units.formatBase(high, dimension)
					+ "; widen the signal, coarsen the scale or shift the offset", signal,
					BmsPackage.Literals.SIGNAL__MINIMUM, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
		}
	}

	/**
	 * Without a written range, a signal must still hold what its source can take: every state number of the
	 * machine (0 to states - 1, in declaration order), a fault flag's 0 and 1, SoC's 0 to 100 %. A 1-bit
	 * signed fault flag, for one, holds -1 and 0 and would read as "no fault" forever.
	 */
	@Check
	public void checkSignalHoldsSource(Signal signal) {
		if (signal.getScale() == null || signal.getLength() < 1 || signal.getLength() > CanSignalLayout.MAX_SIGNAL_BITS
				|| scaleInBase(signal.getScale()).signum() == 0) {
			return;
		}
		BigDecimal need0;
		BigDecimal need1;
		String what;
		SignalSource source = signal.getSource();
		if (source instanceof org.bmsgen.dsl.bms.StateSource state && state.getMachine() != null
				&& !state.getMachine().eIsProxy() && !state.getMachine().getStates().isEmpty()) {
			int states = state.getMachine().getStates().size();
			need0 = BigDecimal.ZERO;
			need1 = BigDecimal.valueOf(states - 1L);
			what = "the state numbers 0 to " + (states - 1) + " of " + state.getMachine().getName();
		} else if (source instanceof org.bmsgen.dsl.bms.ProtectionSource) {
			need0 = BigDecimal.ZERO;
			need1 = BigDecimal.ONE;
			what = "a fault flag's 0 and 1";
		} else if (source instanceof MeasurementSource measurement && measurement.getMeasurement() == Measurement.SOC
				&& signal.getMinimum() == null && Units.dimensionOf(signal.getScale()) == Dimension.RATIO) {
			need0 = BigDecimal.ZERO;
			need1 = BigDecimal.valueOf(100);
			what = "state of charge 0 % to 100 %";
		} else {
			return;
		}
		BigDecimal[] holds = physicalRange(signal);
		if (need0.compareTo(holds[0]) < 0 || need1.compareTo(holds[1]) > 0) {
			Dimension dimension = Units.dimensionOf(signal.getScale());
			error("signal " + signal.getName() + " cannot carry " + what + ": " + bits(signal.getLength()) + " "
					+ signal.getSignedness().getLiteral() + " with scale " + Units.format(signal.getScale())
					+ (signal.getOffset() == null ? "" : " and offset " + Units.format(signal.getOffset())) + " hold "
					+ Units.formatBase(holds[0], dimension) + " to " + Units.formatBase(holds[1], dimension)
					+ "; widen the signal or change its scale", signal, BmsPackage.Literals.SIGNAL__LENGTH,
					IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
		}
	}

	/** Lowest and highest physical value of the signal's raw values (two's complement when signed). */
	private static BigDecimal[] physicalRange(Signal signal) {
		boolean signed = signal.getSignedness() == Signedness.SIGNED;
		BigInteger rawMin = signed ? BigInteger.ONE.shiftLeft(signal.getLength() - 1).negate() : BigInteger.ZERO;
		BigInteger rawMax = (signed ? BigInteger.ONE.shiftLeft(signal.getLength() - 1)
				: BigInteger.ONE.shiftLeft(signal.getLength())).subtract(BigInteger.ONE);
		BigDecimal scale = scaleInBase(signal.getScale());
		BigDecimal offset = signal.getOffset() == null ? BigDecimal.ZERO : Units.toBase(signal.getOffset());
		BigDecimal a = new BigDecimal(rawMin).multiply(scale).add(offset);
		BigDecimal b = new BigDecimal(rawMax).multiply(scale).add(offset);
		return new BigDecimal[] { a.min(b), a.max(b) };
	}

	/**
	 * Cell measurements are indexed by cell (1 to the series count), temperatures by sensor (1 to the
	 * thermistors of the AFE); the other measurements are single values and take no index.
	 */
	@Check
	public void checkMeasurementIndex(Pack pack) {
		EffectivePack effective = effective(pack);
		List<SignalSource> sources = new ArrayList<>();
		for (CanMessage message : effective.canMessages()) {
			message.getSignals().forEach(s -> sources.add(s.getSource()));
		}
		for (UartFrame frame : effective.uartFrames()) {
			frame.getFields().forEach(f -> sources.add(f.getSource()));
		}
		for (SignalSource source : sources) {
			if (!(source instanceof MeasurementSource measurement) || !hasIndex(effective, measurement)) {
				continue;
			}
			int index = measurement.getIndex();
			String name = measurement.getMeasurement().getLiteral();
			int count;
			String counted;
			switch (measurement.getMeasurement()) {
				case MIN_CELL, MAX_CELL -> {
					count = effective.seriesCells();
					counted = count + " series cells";
				}
				case MIN_TEMPERATURE, MAX_TEMPERATURE -> {
					Afe afe = effective.afe();
					count = afe == null ? 0 : afe.getThermistors().size();
					counted = count + " temperature sensor" + (count == 1 ? "" : "s");
				}
				default -> {
					errorIn(effective, measurement, BmsPackage.Literals.MEASUREMENT_SOURCE__INDEX, name
							+ " is a single value of the pack and takes no index: write '" + name + "'",
							IssueCodes.VALUE_OUT_OF_RANGE);
					continue;
				}
			}
			if (index < 1 || index > count) {
				errorIn(effective, measurement, BmsPackage.Literals.MEASUREMENT_SOURCE__INDEX, name + "[" + index
						+ "] is out of range: pack " + pack.getName() + " has " + counted
						+ (count > 0 ? ", so the index is 1 to " + count : ""), IssueCodes.VALUE_OUT_OF_RANGE);
			}
		}
	}

	/** Frame types are one byte on the UART link to the radio. */
	@Check
	public void checkUartFrameContents(UartFrame frame) {
		if (frame.getType() < 0 || frame.getType() > 255) {
			error("UART frame " + frame.getName() + " has type " + frame.getType()
					+ ": the type is one byte on the link to the radio, 0 to 255", frame,
					BmsPackage.Literals.UART_FRAME__TYPE, IssueCodes.UART_FRAME_INVALID);
		}
		if (frame.getFields().isEmpty()) {
			error("UART frame " + frame.getName() + " has no fields: add at least one 'field ... from ...'", frame,
					BmsPackage.Literals.UART_FRAME__NAME, IssueCodes.UART_FRAME_INVALID);
		}
		Map<String, UartField> fields = new HashMap<>();
		for (UartField field : frame.getFields()) {
			if (field.getName() != null && fields.putIfAbsent(field.getName(), field) != null) {
				error("field " + field.getName() + " appears twice in UART frame " + frame.getName() + ": rename one",
						field, BmsPackage.Literals.UART_FIELD__NAME, IssueCodes.UART_FRAME_INVALID);
			}
		}
	}

	/** Names as written (a variant overrides by name); types over the variant, since the radio sees them all. */
	@Check
	public void checkUartFramesUnique(Pack pack) {
		Map<String, UartFrame> names = new HashMap<>();
		for (PackMember member : pack.getMembers()) {
			if (member instanceof UartFrame frame && frame.getName() != null
					&& names.putIfAbsent(frame.getName(), frame) != null) {
				error("UART frame " + frame.getName() + " is declared twice in pack " + pack.getName() + ": rename one",
						frame, BmsPackage.Literals.UART_FRAME__NAME, IssueCodes.UART_FRAME_INVALID);
			}
		}
		EffectivePack effective = effective(pack);
		Map<Integer, UartFrame> types = new HashMap<>();
		for (UartFrame frame : effective.uartFrames()) {
			UartFrame first = types.putIfAbsent(frame.getType(), frame);
			if (first != null) {
				errorIn(effective, frame, BmsPackage.Literals.UART_FRAME__TYPE, String.format(
						"UART frames %s and %s both have type 0x%02X: the radio could not tell them apart; give each its own type",
						first.getName(), frame.getName(), frame.getType()), IssueCodes.UART_FRAME_INVALID);
			}
		}
	}

	/** Commands such as ship-mode switch the pack off: without a shared secret anyone in radio range could. */
	@Check
	public void checkRadioSecret(Pack pack) {
		EffectivePack effective = effective(pack);
		Radio radio = effective.radio();
		if (radio == null || radio.getCommands().isEmpty()) {
			return;
		}
		String secret = radio.getSecret();
		if (secret == null || secret.isEmpty()) {
			warningIn(effective, radio, BmsPackage.Literals.RADIO__PART, "the radio forwards " + radio.getCommands().size()
					+ " command(s) but has no 'secret': anyone in range could send them; add a per-pack secret of at least "
					+ MIN_SECRET_LENGTH + " characters", IssueCodes.RADIO_SECRET_MISSING);
		} else if (secret.length() < MIN_SECRET_LENGTH) {
			warningIn(effective, radio, BmsPackage.Literals.RADIO__SECRET, "the radio's secret has " + secret.length()
					+ " characters: use at least " + MIN_SECRET_LENGTH + " so it cannot be guessed from a captured command",
					IssueCodes.RADIO_SECRET_MISSING);
		}
	}

	/** The dimension a signal's scale must have for its source; null when the source is unresolved. */
	static Dimension expectedDimension(SignalSource source) {
		if (source instanceof MeasurementSource measurement) {
			Measurement m = measurement.getMeasurement();
			return m == null ? null : Measurements.dimensionOf(m);
		}
		return source == null ? null : Dimension.NONE;
	}

	/** Frame bytes: the written length, 8 when none is written (0 is a valid written length). */
	static int frameBytes(CanMessage message) {
		return hasWrittenLength(message) ? message.getLength() : DEFAULT_LENGTH;
	}

	private static boolean hasWrittenLength(CanMessage message) {
		return Written.isWritten(message, BmsPackage.Literals.CAN_MESSAGE__LENGTH);
	}

	/** Written index, also "[0]" (which EMF cannot tell from no index): looked up in the text of the original. */
	private static boolean hasIndex(EffectivePack pack, MeasurementSource source) {
		return Written.isWritten(pack.originOf(source), BmsPackage.Literals.MEASUREMENT_SOURCE__INDEX);
	}

	private static int lengthFor(CanMessage message, int bytes) {
		if (!message.isFd()) {
			return Math.max(bytes, DEFAULT_LENGTH);
		}
		return FD_LENGTHS.stream().filter(l -> l >= bytes).min(Integer::compare).orElse(64);
	}

	/** A scale is a step, not a temperature: 1 K is a step of 1 degC, whatever Kelvin's offset. */
	private static BigDecimal scaleInBase(Quantity scale) {
		if (Units.unitOf(scale) == Unit.K) {
			return scale.getValue();
		}
		return Units.toBase(scale);
	}

	private static String bits(int length) {
		return length + (length == 1 ? " bit" : " bits");
	}

	private static String order(Signal signal) {
		return signal.getByteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian";
	}

	private static String sourceText(SignalSource source) {
		if (source instanceof MeasurementSource measurement) {
			return measurement.getMeasurement().getLiteral();
		}
		return source instanceof org.bmsgen.dsl.bms.StateSource ? "a state number" : "a fault flag";
	}
}
