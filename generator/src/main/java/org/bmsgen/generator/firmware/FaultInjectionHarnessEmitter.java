package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ProtectionIr.Severity;
import org.bmsgen.generator.ir.ProtectionIr.Watched;
import org.bmsgen.generator.ir.StateMachineIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code FaultInjectionHarnessTest.java}: both generated firmwares on the pack's simulated board with a hardware
 * fault injected: the AFE no longer answering on I2C, a cell sense wire open, the thermistor open. The firmware
 * must reach its safe state within the modelled time: the protection that watches for the fault raised within its
 * delay plus the control period (plus the period it takes to see it), and, where the fault leaves the AFE
 * reachable, both FETs open in the chip. Delays and protection indices are printed from the IR.
 * <p>
 * A FET welded closed, for a pack with a {@code fet plausibility} row: the simulated plant's DSG (CHG) conducts
 * whatever the AFE is told; a current past the pack's discharge (charge) overcurrent row makes the firmware open
 * it, the current goes on through the welded FET, and the row must be raised its delay after the FET counts as held
 * open (from the second evaluation after the write: the first reading after it integrated partly before), at most
 * one period later; both FETs commanded and switched
 * open in the chip, the trip in the event log, every machine in the state its fault reaction leads to. The
 * negative: the same weld with the FETs closed and ordinary currents both ways raises nothing. The current that
 * makes the firmware open the FET is the overcurrent row's: its level is the lowest the pack gives a reason to open
 * that FET for, whichever pack it is; a pack without such a row gets the negative test only (the generic
 * protection harness still holds the row to its levels and delay).
 */
public final class FaultInjectionHarnessEmitter {

	public static final String TYPE_NAME = "FaultInjectionHarnessTest";

	public List<GeneratedSource> emit(PackIr pack) {
		if (BoardSpec.of(pack) == null || pack.afe() == null) {
			return List.of();
		}
		ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
		long periodUs = pack.control().periodMs() * 1000L;
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("Hardware faults injected into pack $L's simulated board: the firmware reaches its safe"
						+ " state in the modelled time.\n$L\n", pack.name(), SourceFiles.traceLine(pack.trace()));
		type.addField(FieldSpec.builder(TypeName.LONG, "PERIOD_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$LL", periodUs).addJavadoc("The control period.\n$L\n",
						SourceFiles.traceLine(pack.control().trace())).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "TEMPERATURE_UPDATE_US", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).initializer("2_000_000L").addJavadoc("The BQ769x0 converts the thermistor inputs every"
						+ " 2 s (DS 8.3.1.1).\n").build());
		type.addField(FieldSpec.builder(TypeName.LONG, "STEP_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("10_000L").addJavadoc("The time resolution of the measurements here.\n").build());
		type.addMethod(MethodSpec.methodBuilder("settled").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(simulatedPack)
				.addJavadoc("The pack powered and run 5 s at rest: no fault, both FETs closed.\n")
				.addStatement("$T pack = new $T(0xFA17L)", simulatedPack, simulatedPack)
				.addStatement("pack.powerOn()").addStatement("pack.advanceSeconds(5)")
				.addStatement("assertEquals(0, pack.stm32().state().faultWord, \"no fault before the injection\")")
				.addStatement("assertTrue(pack.board().afe().chargeFetOn() && pack.board().afe().dischargeFetOn(),"
						+ " \"both FETs closed before the injection\")")
				.addStatement("return pack").build());
		type.addMethod(MethodSpec.methodBuilder("untilFault").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(simulatedPack, "pack").addParameter(TypeName.INT, "mask")
				.addParameter(TypeName.LONG, "limitMicros")
				.addJavadoc("Runs until a fault of {@code mask} is raised; the time it took, or -1 past {@code"
						+ " limitMicros}.\n")
				.beginControlFlow("for (long elapsed = STEP_US; elapsed <= limitMicros; elapsed += STEP_US)")
				.addStatement("pack.board().advance(STEP_US)")
				.beginControlFlow("if ((pack.stm32().state().faultWord & mask) != 0)").addStatement("return elapsed")
				.endControlFlow().endControlFlow().addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("assertFetsOpenWithin").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(simulatedPack, "pack").addParameter(TypeName.LONG, "limitMicros")
				.addParameter(String.class, "what")
				.beginControlFlow("for (long elapsed = 0; elapsed <= limitMicros; elapsed += STEP_US)")
				.beginControlFlow("if (!pack.board().afe().chargeFetOn() && !pack.board().afe().dischargeFetOn())")
				.addStatement("return").endControlFlow().addStatement("pack.board().advance(STEP_US)").endControlFlow()
				.addStatement("assertFalse(pack.board().afe().chargeFetOn() || pack.board().afe().dischargeFetOn(),"
						+ " what + \": both FETs open\")").build());

		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.AFE_SILENCE) {
				type.addMethod(i2cErrors(protection));
			}
			if ("open-wire".equals(protection.kind())) {
				type.addMethod(openWire(protection, pack));
			}
		}
		List<ProtectionIr> cold = new ArrayList<>();
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.MIN_TEMPERATURE && !protection.onlyWhileCharging()) {
				cold.add(protection);
			}
		}
		if (!cold.isEmpty()) {
			type.addMethod(thermistorOpen(cold));
		}
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.CURRENT_THROUGH_OPEN_FET && protection.trip() != null) {
				stuckFet(type, pack, protection, simulatedPack);
			}
		}
		return List.of(HarnessSources.file(pack, "Fault injection harness", type.build()));
	}

	private static String title(ProtectionIr protection) {
		return protection.subject() + " " + protection.kind() + " for " + protection.delayUs() / 1000 + " ms";
	}

	private static MethodSpec i2cErrors(ProtectionIr protection) {
		return MethodSpec.methodBuilder(protection.name() + "_i2cErrors_faultWithinItsDelay")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Every I2C transfer to the AFE refused (NACK): $L raised no later than its delay plus two"
						+ " periods (the last\nanswer came up to a period before the injection); when the bus answers"
						+ " again both FETs are opened within two periods.\nModel: $L.\n", title(protection),
						protection.trace())
				.addStatement("var pack = settled()")
				.addStatement("pack.board().injectI2cFaults(1.0, 0)")
				.addStatement("long took = untilFault(pack, 1 << $L, $LL + 4 * PERIOD_US)", protection.index(),
						protection.delayUs())
				.addStatement("assertTrue(took > 0, \"$L not raised\")", protection.name())
				.addStatement("assertTrue(took <= $LL + 2 * PERIOD_US, \"$L raised after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("assertTrue(took >= $LL - PERIOD_US, \"$L raised early, after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("pack.board().clearI2cFaults()")
				.addStatement("assertFetsOpenWithin(pack, 2 * PERIOD_US, \"the bus answers again\")").build();
	}

	private static MethodSpec openWire(ProtectionIr protection, PackIr pack) {
		// a middle node: exists in every pack of two cells or more
		int node = Math.max(1, pack.cell().seriesCells() / 2);
		return MethodSpec.methodBuilder(protection.name() + "_senseWireOpen_safeWithinItsDelay")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Sense wire $L open: $L raised no later than its delay plus four periods (the AFE's"
						+ " conversion and the\nfirmware's check), and both FETs open one period later.\nModel: $L.\n",
						node, title(protection), protection.trace())
				.addStatement("var pack = settled()")
				.addStatement("pack.board().plant().setSenseWireOpen($L)", node)
				.addStatement("long took = untilFault(pack, 1 << $L, $LL + 8 * PERIOD_US)", protection.index(),
						protection.delayUs())
				.addStatement("assertTrue(took > 0, \"$L not raised\")", protection.name())
				.addStatement("assertTrue(took <= $LL + 4 * PERIOD_US, \"$L raised after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("assertFetsOpenWithin(pack, PERIOD_US + STEP_US, \"$L\")", protection.name()).build();
	}

	private static MethodSpec thermistorOpen(List<ProtectionIr> cold) {
		long delayUs = 0;
		int mask = 0;
		StringBuilder names = new StringBuilder();
		for (ProtectionIr protection : cold) {
			delayUs = Math.max(delayUs, protection.delayUs());
			mask |= 1 << protection.index();
			names.append(names.length() == 0 ? "" : ", ").append(protection.name()).append(" (")
					.append(protection.trace()).append(')');
		}
		return MethodSpec.methodBuilder("thermistorOpen_coldFaultWithinItsDelay").addAnnotation(HarnessSources.TEST)
				.addJavadoc("The thermistor open (10 MOhm: the TS input reads far below every limit): one of $L"
						+ " raised\nno later than its delay plus the AFE's 2 s temperature update plus two periods.\n",
						names)
				.addStatement("var pack = settled()")
				.addStatement("pack.board().plant().setThermistorFault(1.0e7)")
				.addStatement("long took = untilFault(pack, 0x$L, $LL + 8 * PERIOD_US)", Integer.toHexString(mask),
						delayUs)
				.addStatement("assertTrue(took > 0, \"no cold fault: faultWord 0x\" +"
						+ " Integer.toHexString(pack.stm32().state().faultWord))")
				.addComment("bq76920.md, DS 8.3.1.1: the AFE updates its temperature readings every 2 s")
				.addStatement("assertTrue(took <= $LL + TEMPERATURE_UPDATE_US + 2 * PERIOD_US, \"raised after \" + took"
						+ " + \" us\")", delayUs)
				.build();
	}

	// ------------------------------------------------------------------ a FET welded closed

	private static final ClassName PACK_LOAD = ClassName.get("org.bmsgen.sim.plant", "PackLoad");
	private static final ClassName STATUS = ClassName.get("org.bmsgen.platform", "Status");

	private static void stuckFet(TypeSpec.Builder type, PackIr pack, ProtectionIr stuck, ClassName simulatedPack) {
		ClassName table = HarnessSources.stm32(pack, ProtectionTableEmitter.TYPE_NAME);
		type.addMethod(MethodSpec.methodBuilder("untilFetsCommandedOff").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(simulatedPack, "pack").addParameter(TypeName.INT, "mask")
				.addParameter(TypeName.LONG, "limitMicros")
				.addJavadoc("Runs until the firmware has written the FETs of {@code mask} off ({@code PackState.fetMask});"
						+ " the time it took, or -1\npast {@code limitMicros}.\n")
				.beginControlFlow("for (long elapsed = STEP_US; elapsed <= limitMicros; elapsed += STEP_US)")
				.addStatement("pack.board().advance(STEP_US)")
				.beginControlFlow("if ((pack.stm32().state().fetMask & mask) == 0)").addStatement("return elapsed")
				.endControlFlow().endControlFlow().addStatement("return -1").build());
		if (pack.log() != null) {
			ClassName flashLog = HarnessSources.stm32(pack, "FlashLog");
			type.addMethod(MethodSpec.methodBuilder("eventLogged").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
					.returns(TypeName.BOOLEAN).addParameter(simulatedPack, "pack").addParameter(TypeName.INT, "code")
					.addParameter(TypeName.INT, "eventsBefore").addParameter(TypeName.LONG, "limitMicros")
					.addJavadoc("Whether an event record of {@code code} is committed within {@code limitMicros}, among"
							+ " those after {@code eventsBefore}.\n")
					.addStatement("byte[] record = new byte[$T.EVENTS_RECORD_BYTES]", flashLog)
					.beginControlFlow("for (long elapsed = 0; elapsed <= limitMicros; elapsed += STEP_US)")
					.addStatement("int fresh = pack.stm32().log().committedEvents() - eventsBefore")
					.beginControlFlow("for (int i = 0; i < fresh; i++)")
					.addComment("BUSY while the log writes: tried again after the next step")
					.beginControlFlow("if (pack.stm32().log().readRecord($T.AREA_EVENTS, i, record) == $T.OK"
							+ " && (record[$T.OFFSET_CODE] & 0xFF) == code)", flashLog, STATUS, flashLog)
					.addStatement("return true").endControlFlow().endControlFlow()
					.addStatement("pack.board().advance(STEP_US)").endControlFlow()
					.addStatement("return false").build());
		}
		ProtectionIr dischargeOpener = opener(pack, Watched.DISCHARGE_CURRENT);
		if (dischargeOpener != null) {
			type.addMethod(weldedFet(pack, stuck, dischargeOpener, true, table));
		}
		ProtectionIr chargeOpener = opener(pack, Watched.CHARGE_CURRENT);
		if (chargeOpener != null) {
			type.addMethod(weldedFet(pack, stuck, chargeOpener, false, table));
		}
		type.addMethod(healthyCurrents(pack, stuck));
	}

	/**
	 * The row of the lowest level among those that watch {@code current} and open the FET of its direction: the
	 * current that certainly makes the firmware open that FET. Null when the pack has none.
	 */
	private static ProtectionIr opener(PackIr pack, Watched current) {
		ProtectionIr best = null;
		for (ProtectionIr protection : pack.protections()) {
			boolean opens = current == Watched.DISCHARGE_CURRENT ? protection.opensDischargeFet()
					: protection.opensChargeFet();
			if (protection.watched() == current && protection.trip() != null && opens
					&& protection.severity() != Severity.WARNING
					&& (best == null || protection.trip().level().value() < best.trip().level().value())) {
				best = protection;
			}
		}
		return best;
	}

	/** 1.1 x a current row's level, in A, positive into the pack. */
	private static double provokingAmps(ProtectionIr opener, boolean discharge) {
		double amps = Math.round(1.1 * opener.trip().level().value()) / 1000.0;
		return discharge ? -amps : amps;
	}

	private static MethodSpec weldedFet(PackIr pack, ProtectionIr stuck, ProtectionIr opener, boolean discharge,
			ClassName table) {
		String fet = discharge ? "discharge" : "charge";
		String fetConstant = discharge ? "FET_DISCHARGE" : "FET_CHARGE";
		double amps = provokingAmps(opener, discharge);
		long levelMa = stuck.trip().level().value();
		ClassName coverage = HarnessSources.harness(pack, ModelCoverageEmitter.TYPE_NAME);
		MethodSpec.Builder method = MethodSpec.methodBuilder(stuck.name() + "_welded" + (discharge ? "Dsg" : "Chg")
				+ "_faultWithinItsDelay_fetsOpen_logged_machineInFault")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The $L FET welded closed, then $L A $L (1.1 x $L, $L): the firmware opens the $L FET, the"
						+ " current goes on\nthrough the welded one, and $L is raised its delay after the FET counts as"
						+ " held open (from the second\nevaluation after the write), at most one period later; both"
						+ " FETs open, the trip logged, the machines in their fault\nstate. The firmware cannot stop the"
						+ " current: the plant still carries it.\nModel: $L (the stuck-FET row), $L (what opens the"
						+ " FET).\n", fet, Math.abs(amps), discharge ? "out of the pack" : "into the pack",
						opener.name(), opener.trace(), fet, title(stuck), stuck.trace(), opener.trace())
				.addStatement("var pack = settled()");
		if (pack.log() != null) {
			method.addStatement("int eventsBefore = pack.stm32().log().committedEvents()");
		}
		method.addStatement("pack.board().plant().setFetStuckClosed($L, $L)", !discharge, discharge)
				.addStatement("pack.board().setLoad($T.constantCurrent($L))", PACK_LOAD, amps)
				.addStatement("long opened = untilFetsCommandedOff(pack, $T.$L, $LL + 8 * PERIOD_US)", table, fetConstant,
						opener.delayUs())
				.addStatement("assertTrue(opened > 0, $S)", opener.name() + " never made the firmware open the " + fet
						+ " FET")
				.addStatement("assertEquals(0, pack.stm32().state().faultWord & (1 << $L), $S)", stuck.index(),
						stuck.name() + " raised before the FET was held open")
				.addStatement("long took = untilFault(pack, 1 << $L, $LL + 4 * PERIOD_US)", stuck.index(), stuck.delayUs())
				.addStatement("assertTrue(took > 0, $S)", stuck.name() + " not raised with the welded " + fet + " FET")
				.addComment("written off at the tick 'opened' saw; the next reading's 250 ms window began before the write,"
						+ " so the FET")
				.addComment("counts as held open from the second evaluation after it, one period after the first")
				.addStatement("long heldUs = took - 2 * PERIOD_US")
				.addStatement("assertTrue(heldUs >= $LL, \"$L raised before its delay: \" + heldUs + \" us held open\")",
						stuck.delayUs(), stuck.name())
				.addStatement("assertTrue(heldUs < $LL + PERIOD_US, \"$L raised after \" + heldUs + \" us held open\")",
						stuck.delayUs(), stuck.name())
				.addStatement("assertEquals(0, pack.stm32().state().fetMask, $S)", "both FETs commanded open")
				.addStatement("assertFalse(pack.board().afe().chargeFetOn() || pack.board().afe().dischargeFetOn(), $S)",
						"both FETs switched open in the chip (SYS_CTRL2)")
				.addStatement("assertTrue($Lpack.board().plant().packAmps() > $L, $S)", discharge ? "-" : "",
						levelMa / 1000.0, "the welded FET conducts on: the firmware cannot stop the current");
		for (StateMachineIr machine : pack.stateMachines()) {
			if (machine.faultReaction() == null) {
				continue;
			}
			StateMachineIr.State target = machine.states().get(machine.faultReaction().target());
			method.addStatement("assertEquals($T.$L, pack.stm32().$L().state(), $S)",
					HarnessSources.stm32(pack, StateMachineEmitter.typeName(machine)),
					StateMachineEmitter.stateConstant(target), Stm32FirmwareEmitter.machineField(machine),
					"machine " + machine.name() + " in " + target.name() + ", where its fault reaction leads ("
							+ machine.faultReaction().trace() + ")");
		}
		if (pack.log() != null) {
			method.addStatement("assertTrue(eventLogged(pack, $T.PROTECTION_EVENT_BASE + $L, eventsBefore, 2_000_000L),"
					+ " $S)", HarnessSources.stm32(pack, Stm32FirmwareEmitter.TYPE_NAME), stuck.index(),
					"the trip of " + stuck.name() + " in the event log");
		}
		if (stuck.recovery() == ProtectionIr.Recovery.LATCH || stuck.severity() == Severity.PERMANENT) {
			method.addComment("a welded FET does not heal, and the latched fault does not go with the current")
					.addStatement("pack.board().setLoad($T.constantCurrent(0))", PACK_LOAD)
					.addStatement("pack.advanceSeconds(2)")
					.addStatement("assertTrue((pack.stm32().state().faultWord & (1 << $L)) != 0, $S)", stuck.index(),
							stuck.name() + " still raised with the current gone");
		}
		method.addStatement("$T.exercised($T.PROTECTIONS_TRIPPED, $S)", coverage, coverage,
						ModelCoverageEmitter.protection(stuck));
		return method.build();
	}

	/** The weld with the FETs closed and ordinary currents both ways: nothing to see, nothing raised. */
	private static MethodSpec healthyCurrents(PackIr pack, ProtectionIr stuck) {
		long levelMa = stuck.trip().level().value();
		double dischargeA = ordinaryAmps(pack, Watched.DISCHARGE_CURRENT, levelMa);
		double chargeA = ordinaryAmps(pack, Watched.CHARGE_CURRENT, levelMa);
		return MethodSpec.methodBuilder(stuck.name() + "_ordinaryCurrentsWithTheFetsClosed_raiseNothing")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The DSG welded but commanded on as well: $L A out of and $L A into the pack (well past the"
						+ " $L mA level,\nhalf the lowest current protection at most) for the delay and two more"
						+ " seconds each: no fault at all.\nModel: $L.\n", dischargeA, chargeA, levelMa, stuck.trace())
				.addStatement("var pack = settled()")
				.addStatement("pack.board().plant().setFetStuckClosed(false, true)")
				.addStatement("pack.board().setLoad($T.constantCurrent($L))", PACK_LOAD, -dischargeA)
				.addStatement("pack.board().advance($LL + 2_000_000L)", stuck.delayUs())
				.addStatement("assertTrue(pack.stm32().state().packMa < -$L, $S)", levelMa, "the discharge is read")
				.addStatement("assertEquals(0, pack.stm32().state().faultWord, $S)", "a discharge with the FETs closed")
				.addStatement("pack.board().setLoad($T.constantCurrent($L))", PACK_LOAD, chargeA)
				.addStatement("pack.board().advance($LL + 2_000_000L)", stuck.delayUs())
				.addStatement("assertTrue(pack.stm32().state().packMa > $L, $S)", levelMa, "the charge is read")
				.addStatement("assertEquals(0, pack.stm32().state().faultWord, $S)", "a charge with the FETs closed")
				.build();
	}

	/** 20 x the stuck-FET level, at most half the lowest current protection of that direction, in A. */
	private static double ordinaryAmps(PackIr pack, Watched current, long levelMa) {
		long ma = 20 * levelMa;
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == current && protection.trip() != null) {
				ma = Math.min(ma, protection.trip().level().value() / 2);
			}
		}
		return ma / 1000.0;
	}
}
