package org.bmsgen.generator.ir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.bmsgen.dsl.bms.Action;
import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.Balancing;
import org.bmsgen.dsl.bms.BalancingAction;
import org.bmsgen.dsl.bms.BalancingCondition;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.ByteOrder;
import org.bmsgen.dsl.bms.CanBus;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.CanMode;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.ClearFaultsAction;
import org.bmsgen.dsl.bms.Comparison;
import org.bmsgen.dsl.bms.Condition;
import org.bmsgen.dsl.bms.ConfigureAction;
import org.bmsgen.dsl.bms.CurrentDirection;
import org.bmsgen.dsl.bms.CurrentLimits;
import org.bmsgen.dsl.bms.CurrentRating;
import org.bmsgen.dsl.bms.Derating;
import org.bmsgen.dsl.bms.EcmOrder;
import org.bmsgen.dsl.bms.EcmParameter;
import org.bmsgen.dsl.bms.EquivalentCircuit;
import org.bmsgen.dsl.bms.EventLog;
import org.bmsgen.dsl.bms.FetAction;
import org.bmsgen.dsl.bms.FetArrangement;
import org.bmsgen.dsl.bms.Fets;
import org.bmsgen.dsl.bms.FetKind;
import org.bmsgen.dsl.bms.FlagCondition;
import org.bmsgen.dsl.bms.HistoryLog;
import org.bmsgen.dsl.bms.InitialSoc;
import org.bmsgen.dsl.bms.LogAction;
import org.bmsgen.dsl.bms.ManufacturingSpread;
import org.bmsgen.dsl.bms.Logging;
import org.bmsgen.dsl.bms.Mcu;
import org.bmsgen.dsl.bms.Measurement;
import org.bmsgen.dsl.bms.MeasurementSource;
import org.bmsgen.dsl.bms.OcvTable;
import org.bmsgen.dsl.bms.OnOff;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionSource;
import org.bmsgen.dsl.bms.Publication;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Radio;
import org.bmsgen.dsl.bms.RemoteCommand;
import org.bmsgen.dsl.bms.SendAction;
import org.bmsgen.dsl.bms.ShipAction;
import org.bmsgen.dsl.bms.Signedness;
import org.bmsgen.dsl.bms.SocEstimator;
import org.bmsgen.dsl.bms.SohEstimator;
import org.bmsgen.dsl.bms.StateSource;
import org.bmsgen.dsl.bms.TablePoint;
import org.bmsgen.dsl.bms.ThermalModel;
import org.bmsgen.dsl.bms.Thermistor;
import org.bmsgen.dsl.bms.Transition;
import org.bmsgen.dsl.bms.Trip;
import org.bmsgen.dsl.bms.UartField;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.CurrentSetting;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.parts.CanSignalLayout;
import org.bmsgen.dsl.parts.W25q128jv;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.bmsgen.dsl.variant.Written;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Lowers a checked pack to its {@link PackIr}. Every decision the firmware's numbers rest on is taken here, once
 * (the emitters only print): fixed-point units and their rounding, AFE register values (through
 * {@link Bq769x0}), delays and timeouts in control periods, transition order, CAN bit positions, flash
 * addresses. The pack must be free of errors (see {@link LoadedPacks}): values a check rejects are not
 * re-checked here; what is left throws {@link IrBuildException} with the element's file and line.
 */
public final class PackIrBuilder {

	private final Path sourceRoot;

	private EffectivePack effective;
	private int periodUs;
	private final TreeSet<String> sourceFiles = new TreeSet<>();

	/**
	 * @param sourceRoot the folder traces are relative to (the models/ folder), or null for bare file names
	 */
	public PackIrBuilder(Path sourceRoot) {
		this.sourceRoot = sourceRoot == null ? null : sourceRoot.toAbsolutePath().normalize();
	}

	/** The IR of a pack; a builder builds one pack at a time and may be reused. */
	public synchronized PackIr build(Pack pack) {
		effective = EffectivePack.of(pack);
		sourceFiles.clear();
		try {
			for (Pack layer : effective.lineage()) {
				trace(layer);
			}
			ControlIr control = control();
			periodUs = control.periodMs() * 1000;
			CellIr cell = cell();
			List<ProtectionIr> protections = protections();
			AfeIr afe = afe(protections);
			List<StateMachineIr> machines = new ArrayList<>();
			List<LogLayoutIr.EventCode> eventCodes = new ArrayList<>();
			List<CanMessage> messages = effective.canMessages();
			for (org.bmsgen.dsl.bms.StateMachine machine : effective.stateMachines()) {
				machines.add(stateMachine(machines.size(), machine, messages, eventCodes));
			}
			CanIr can = can(messages, protections, machines);
			RadioIr radio = radio(protections, machines);
			LogLayoutIr log = log(eventCodes);
			EstimatorsIr estimators = new EstimatorsIr(soc(), soh(), limits());
			List<String> lineage = effective.lineage().stream().map(Pack::getName).toList();
			Trace packTrace = trace(pack);
			if (cell != null) {
				trace(effective.topology().getCell());
			}
			return new PackIr(pack.getName(), lineage, List.copyOf(sourceFiles), cell, control, afe,
					List.copyOf(protections), balancing(), estimators, List.copyOf(machines), can, radio, log,
					packTrace);
		} finally {
			effective = null;
		}
	}

	// ------------------------------------------------------------------ control, cell

	private ControlIr control() {
		Mcu mcu = effective.mcu();
		if (mcu == null || mcu.getPeriod() == null) {
			throw new IrBuildException("pack " + effective.pack().getName()
					+ " has no control period ('mcu STM32G431 { period 250 ms }'): every delay is counted in it",
					trace(effective.pack()));
		}
		int periodMs = toInt(mcu.getPeriod(), ScaledUnit.MILLISECOND, RoundingMode.UNNECESSARY);
		if (periodMs <= 0) {
			throw new IrBuildException("control period must be at least 1 ms", trace(mcu.getPeriod()));
		}
		CurrentRating rating = effective.currentRating();
		return new ControlIr(mcu.getPart().getLiteral(), periodMs, toIntOrZero(mcu.getWatchdog(), ScaledUnit.MILLISECOND),
				rating == null ? 0 : toIntOrZero(rating.getContinuous(), ScaledUnit.MILLIAMPERE),
				rating == null ? 0 : toIntOrZero(rating.getPeak(), ScaledUnit.MILLIAMPERE),
				rating == null ? 0 : toIntOrZero(rating.getPeakDuration(), ScaledUnit.MILLISECOND),
				rating == null ? 0 : toIntOrZero(rating.getCharge(), ScaledUnit.MILLIAMPERE), fets(), trace(mcu));
	}

	private ControlIr.Fets fets() {
		Fets fets = effective.fets();
		if (fets == null) {
			return null;
		}
		return new ControlIr.Fets(fets.getCount(), fets.getArrangement() == FetArrangement.BACK_TO_BACK,
				fets.getOnResistance() == null ? 0
						: toLong(fets.getOnResistance(), ScaledUnit.MICRO_OHM, RoundingMode.HALF_EVEN),
				toIntOrZero(fets.getRating(), ScaledUnit.MILLIAMPERE), trace(fets));
	}

	private CellIr cell() {
		if (effective.topology() == null || effective.topology().getCell() == null
				|| effective.topology().getCell().eIsProxy()) {
			return null;
		}
		Cell cell = effective.topology().getCell();
		int capacityMah = toIntOrZero(cell.getCapacity(), ScaledUnit.MILLIAMPERE_HOUR);
		int nominal = 0;
		int minimum = 0;
		int maximum = 0;
		if (cell.getVoltage() != null) {
			nominal = toIntOrZero(cell.getVoltage().getNominal(), ScaledUnit.MILLIVOLT);
			minimum = toIntOrZero(cell.getVoltage().getMinimum(), ScaledUnit.MILLIVOLT);
			maximum = toIntOrZero(cell.getVoltage().getMaximum(), ScaledUnit.MILLIVOLT);
		}
		List<CellIr.OcvTable> ocv = new ArrayList<>();
		for (OcvTable table : cell.getOcv()) {
			List<Float> soc = new ArrayList<>();
			List<Float> volts = new ArrayList<>();
			for (TablePoint point : table.getTable().getPoints()) {
				soc.add(fraction(point.getX()));
				volts.add(Units.toBase(point.getY()).floatValue());
			}
			ocv.add(new CellIr.OcvTable(toInt(table.getTemperature(), ScaledUnit.CENTI_DEGREE_CELSIUS,
					RoundingMode.HALF_EVEN), List.copyOf(soc), List.copyOf(volts), trace(table)));
		}
		List<CellIr.EquivalentCircuit> ecm = new ArrayList<>();
		for (EquivalentCircuit circuit : cell.getEcm()) {
			List<CellIr.EcmParameter> parameters = new ArrayList<>();
			List<EcmParameter> written = new ArrayList<>(circuit.getParameters());
			// r0, r1, c1, r2, c2 whatever order they are written in: emitters index by kind
			written.sort(Comparator.comparingInt(p -> p.getKind().getValue()));
			for (EcmParameter parameter : written) {
				List<Float> soc = new ArrayList<>();
				List<Float> values = new ArrayList<>();
				if (parameter.getTable() != null) {
					for (TablePoint point : parameter.getTable().getPoints()) {
						soc.add(fraction(point.getX()));
						values.add(Units.toBase(point.getY()).floatValue());
					}
				} else {
					values.add(Units.toBase(parameter.getValue()).floatValue());
				}
				parameters.add(new CellIr.EcmParameter(parameter.getKind().getLiteral(), List.copyOf(soc),
						List.copyOf(values), trace(parameter)));
			}
			ecm.add(new CellIr.EquivalentCircuit(toInt(circuit.getTemperature(), ScaledUnit.CENTI_DEGREE_CELSIUS,
					RoundingMode.HALF_EVEN), List.copyOf(parameters), trace(circuit)));
		}
		return new CellIr(cell.getName(), cell.getChemistry().getLiteral(), effective.seriesCells(),
				effective.parallelCells(), capacityMah, Math.multiplyExact(capacityMah, effective.parallelCells()),
				nominal, minimum, maximum, List.copyOf(ocv), List.copyOf(ecm), thermal(cell), spread(cell), trace(cell));
	}

	private CellIr.Thermal thermal(Cell cell) {
		ThermalModel thermal = cell.getThermal();
		if (thermal == null) {
			return null;
		}
		return new CellIr.Thermal(baseOrZero(thermal.getMass()), baseOrZero(thermal.getResistance()), trace(thermal));
	}

	private CellIr.Spread spread(Cell cell) {
		ManufacturingSpread spread = cell.getSpread();
		if (spread == null) {
			return null;
		}
		return new CellIr.Spread(fractionOrZero(spread.getCapacity()), fractionOrZero(spread.getResistance()),
				fractionOrZero(spread.getSoc()), trace(spread));
	}

	private static float baseOrZero(Quantity quantity) {
		return quantity == null || quantity.getValue() == null ? 0f : Units.toBase(quantity).floatValue();
	}

	private static float fractionOrZero(Quantity ratio) {
		return ratio == null || ratio.getValue() == null ? 0f : fraction(ratio);
	}

	/** A ratio (%) as the fraction the SoC filter works in: 50 % -> 0.5f. */
	private static float fraction(Quantity ratio) {
		return Units.toBase(ratio).movePointLeft(2).floatValue();
	}

	// ------------------------------------------------------------------ protections

	private List<ProtectionIr> protections() {
		List<ProtectionIr> result = new ArrayList<>();
		for (Protection protection : effective.protections()) {
			result.add(protection(result.size(), protection));
		}
		return result;
	}

	private ProtectionIr protection(int index, Protection protection) {
		Trace trace = trace(protection);
		ProtectionIr.Threshold trip = null;
		if (protection.getTrip() != null) {
			Trip written = protection.getTrip();
			trip = new ProtectionIr.Threshold(direction(written.getDirection()),
					level(written.getLevel(), widening(written.getDirection())));
		}
		ScaledValue release = protection.getRelease() == null ? null
				: level(protection.getRelease().getLevel(), narrowing(protection.getRelease().getDirection()));
		ScaledValue warning = protection.getWarning() == null ? null
				: level(protection.getWarning().getLevel(), widening(protection.getWarning().getDirection()));
		long delayUs = protection.getDelay() == null ? 0
				: toLong(protection.getDelay(), ScaledUnit.MICROSECOND, RoundingMode.CEILING);
		ProtectionIr.Severity severity = ProtectionIr.Severity.valueOf(protection.getSeverity().name());
		int recoverAfterMs = 0;
		ProtectionIr.Recovery recovery;
		if (protection.isLatch() || severity == ProtectionIr.Severity.PERMANENT) {
			recovery = ProtectionIr.Recovery.LATCH;
		} else if (protection.getRecoverAfter() != null) {
			recovery = ProtectionIr.Recovery.AFTER_TIME;
			recoverAfterMs = toInt(protection.getRecoverAfter(), ScaledUnit.MILLISECOND, RoundingMode.CEILING);
		} else if (release != null) {
			recovery = ProtectionIr.Recovery.RELEASE_LEVEL;
		} else {
			recovery = ProtectionIr.Recovery.CONDITION_GONE;
		}
		return new ProtectionIr(index, ProtectionNames.nameOf(protection), protection.getSubject().getLiteral(),
				protection.getKind().getLiteral(), ProtectionIr.Enforcement.valueOf(protection.getEnforcement().name()),
				severity, trip, release, warning, delayUs, periods(delayUs), recovery, recoverAfterMs,
				periods(recoverAfterMs * 1000L), trace);
	}

	/** Trip and warning conditions hold at least where modelled: above rounds down, below rounds up. */
	private static RoundingMode widening(org.bmsgen.dsl.bms.Direction direction) {
		return direction == org.bmsgen.dsl.bms.Direction.ABOVE ? RoundingMode.FLOOR : RoundingMode.CEILING;
	}

	/** Release conditions hold at most where modelled: release below rounds down, above rounds up. */
	private static RoundingMode narrowing(org.bmsgen.dsl.bms.Direction direction) {
		return direction == org.bmsgen.dsl.bms.Direction.BELOW ? RoundingMode.FLOOR : RoundingMode.CEILING;
	}

	/** ceil(us / control period): the rule of {@link ProtectionIr} (no earlier, at most one period later). */
	private int periods(long micros) {
		return Math.toIntExact(Math.floorDiv(micros + periodUs - 1, periodUs));
	}

	// ------------------------------------------------------------------ AFE

	private AfeIr afe(List<ProtectionIr> protections) {
		Afe afe = effective.afe();
		if (afe == null) {
			return null;
		}
		Bq769x0.Part part = Bq769x0.Part.valueOf(afe.getPart().getName());
		List<Integer> channels = afe.getChannels().isEmpty() && effective.seriesCells() > 0
				? Bq769x0.channelMap(part, effective.seriesCells())
				: List.copyOf(afe.getChannels());
		long shuntMicroOhm = afe.getShunt() == null ? 0
				: toLong(afe.getShunt(), ScaledUnit.MICRO_OHM, RoundingMode.UNNECESSARY);
		List<AfeIr.Thermistor> thermistors = new ArrayList<>();
		for (Thermistor thermistor : afe.getThermistors()) {
			if (thermistor.isDie()) {
				thermistors.add(new AfeIr.Thermistor("die", 0, 0, trace(thermistor)));
			} else {
				thermistors.add(new AfeIr.Thermistor(thermistor.getInput().getLiteral(),
						toLong(thermistor.getResistance(), ScaledUnit.ONE, RoundingMode.HALF_EVEN),
						thermistor.getBeta().setScale(0, RoundingMode.HALF_EVEN).intValueExact(), trace(thermistor)));
			}
		}
		AfeIr.VoltageLimit ov = voltageLimit(protections, "cellOvervoltage", AfeIr.TripRounding.HIGHEST_NOT_ABOVE,
				DelayTable.OV);
		AfeIr.VoltageLimit uv = voltageLimit(protections, "cellUndervoltage", AfeIr.TripRounding.LOWEST_NOT_BELOW,
				DelayTable.UV);
		ProtectionIr ocdProtection = afeProtection(protections, "dischargeOvercurrent");
		ProtectionIr scdProtection = afeProtection(protections, "dischargeShortCircuit");
		CurrentSetting ocd = null;
		CurrentSetting scd = null;
		double shuntOhm = shuntMicroOhm / 1e6;
		if (ocdProtection != null && scdProtection != null) {
			Bq769x0.CurrentProtection both = Bq769x0.currentProtection(amps(ocdProtection), amps(scdProtection), shuntOhm)
					.orElseThrow(() -> new IrBuildException("no single RSNS serves both OCD and SCD with this shunt",
							scdProtection.trace()));
			ocd = both.ocd();
			scd = both.scd();
		} else if (ocdProtection != null) {
			ocd = setting(CurrentComparator.OCD, ocdProtection, shuntOhm);
		} else if (scdProtection != null) {
			scd = setting(CurrentComparator.SCD, scdProtection, shuntOhm);
		}
		int rsns = ocd != null ? ocd.rsns() : scd != null ? scd.rsns() : 0;
		AfeIr.CurrentLimit ocdLimit = currentLimit(ocdProtection, ocd, shuntMicroOhm, DelayTable.OCD);
		AfeIr.CurrentLimit scdLimit = currentLimit(scdProtection, scd, shuntMicroOhm, DelayTable.SCD);
		int protect1 = Bq769x0.protect1(rsns, scdLimit == null ? 0 : scdLimit.delayCode(),
				scdLimit == null ? 0 : scdLimit.code());
		int protect2 = Bq769x0.protect2(ocdLimit == null ? 0 : ocdLimit.delayCode(), ocdLimit == null ? 0 : ocdLimit.code());
		int protect3 = Bq769x0.protect3(uv == null ? 0 : uv.delayCode(), ov == null ? 0 : ov.delayCode());
		return new AfeIr(afe.getPart().getLiteral(), afe.getAddress(), afe.getCrc() == OnOff.ON, shuntMicroOhm,
				List.copyOf(channels), List.copyOf(thermistors), ov, uv, ocdLimit, scdLimit, rsns, protect1, protect2,
				protect3, trace(afe));
	}

	private static ProtectionIr afeProtection(List<ProtectionIr> protections, String name) {
		return protections.stream()
				.filter(p -> p.name().equals(name) && p.enforcement() == ProtectionIr.Enforcement.AFE && p.trip() != null)
				.findFirst().orElse(null);
	}

	private AfeIr.VoltageLimit voltageLimit(List<ProtectionIr> protections, String name, AfeIr.TripRounding rounding,
			DelayTable delays) {
		ProtectionIr protection = afeProtection(protections, name);
		if (protection == null) {
			return null;
		}
		int code = delays.exact(protection.delayUs() / 1e6).orElseThrow(() -> new IrBuildException(
				name + " delay is not one of the AFE's " + delays.describe(), protection.trace()));
		int modelledMv = Math.toIntExact(protection.trip().level().value());
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		for (int gain = Bq769x0.GAIN_MIN_UV_PER_LSB; gain <= Bq769x0.GAIN_MAX_UV_PER_LSB; gain++) {
			for (int offset = Bq769x0.OFFSET_MIN_MV; offset <= Bq769x0.OFFSET_MAX_MV; offset++) {
				Bq769x0.Trim trim = new Bq769x0.Trim(gain, offset);
				long programmed;
				try {
					programmed = rounding == AfeIr.TripRounding.HIGHEST_NOT_ABOVE
							? Bq769x0.ovThresholdMicrovolts(Bq769x0.ovTrip(modelledMv * 1000L, trim), trim)
							: Bq769x0.uvThresholdMicrovolts(Bq769x0.uvTrip(modelledMv * 1000L, trim), trim);
				} catch (IllegalArgumentException e) {
					throw new IrBuildException(name + " " + modelledMv + " mV cannot be programmed on every chip: "
							+ e.getMessage(), protection.trace());
				}
				min = Math.min(min, programmed);
				max = Math.max(max, programmed);
			}
		}
		return new AfeIr.VoltageLimit(name, modelledMv, rounding, code, delays.value(code), min, max,
				protection.trace());
	}

	private static double amps(ProtectionIr protection) {
		return protection.trip().level().value() / 1000.0;
	}

	private static CurrentSetting setting(CurrentComparator comparator, ProtectionIr protection, double shuntOhm) {
		return Bq769x0.currentSetting(comparator, amps(protection), shuntOhm)
				.orElseThrow(() -> new IrBuildException(protection.name() + " is outside the AFE's " + comparator
						+ " thresholds with this shunt", protection.trace()));
	}

	private static AfeIr.CurrentLimit currentLimit(ProtectionIr protection, CurrentSetting setting, long shuntMicroOhm,
			DelayTable delays) {
		if (protection == null) {
			return null;
		}
		int delayCode = delays.notAbove(protection.delayUs() / 1e6).orElseThrow(() -> new IrBuildException(
				protection.name() + " delay is outside the AFE's " + delays.describe(), protection.trace()));
		// mV / uOhm = kA: x 1e6 for mA, rounded down so the reported level is never above what the chip does
		long programmedMa = Math.floorDiv(setting.millivolts() * 1_000_000L, shuntMicroOhm);
		long programmedDelayUs = Math.round(delays.seconds(delayCode) * 1e6);
		return new AfeIr.CurrentLimit(protection.name(), Math.toIntExact(protection.trip().level().value()),
				setting.code(), setting.millivolts(), Math.toIntExact(programmedMa), protection.delayUs(), delayCode,
				programmedDelayUs, protection.trace());
	}

	// ------------------------------------------------------------------ balancing, estimators

	private BalancingIr balancing() {
		Balancing balancing = effective.balancing();
		if (balancing == null) {
			return null;
		}
		boolean whileCharging = false;
		int restMs = 0;
		for (BalancingCondition condition : balancing.getConditions()) {
			if (condition.isCharging()) {
				whileCharging = true;
			} else if (condition.getRestTime() != null) {
				restMs = toInt(condition.getRestTime(), ScaledUnit.MILLISECOND, RoundingMode.CEILING);
			}
		}
		return new BalancingIr(toIntOrZero(balancing.getStartDelta(), ScaledUnit.MILLIVOLT),
				toIntOrZero(balancing.getStopDelta(), ScaledUnit.MILLIVOLT),
				toIntOrZero(balancing.getMinimumCell(), ScaledUnit.MILLIVOLT), balancing.getMaxCells(), whileCharging,
				restMs, periods(restMs * 1000L),
				balancing.getMaxTemperature() == null ? null
						: toInt(balancing.getMaxTemperature(), ScaledUnit.CENTI_DEGREE_CELSIUS, RoundingMode.FLOOR),
				balancing.getAdjacent() == OnOff.ON, trace(balancing));
	}

	private EstimatorsIr.Soc soc() {
		SocEstimator soc = effective.soc();
		if (soc == null) {
			return null;
		}
		int restMs = toIntOrZero(soc.getRestCorrection(), ScaledUnit.MILLISECOND);
		return new EstimatorsIr.Soc(soc.getOrder() == EcmOrder.TWO_RC ? 2 : 1,
				soc.getProcessNoise() == null ? 0f : soc.getProcessNoise().floatValue(),
				soc.getMeasurementNoise() == null ? 0f : Units.toBase(soc.getMeasurementNoise()).floatValue(),
				soc.getInitialUncertainty() == null ? 0f : fraction(soc.getInitialUncertainty()),
				soc.getInitialFrom() == InitialSoc.FLASH, restMs, periods(restMs * 1000L), trace(soc));
	}

	private EstimatorsIr.Soh soh() {
		SohEstimator soh = effective.soh();
		if (soh == null) {
			return null;
		}
		return new EstimatorsIr.Soh(soh.isCapacityFade(), soh.isResistanceGrowth(),
				toIntOrZero(soh.getEndOfLife(), ScaledUnit.BASIS_POINT), trace(soh));
	}

	private EstimatorsIr.CurrentLimits limits() {
		CurrentLimits limits = effective.limits();
		if (limits == null) {
			return null;
		}
		List<EstimatorsIr.Derating> deratings = new ArrayList<>();
		for (Derating derating : limits.getDeratings()) {
			MeasuredQuantity variable = measured(derating.getVariable());
			List<EstimatorsIr.DeratingPoint> points = new ArrayList<>();
			for (TablePoint point : derating.getTable().getPoints()) {
				points.add(new EstimatorsIr.DeratingPoint(toLong(point.getX(), variable.unit(), RoundingMode.HALF_EVEN),
						toInt(point.getY(), ScaledUnit.BASIS_POINT, RoundingMode.FLOOR)));
			}
			deratings.add(new EstimatorsIr.Derating(derating.getDirection() == CurrentDirection.CHARGE, variable,
					List.copyOf(points), trace(derating)));
		}
		return new EstimatorsIr.CurrentLimits(toIntOrZero(limits.getCharge(), ScaledUnit.MILLIAMPERE),
				toIntOrZero(limits.getDischarge(), ScaledUnit.MILLIAMPERE), List.copyOf(deratings), trace(limits));
	}

	// ------------------------------------------------------------------ state machines

	private StateMachineIr stateMachine(int index, org.bmsgen.dsl.bms.StateMachine machine, List<CanMessage> messages,
			List<LogLayoutIr.EventCode> eventCodes) {
		Map<org.bmsgen.dsl.bms.State, Integer> stateIndex = new IdentityHashMap<>();
		for (org.bmsgen.dsl.bms.State state : machine.getStates()) {
			stateIndex.put(state, stateIndex.size());
		}
		List<StateMachineIr.State> states = new ArrayList<>();
		for (org.bmsgen.dsl.bms.State state : machine.getStates()) {
			List<StateMachineIr.Transition> transitions = new ArrayList<>();
			List<Transition> written = state.getTransitions();
			for (int i = 0; i < written.size(); i++) {
				transitions.add(transition(i, written.get(i), stateIndex));
			}
			// higher priority first; List.sort is stable, so model order stays among equal priorities
			transitions.sort(Comparator.comparingInt(StateMachineIr.Transition::priority).reversed());
			states.add(new StateMachineIr.State(states.size(), state.getName(),
					actions(state.getEntryActions(), state, messages, eventCodes),
					actions(state.getDuringActions(), state, messages, eventCodes),
					actions(state.getExitActions(), state, messages, eventCodes), List.copyOf(transitions),
					trace(state)));
		}
		StateMachineIr.FaultReaction reaction = null;
		if (machine.getFaultReaction() != null) {
			reaction = new StateMachineIr.FaultReaction(
					ProtectionIr.Severity.valueOf(machine.getFaultReaction().getSeverity().name()),
					stateIndexOf(stateIndex, machine.getFaultReaction().getTarget(), machine.getFaultReaction()),
					trace(machine.getFaultReaction()));
		}
		return new StateMachineIr(index, machine.getName(),
				stateIndexOf(stateIndex, machine.getInitial(), machine), List.copyOf(states), reaction, trace(machine));
	}

	private int stateIndexOf(Map<org.bmsgen.dsl.bms.State, Integer> stateIndex, org.bmsgen.dsl.bms.State state,
			EObject where) {
		Integer index = stateIndex.get(state);
		if (index == null) {
			throw new IrBuildException("state " + (state == null ? "?" : state.getName())
					+ " is not a state of this machine", trace(where));
		}
		return index;
	}

	private StateMachineIr.Transition transition(int modelOrder, Transition transition,
			Map<org.bmsgen.dsl.bms.State, Integer> stateIndex) {
		StateMachineIr.Event event = transition.getTrigger() == null ? StateMachineIr.Event.NONE
				: StateMachineIr.Event.valueOf(transition.getTrigger().getEvent().name());
		List<StateMachineIr.Comparison> comparisons = new ArrayList<>();
		List<StateMachineIr.FlagTest> flags = new ArrayList<>();
		if (transition.getGuard() != null) {
			for (Condition condition : transition.getGuard().getConditions()) {
				if (condition instanceof Comparison comparison) {
					MeasuredQuantity measurement = measured(comparison.getMeasurement());
					comparisons.add(new StateMachineIr.Comparison(measurement, direction(comparison.getDirection()),
							toLong(comparison.getValue(), measurement.unit(), RoundingMode.HALF_EVEN), trace(comparison)));
				} else if (condition instanceof FlagCondition flag) {
					flags.add(new StateMachineIr.FlagTest(StateMachineIr.Flag.valueOf(flag.getFlag().name()),
							!flag.isNegated()));
				}
			}
		}
		int timeoutMs = 0;
		StateMachineIr.TimeoutBasis basis = StateMachineIr.TimeoutBasis.NONE;
		if (transition.getTimeout() != null) {
			timeoutMs = toInt(transition.getTimeout(), ScaledUnit.MILLISECOND, RoundingMode.CEILING);
			basis = transition.getGuard() != null ? StateMachineIr.TimeoutBasis.GUARD_HELD
					: StateMachineIr.TimeoutBasis.TIME_IN_STATE;
		}
		return new StateMachineIr.Transition(modelOrder, transition.getPriority(), event, List.copyOf(comparisons),
				List.copyOf(flags), basis, timeoutMs, periods(timeoutMs * 1000L),
				stateIndexOf(stateIndex, transition.getTarget(), transition), trace(transition));
	}

	private List<StateMachineIr.Action> actions(List<Action> written, org.bmsgen.dsl.bms.State state,
			List<CanMessage> messages, List<LogLayoutIr.EventCode> eventCodes) {
		List<StateMachineIr.Action> actions = new ArrayList<>();
		for (Action action : written) {
			Trace trace = trace(action);
			if (action instanceof FetAction fet) {
				int mask = 0;
				List<String> names = new ArrayList<>();
				for (FetKind kind : fet.getFets()) {
					mask |= kind == FetKind.CHARGE ? StateMachineIr.FET_CHARGE : StateMachineIr.FET_DISCHARGE;
					names.add(kind.getLiteral());
				}
				actions.add(new StateMachineIr.Action(fet.isEnable() ? StateMachineIr.ActionCode.ENABLE_FETS
						: StateMachineIr.ActionCode.DISABLE_FETS, mask, String.join(", ", names), trace));
			} else if (action instanceof BalancingAction balancing) {
				actions.add(new StateMachineIr.Action(balancing.isStart() ? StateMachineIr.ActionCode.START_BALANCING
						: StateMachineIr.ActionCode.STOP_BALANCING, 0, "", trace));
			} else if (action instanceof LogAction log) {
				String name = log.getCode() != null ? log.getCode() : state.getName();
				LogLayoutIr.EventCode code = eventCodes.stream().filter(c -> c.name().equals(name)).findFirst()
						.orElse(null);
				if (code == null) {
					code = new LogLayoutIr.EventCode(eventCodes.size() + 1, name);
					eventCodes.add(code);
				}
				actions.add(new StateMachineIr.Action(StateMachineIr.ActionCode.LOG_EVENT, code.code(), name, trace));
			} else if (action instanceof SendAction send) {
				String name = send.getMessage().getName();
				int index = indexOfMessage(messages, name);
				if (index < 0) {
					throw new IrBuildException("send " + name + ": no CAN message of that name in the pack", trace);
				}
				actions.add(new StateMachineIr.Action(StateMachineIr.ActionCode.SEND_CAN_MESSAGE, index, name, trace));
			} else if (action instanceof ShipAction) {
				actions.add(new StateMachineIr.Action(StateMachineIr.ActionCode.ENTER_SHIP_MODE, 0, "", trace));
			} else if (action instanceof ConfigureAction) {
				actions.add(new StateMachineIr.Action(StateMachineIr.ActionCode.CONFIGURE_AFE, 0, "", trace));
			} else if (action instanceof ClearFaultsAction) {
				actions.add(new StateMachineIr.Action(StateMachineIr.ActionCode.CLEAR_FAULTS, 0, "", trace));
			} else {
				throw new IrBuildException("action " + action.eClass().getName() + " has no action code", trace);
			}
		}
		return List.copyOf(actions);
	}

	private static int indexOfMessage(List<CanMessage> messages, String name) {
		for (int i = 0; i < messages.size(); i++) {
			if (messages.get(i).getName().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	// ------------------------------------------------------------------ telemetry

	private CanIr can(List<CanMessage> messages, List<ProtectionIr> protections, List<StateMachineIr> machines) {
		CanBus bus = effective.canBus();
		CanIr.Bus busIr = bus == null ? null
				: new CanIr.Bus(bus.getTransceiver().getLiteral(), bus.getMode() == CanMode.FD,
						toIntOrZero(bus.getNominalBitRate(), ScaledUnit.BIT_PER_SECOND),
						bus.getMode() == CanMode.FD ? toIntOrZero(bus.getDataBitRate(), ScaledUnit.BIT_PER_SECOND) : 0,
						trace(bus));
		List<CanIr.Message> result = new ArrayList<>();
		for (CanMessage message : messages) {
			List<CanIr.Signal> signals = new ArrayList<>();
			for (org.bmsgen.dsl.bms.Signal signal : message.getSignals()) {
				signals.add(signal(signal, protections, machines));
			}
			int length = written(message, BmsPackage.Literals.CAN_MESSAGE__LENGTH) ? message.getLength() : 8;
			result.add(new CanIr.Message(result.size(), message.getName(), message.getId(), message.isExtended(),
					message.isFd(), length, toInt(message.getPeriod(), ScaledUnit.MILLISECOND, RoundingMode.UNNECESSARY),
					List.copyOf(signals), trace(message)));
		}
		return new CanIr(busIr, List.copyOf(result));
	}

	private CanIr.Signal signal(org.bmsgen.dsl.bms.Signal signal, List<ProtectionIr> protections,
			List<StateMachineIr> machines) {
		Trace trace = trace(signal);
		SignalSource source = source(signal.getSource(), protections, machines, trace);
		CanSignalLayout layout = CanSignalLayout.of(signal.getStart(), signal.getLength(), signal.getByteOrder());
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < layout.length(); i++) {
			positions.add(layout.positionOf(i));
		}
		boolean signed = signal.getSignedness() == Signedness.SIGNED;
		long rawMin = signed ? -(1L << (signal.getLength() - 1)) : 0;
		long rawMax = signed ? (1L << (signal.getLength() - 1)) - 1
				: signal.getLength() == 64 ? Long.MAX_VALUE : (1L << signal.getLength()) - 1;
		Rational scale = Rational.of(inUnit(signal.getScale(), source.unit()));
		Rational offset = signal.getOffset() == null ? Rational.ZERO : Rational.of(inUnit(signal.getOffset(), source.unit()));
		ScaledValue minimum = signal.getMinimum() == null ? null
				: new ScaledValue(inUnit(signal.getMinimum(), source.unit()).setScale(0, RoundingMode.CEILING)
						.longValueExact(), source.unit());
		ScaledValue maximum = signal.getMaximum() == null ? null
				: new ScaledValue(inUnit(signal.getMaximum(), source.unit()).setScale(0, RoundingMode.FLOOR)
						.longValueExact(), source.unit());
		return new CanIr.Signal(signal.getName(), signal.getStart(), signal.getLength(),
				layout.byteOrder() == ByteOrder.BIG_ENDIAN, signed, scale, offset, minimum, maximum,
				List.copyOf(positions), rawMin, rawMax, source, trace);
	}

	/** A quantity in a fixed-point unit, exactly (a bare number is taken as already in it). */
	private static BigDecimal inUnit(Quantity quantity, ScaledUnit unit) {
		return Units.toBase(quantity).divide(unit.baseUnitsPerStep());
	}

	private SignalSource source(org.bmsgen.dsl.bms.SignalSource source, List<ProtectionIr> protections,
			List<StateMachineIr> machines, Trace trace) {
		if (source instanceof MeasurementSource measurement) {
			MeasuredQuantity quantity = measured(measurement.getMeasurement());
			int cell = written(measurement, BmsPackage.Literals.MEASUREMENT_SOURCE__INDEX) ? measurement.getIndex() : -1;
			return new SignalSource(SignalSource.Kind.MEASUREMENT, quantity, cell, -1, -1, quantity.unit());
		}
		if (source instanceof StateSource state) {
			String name = state.getMachine().getName();
			StateMachineIr machine = machines.stream().filter(m -> m.name().equals(name)).findFirst()
					.orElseThrow(() -> new IrBuildException("no state machine " + name + " in the pack", trace));
			return new SignalSource(SignalSource.Kind.STATE, null, -1, machine.index(), -1, ScaledUnit.ONE);
		}
		if (source instanceof ProtectionSource fault) {
			String name = ProtectionNames.nameOf(fault.getProtection());
			ProtectionIr protection = protections.stream().filter(p -> p.name().equals(name)).findFirst()
					.orElseThrow(() -> new IrBuildException("no protection " + name + " in the pack", trace));
			return new SignalSource(SignalSource.Kind.FAULT, null, -1, -1, protection.index(), ScaledUnit.ONE);
		}
		throw new IrBuildException("a signal without a source", trace);
	}

	private RadioIr radio(List<ProtectionIr> protections, List<StateMachineIr> machines) {
		Radio radio = effective.radio();
		List<RadioIr.UartFrame> frames = new ArrayList<>();
		for (org.bmsgen.dsl.bms.UartFrame frame : effective.uartFrames()) {
			List<RadioIr.UartField> fields = new ArrayList<>();
			for (UartField field : frame.getFields()) {
				Trace trace = trace(field);
				fields.add(new RadioIr.UartField(field.getName(), fields.size() * RadioIr.UART_FIELD_BYTES,
						source(field.getSource(), protections, machines, trace), trace));
			}
			frames.add(new RadioIr.UartFrame(frame.getName(), frame.getType(),
					toInt(frame.getPeriod(), ScaledUnit.MILLISECOND, RoundingMode.UNNECESSARY), List.copyOf(fields),
					fields.size() * RadioIr.UART_FIELD_BYTES, trace(frame)));
		}
		if (radio == null) {
			return frames.isEmpty() ? null
					: new RadioIr("", 0, List.of(), List.of(), "", List.copyOf(frames), Trace.NONE);
		}
		List<RadioIr.Publication> publications = new ArrayList<>();
		for (Publication publication : radio.getPublications()) {
			publications.add(new RadioIr.Publication(publication.getChannel().getLiteral(),
					toInt(publication.getPeriod(), ScaledUnit.MILLISECOND, RoundingMode.UNNECESSARY), trace(publication)));
		}
		List<String> commands = new ArrayList<>();
		for (RemoteCommand command : radio.getCommands()) {
			commands.add(command.getCommand().getLiteral());
		}
		return new RadioIr(radio.getPart().getLiteral(), toIntOrZero(radio.getBaudRate(), ScaledUnit.BIT_PER_SECOND),
				List.copyOf(publications), List.copyOf(commands), radio.getSecret() == null ? "" : radio.getSecret(),
				List.copyOf(frames), trace(radio));
	}

	// ------------------------------------------------------------------ log

	private LogLayoutIr log(List<LogLayoutIr.EventCode> eventCodes) {
		Logging logging = effective.logging();
		if (logging == null && effective.flash() == null) {
			return null;
		}
		LogLayoutIr.Area events = null;
		LogLayoutIr.Area history = null;
		long next = 0;
		if (logging != null && logging.getEvents() != null) {
			EventLog log = logging.getEvents();
			events = area("events", next, log.getSize(), log.getRecordSize(), 0, trace(log));
			next += events.sizeBytes();
		}
		if (logging != null && logging.getHistory() != null) {
			HistoryLog log = logging.getHistory();
			history = area("history", next, log.getSize(), log.getRecordSize(),
					toInt(log.getPeriod(), ScaledUnit.MILLISECOND, RoundingMode.CEILING), trace(log));
			next += history.sizeBytes();
		}
		return new LogLayoutIr(W25q128jv.PART, W25q128jv.CAPACITY_BYTES, W25q128jv.SECTOR_BYTES, W25q128jv.PAGE_BYTES,
				events, history, List.copyOf(eventCodes), logging == null ? trace(effective.flash()) : trace(logging));
	}

	private LogLayoutIr.Area area(String name, long start, Quantity size, Quantity record, int periodMs, Trace trace) {
		long sizeBytes = toLong(size, ScaledUnit.BYTE, RoundingMode.UNNECESSARY);
		int recordBytes = toInt(record, ScaledUnit.BYTE, RoundingMode.UNNECESSARY);
		if (sizeBytes % W25q128jv.SECTOR_BYTES != 0 || recordBytes <= 0 || W25q128jv.PAGE_BYTES % recordBytes != 0) {
			throw new IrBuildException(name + " area is not whole sectors of whole-page-dividing records", trace);
		}
		return new LogLayoutIr.Area(name, start, sizeBytes, Math.toIntExact(sizeBytes / W25q128jv.SECTOR_BYTES),
				recordBytes, W25q128jv.SECTOR_BYTES / recordBytes, W25q128jv.PAGE_BYTES / recordBytes, periodMs,
				periods(periodMs * 1000L), trace);
	}

	// ------------------------------------------------------------------ values

	private static Direction direction(org.bmsgen.dsl.bms.Direction direction) {
		return direction == org.bmsgen.dsl.bms.Direction.ABOVE ? Direction.ABOVE : Direction.BELOW;
	}

	private static MeasuredQuantity measured(Measurement measurement) {
		return MeasuredQuantity.valueOf(measurement.name());
	}

	/** A protection level in the fixed-point unit of its dimension. */
	private ScaledValue level(Quantity level, RoundingMode rounding) {
		Dimension dimension = Units.dimensionOf(level);
		ScaledUnit unit = switch (dimension) {
			case VOLTAGE -> ScaledUnit.MILLIVOLT;
			case CURRENT -> ScaledUnit.MILLIAMPERE;
			case TEMPERATURE -> ScaledUnit.CENTI_DEGREE_CELSIUS;
			default -> throw new IrBuildException("a protection level must be a voltage, current or temperature, not "
					+ dimension.description(), trace(level));
		};
		return new ScaledValue(toLong(level, unit, rounding), unit);
	}

	private long toLong(Quantity quantity, ScaledUnit unit, RoundingMode rounding) {
		try {
			return inUnit(quantity, unit).setScale(0, rounding).longValueExact();
		} catch (ArithmeticException e) {
			throw new IrBuildException(Units.format(quantity) + " is not a whole number of " + unit.baseUnitsPerStep()
					.stripTrailingZeros().toPlainString() + " " + baseUnit(quantity) + ", the firmware's resolution",
					trace(quantity));
		}
	}

	private int toInt(Quantity quantity, ScaledUnit unit, RoundingMode rounding) {
		long value = toLong(quantity, unit, rounding);
		if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
			throw new IrBuildException(Units.format(quantity) + " does not fit the firmware's 32-bit "
					+ unit.name().toLowerCase() + " value", trace(quantity));
		}
		return (int) value;
	}

	/** Optional settings: 0 when not written, else the value (whole steps, half even). */
	private int toIntOrZero(Quantity quantity, ScaledUnit unit) {
		return quantity == null || quantity.getValue() == null ? 0 : toInt(quantity, unit, RoundingMode.HALF_EVEN);
	}

	private static String baseUnit(Quantity quantity) {
		return Units.dimensionOf(quantity).baseUnit();
	}

	/** True when the user wrote the feature (EMF cannot tell 0 or a first literal from unwritten), read in the text. */
	private boolean written(EObject element, EStructuralFeature feature) {
		return Written.isWritten(effective.originOf(element), feature);
	}

	// ------------------------------------------------------------------ traces

	private Trace trace(EObject element) {
		if (element == null) {
			return Trace.NONE;
		}
		EObject origin = effective.originOf(element);
		Resource resource = origin.eResource();
		ICompositeNode node = NodeModelUtils.getNode(origin);
		if (resource == null) {
			return Trace.NONE;
		}
		String file = relative(resource.getURI());
		sourceFiles.add(file);
		return new Trace(file, node == null ? 0 : node.getStartLine());
	}

	private final Map<URI, String> relativeNames = new LinkedHashMap<>();

	private String relative(URI uri) {
		return relativeNames.computeIfAbsent(uri, u -> {
			if (!u.isFile()) {
				return u.lastSegment();
			}
			Path path = Paths.get(u.toFileString()).toAbsolutePath().normalize();
			if (sourceRoot != null && path.startsWith(sourceRoot)) {
				return sourceRoot.relativize(path).toString().replace('\\', '/');
			}
			return path.getFileName().toString();
		});
	}
}
