package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ProtectionIr.Recovery;
import org.bmsgen.generator.ir.ProtectionIr.Severity;
import org.bmsgen.generator.ir.ProtectionIr.Watched;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code ProtectionHarnessTest.java}: every protection of the pack against the generated {@code ProtectionMonitor},
 * one control period at a time with a {@code PackState} filled by the test. Per protection: the trip level itself
 * (comparisons are strict) holds no fault however long; one unit past it trips no earlier than the modelled delay
 * and no later than the delay plus one control period (counted from the first tick that sees it); the FETs it
 * opens are forbidden; the warning level likewise; the release as modelled (release level with its hysteresis,
 * recovery time at its edge, latching with clear-faults, permanent rows held); an AFE row trips at once on its
 * SYS_STAT bit and asks for the bit to be cleared when it recovers. Every level, delay and bit is printed from the
 * IR as a literal, so a generated table that disagrees with the model fails here.
 */
public final class ProtectionHarnessEmitter {

	public static final String TYPE_NAME = "ProtectionHarnessTest";

	/** SYS_STAT bits of the BQ769x0 comparators (DS 8.5, SYS_STAT 0x00: OCD b0, SCD b1, OV b2, UV b3). */
	static int sysStatBit(ProtectionIr protection) {
		return switch (protection.name()) {
		case "dischargeOvercurrent" -> 0x01;
		case "dischargeShortCircuit" -> 0x02;
		case "cellOvervoltage" -> 0x04;
		case "cellUndervoltage" -> 0x08;
		default -> 0;
		};
	}

	public GeneratedSource emit(PackIr pack) {
		ClassName state = HarnessSources.stm32(pack, PackStateEmitter.TYPE_NAME);
		ClassName monitor = HarnessSources.stm32(pack, "ProtectionMonitor");
		ClassName table = HarnessSources.stm32(pack, ProtectionTableEmitter.TYPE_NAME);
		ClassName coverage = HarnessSources.harness(pack, ModelCoverageEmitter.TYPE_NAME);
		long periodUs = pack.control().periodMs() * 1000L;
		int cells = pack.cell().seriesCells();
		int temperatures = pack.afe() == null ? 0 : pack.afe().thermistors().size();
		int nominalCellMv = nominalCellMv(pack);
		int nominalTemperature = nominalTemperature(pack);
		int chargingMa = PackStateEmitter.restCurrentMa(pack) + 1;

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("The protections of pack $L against the generated ProtectionMonitor, one control period of"
						+ " $L ms a call.\nLevels, delays and bits are the model's, printed by the generator; a test"
						+ " method per protection and aspect.\n$L\n", pack.name(), pack.control().periodMs(),
						SourceFiles.traceLine(pack.trace()));
		type.addField(constant(TypeName.LONG, "PERIOD_US", periodUs + "L", "The control period.",
				pack.control().trace()));
		type.addField(constant(TypeName.INT, "NOMINAL_CELL_MV", Integer.toString(nominalCellMv), "A cell voltage"
				+ " inside every cell and pack voltage window of the model.", pack.cell().trace()));
		type.addField(constant(TypeName.INT, "NOMINAL_TEMPERATURE_CENTI_DEG_C", Integer.toString(nominalTemperature),
				"A temperature inside every temperature window of the model.", pack.trace()));
		type.addField(constant(TypeName.INT, "CHARGING_MA", Integer.toString(chargingMa), "The smallest current the"
				+ " firmware counts as charging (its rest band, C/50, plus 1 mA).", pack.cell().trace()));
		type.addField(FieldSpec.builder(state, "state", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", state).build());
		type.addField(FieldSpec.builder(monitor, "monitor", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", monitor).build());
		type.addField(FieldSpec.builder(TypeName.INT, "afeFailures", Modifier.PRIVATE).addJavadoc("The AFE"
				+ " driver's failed reads in a row, as the monitor is told.\n").build());

		// ---- helpers
		MethodSpec.Builder nominal = MethodSpec.methodBuilder("nominal").addModifiers(Modifier.PRIVATE)
				.addJavadoc("Every reading at the nominal point: no protection's condition holds.\n")
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.addStatement("state.cellMv[cell] = NOMINAL_CELL_MV").endControlFlow()
				.addStatement("state.packMv = $L * NOMINAL_CELL_MV", cells).addStatement("state.packMa = 0");
		if (temperatures > 0) {
			nominal.beginControlFlow("for (int input = 0; input < $L; input++)", temperatures)
					.addStatement("state.temperatureCentiDegC[input] = NOMINAL_TEMPERATURE_CENTI_DEG_C")
					.endControlFlow();
		}
		nominal.addComment("both FETs on, as in every state but a fault: no FET is held open")
				.addStatement("state.fetMask = $T.FET_CHARGE | $T.FET_DISCHARGE", table, table)
				.addStatement("state.afeStatus = 0").addStatement("state.measurementsValid = true")
				.addStatement("afeFailures = 0");
		type.addMethod(nominal.build());
		type.addMethod(MethodSpec.methodBuilder("evaluate").addModifiers(Modifier.PRIVATE)
				.addJavadoc("One control period: derived values, then the monitor.\n")
				.addStatement("state.updateDerived()").addStatement("monitor.evaluate(state, afeFailures)").build());
		type.addMethod(MethodSpec.methodBuilder("tripped").addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "index").addStatement("return (monitor.faultWord() & (1 << index)) != 0")
				.build());
		type.addMethod(MethodSpec.methodBuilder("warned").addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "index").addStatement("return (monitor.warningWord() & (1 << index)) != 0")
				.build());
		type.addMethod(watchedSetter(cells, temperatures, table));
		int opensCharge = 0;
		int opensDischarge = 0;
		for (ProtectionIr protection : pack.protections()) {
			opensCharge |= protection.opensChargeFet() ? 1 << protection.index() : 0;
			opensDischarge |= protection.opensDischargeFet() ? 1 << protection.index() : 0;
		}
		type.addField(constant(TypeName.INT, "ROWS_OPENING_CHARGE_FET", SourceFiles.hex(opensCharge), "The rows"
				+ " whose trip forbids the charge FET (severity fault or permanent, not discharge-only).",
				pack.trace()));
		type.addField(constant(TypeName.INT, "ROWS_OPENING_DISCHARGE_FET", SourceFiles.hex(opensDischarge), "The"
				+ " rows whose trip forbids the discharge FET (severity fault or permanent, not charge-only).",
				pack.trace()));
		type.addMethod(MethodSpec.methodBuilder("assertFetsAsTheTrippedRowsForbid").addModifiers(Modifier.PRIVATE)
				.addParameter(String.class, "when")
				.addJavadoc("Each FET allowed exactly when no tripped row forbids it: a charge-only fault leaves the"
						+ " discharge allowed,\nand the other way round.\n")
				.addStatement("assertEquals((monitor.faultWord() & ROWS_OPENING_CHARGE_FET) == 0,"
						+ " monitor.chargeAllowed(), when + $S)", ": the charge FET")
				.addStatement("assertEquals((monitor.faultWord() & ROWS_OPENING_DISCHARGE_FET) == 0,"
						+ " monitor.dischargeAllowed(), when + $S)", ": the discharge FET")
				.build());
		type.addMethod(MethodSpec.methodBuilder("coverageComplete").addModifiers(Modifier.STATIC)
				.addAnnotation(HarnessSources.AFTER_ALL).addException(ClassName.get("java.io", "IOException"))
				.addJavadoc("Every protection tripped and released (issue 5: the build fails below 100 %).\n")
				.addStatement("$T.assertComplete($T.PROTECTIONS_TRIPPED, $T.PROTECTIONS_RELEASED)", coverage,
						coverage, coverage).build());

		boolean onTheBoard = org.bmsgen.generator.harness.BoardSpec.of(pack) != null && pack.afe() != null;
		if (onTheBoard) {
			type.addMethod(MethodSpec.methodBuilder("afeComparatorsComplete").addModifiers(Modifier.STATIC)
					.addAnnotation(HarnessSources.AFTER_ALL).addException(ClassName.get("java.io", "IOException"))
					.addJavadoc("Every comparator the model gives the AFE tripped in the simulated chip.\n")
					.addStatement("$T.assertComplete($T.AFE_COMPARATORS)", coverage, coverage).build());
			for (ProtectionIr protection : pack.afeEnforced()) {
				MethodSpec board = AfeBoardHarness.test(pack, protection, coverage);
				if (board != null) {
					type.addMethod(board);
				}
			}
		}
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.AFE_SILENCE) {
				type.addMethod(silenceTrip(protection, coverage));
				type.addMethod(silenceRecovery(protection, coverage, pack));
				continue;
			}
			type.addMethod(levelTrip(protection, coverage, pack));
			if (protection.warning() != null) {
				type.addMethod(warning(protection, pack));
			}
			type.addMethod(release(protection, coverage, pack));
			if (sysStatBit(protection) != 0 && protection.enforcement() == ProtectionIr.Enforcement.AFE) {
				type.addMethod(afeStatusBit(protection, pack));
			}
			if (protection.watched() == Watched.CURRENT_THROUGH_OPEN_FET) {
				type.addMethod(stuckFetDirections(protection, table));
				type.addMethod(stuckFetJustOpened(protection, table));
			}
		}
		return HarnessSources.file(pack, "Protection harness", type.build());
	}

	private static FieldSpec constant(TypeName type, String name, String value, String javadoc,
			org.bmsgen.generator.ir.Trace trace) {
		return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("$L", value)
				.addJavadoc("$L\n$L\n", javadoc, SourceFiles.traceLine(trace)).build();
	}

	/** {@code set(watched, value, charging)}: the nominal point with one watched value moved. */
	private static MethodSpec watchedSetter(int cells, int temperatures, ClassName table) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("set").addModifiers(Modifier.PRIVATE)
				.addParameter(String.class, "watched").addParameter(TypeName.INT, "value")
				.addParameter(TypeName.BOOLEAN, "charging")
				.addJavadoc("The nominal point with the value a protection watches moved to {@code value} (cells and"
						+ " pack kept\nconsistent), charging at CHARGING_MA when asked.\n")
				.addStatement("nominal()").beginControlFlow("switch (watched)");
		method.addCode("case $S -> {\n$>", "MAX_CELL").addStatement("state.cellMv[$L] = value", cells - 1)
				.addStatement("state.packMv = $L * NOMINAL_CELL_MV + value", cells - 1).addCode("$<}\n");
		method.addCode("case $S -> {\n$>", "MIN_CELL").addStatement("state.cellMv[0] = value")
				.addStatement("state.packMv = $L * NOMINAL_CELL_MV + value", cells - 1).addCode("$<}\n");
		method.addCode("case $S -> {\n$>", "CELL_DELTA").addStatement("state.cellMv[0] = NOMINAL_CELL_MV - value / 2")
				.addStatement("state.cellMv[$L] = NOMINAL_CELL_MV + (value - value / 2)", cells - 1)
				.addStatement("state.packMv = $L * NOMINAL_CELL_MV", cells).addCode("$<}\n");
		method.addStatement("case $S -> state.packMv = value", "PACK_VOLTAGE");
		method.addStatement("case $S -> state.packMv = $L * NOMINAL_CELL_MV - value", "CELL_SUM_PACK_DIFFERENCE",
				cells);
		method.addStatement("case $S -> state.packMa = value", "CHARGE_CURRENT");
		method.addStatement("case $S -> state.packMa = -value", "DISCHARGE_CURRENT");
		// a welded DSG: discharge current while the firmware holds DSG open (CHG on); the other direction is
		// exercised by stuckFetDirections
		method.addCode("case $S -> {\n$>", "CURRENT_THROUGH_OPEN_FET")
				.addStatement("state.fetMask = $T.FET_CHARGE", table).addStatement("state.packMa = -value")
				.addCode("$<}\n");
		if (temperatures > 0) {
			method.addCode("case $S, $S -> {\n$>", "MAX_TEMPERATURE", "MIN_TEMPERATURE")
					.beginControlFlow("for (int input = 0; input < $L; input++)", temperatures)
					.addStatement("state.temperatureCentiDegC[input] = value").endControlFlow().addCode("$<}\n");
		}
		method.addStatement("default -> throw new $T(watched)", IllegalArgumentException.class).endControlFlow();
		method.beginControlFlow("if (charging)").addStatement("state.packMa = CHARGING_MA").endControlFlow();
		return method.build();
	}

	private static String camel(ProtectionIr protection) {
		return protection.name();
	}

	private static String header(ProtectionIr protection) {
		return "Model: " + protection.trace() + ": " + protection.subject() + " " + protection.kind() + " ("
				+ protection.enforcement().name().toLowerCase() + ", severity "
				+ protection.severity().name().toLowerCase() + ", recovery " + protection.recovery().name()
				.toLowerCase() + ").";
	}

	/** One unit past a level in the trip direction (+1 above, -1 below). */
	private static long outward(ProtectionIr protection, long level) {
		return protection.trip().direction() == Direction.ABOVE ? level + 1 : level - 1;
	}

	private static String call(ProtectionIr protection, long value) {
		return "set(\"" + protection.watched().name() + "\", " + value + ", " + protection.onlyWhileCharging() + ")";
	}

	private static MethodSpec levelTrip(ProtectionIr protection, ClassName coverage, PackIr pack) {
		long level = protection.trip().level().value();
		long limit = protection.delayPeriods() + 4;
		MethodSpec.Builder method = MethodSpec.methodBuilder(camel(protection) + "_tripsJustOutsideAfterItsDelay")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L at $L $L (strict), $L for $L us: the level itself never trips; one unit past it"
						+ " trips after the delay,\nat most one control period later, and forbids the FETs it"
						+ " opens.\n$L\n", protection.trip().direction() == Direction.ABOVE ? "Above" : "Below", level,
						protection.trip().level().unit(), protection.name(), protection.delayUs(),
						SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection));
		method.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", limit)
				.addStatement("$L", call(protection, level)).addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(),
						protection.name() + " tripped at its level itself (the comparison is strict), tick ")
				.endControlFlow();
		if (protection.onlyWhileCharging()) {
			method.addComment("a charge temperature limit holds only while charging: at rest it never trips")
					.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", limit)
					.addStatement("set($S, $L, false)", protection.watched().name(), outward(protection, level))
					.addStatement("evaluate()")
					.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(),
							protection.name() + " tripped at rest, tick ")
					.endControlFlow();
		}
		method.addStatement("int trippedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && trippedOnTick == 0; tick++)", limit)
				.addStatement("$L", call(protection, outward(protection, level))).addStatement("evaluate()")
				.beginControlFlow("if (tripped($L))", protection.index())
				.addStatement("trippedOnTick = tick")
				.addStatement("assertEquals(1 << $L, monitor.newlyTripped() & (1 << $L), $S)", protection.index(),
						protection.index(), "the event log's newly tripped bit")
				.endControlFlow().endControlFlow()
				.addStatement("assertTrue(trippedOnTick > 0, $S)", protection.name() + " never tripped one unit past "
						+ level)
				.addComment("the condition held (trippedOnTick - 1) periods before the first tick that saw it")
				.addStatement("long heldUs = (trippedOnTick - 1) * PERIOD_US")
				.addStatement("assertTrue(heldUs >= $LL, $S + heldUs)", protection.delayUs(),
						"tripped before the modelled delay of " + protection.delayUs() + " us: after ")
				.addStatement("assertTrue(heldUs < $LL + PERIOD_US, $S + heldUs)", protection.delayUs(),
						"tripped later than the delay plus one control period: after ");
		if (protection.opensChargeFet()) {
			method.addStatement("assertFalse(monitor.chargeAllowed(), $S)", "a tripped " + protection.name()
					+ " forbids the charge FET");
		}
		if (protection.opensDischargeFet()) {
			method.addStatement("assertFalse(monitor.dischargeAllowed(), $S)", "a tripped " + protection.name()
					+ " forbids the discharge FET");
		}
		// the FET no tripped row forbids stays allowed: a charge-only fault must not stop the discharge
		method.addStatement("assertFetsAsTheTrippedRowsForbid($S)", "with " + protection.name() + " tripped");
		if (protection.severity() == Severity.WARNING) {
			method.addStatement("assertEquals($L, monitor.highestSeverity(), $S)", Severity.WARNING.ordinal(),
					"a warning-severity row alone: severity warning (" + Severity.WARNING.ordinal() + ")");
		} else {
			method.addStatement("assertTrue(monitor.highestSeverity() >= $L, $S)", protection.severity().ordinal(),
					"severity " + protection.severity().name().toLowerCase() + " (" + protection.severity().ordinal()
							+ ") at least");
		}
		method.addStatement("assertEquals(monitor.faultWord(), state.faultWord, $S)", "the fault word in the state")
				.addStatement("$T.exercised($T.PROTECTIONS_TRIPPED, $S)", coverage, coverage,
						ModelCoverageEmitter.protection(protection));
		return method.build();
	}

	private static MethodSpec warning(ProtectionIr protection, PackIr pack) {
		long level = protection.warning().value();
		long limit = protection.delayPeriods() + 4;
		MethodSpec.Builder method = MethodSpec.methodBuilder(camel(protection) + "_warnsJustOutsideItsWarningLevel")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The warning level $L $L: the level itself never warns, one unit past it warns after the"
						+ " delay without a fault.\n$L\n", level, protection.warning().unit(),
						SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", limit)
				.addStatement("$L", call(protection, level)).addStatement("evaluate()")
				.addStatement("assertFalse(warned($L), $S + tick)", protection.index(), "warned at the warning level"
						+ " itself, tick ")
				.endControlFlow()
				.addStatement("int warnedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && warnedOnTick == 0; tick++)", limit)
				.addStatement("$L", call(protection, outward(protection, level))).addStatement("evaluate()")
				.beginControlFlow("if (warned($L))", protection.index()).addStatement("warnedOnTick = tick")
				.endControlFlow().endControlFlow()
				.addStatement("long heldUs = (warnedOnTick - 1) * PERIOD_US")
				.addStatement("assertTrue(warnedOnTick > 0 && heldUs >= $LL && heldUs < $LL + PERIOD_US, $S + heldUs)",
						protection.delayUs(), protection.delayUs(), "the warning after its delay: after ")
				.addStatement("assertFalse(tripped($L), $S)", protection.index(), "the warning level is inside the"
						+ " trip level: no fault")
				.addStatement("assertEquals($L, monitor.highestSeverity(), $S)", Severity.WARNING.ordinal(),
						"a warning level alone: severity warning (" + Severity.WARNING.ordinal() + ")")
				.addStatement("assertFetsAsTheTrippedRowsForbid($S)", "a warning level alone")
				.addStatement("assertEquals(monitor.warningWord(), state.warningWord, $S)", "the warning word in the"
						+ " state");
		return method.build();
	}

	private static void tripFirst(MethodSpec.Builder method, ProtectionIr protection) {
		long level = protection.trip().level().value();
		method.beginControlFlow("for (int tick = 1; tick <= $L && !tripped($L); tick++)", protection.delayPeriods() + 4,
				protection.index()).addStatement("$L", call(protection, outward(protection, level)))
				.addStatement("evaluate()").endControlFlow()
				.addStatement("assertTrue(tripped($L), $S)", protection.index(), protection.name() + " tripped first");
	}

	private static MethodSpec release(ProtectionIr protection, ClassName coverage, PackIr pack) {
		long level = protection.trip().level().value();
		boolean permanent = protection.severity() == Severity.PERMANENT;
		Recovery recovery = protection.recovery();
		String name = camel(protection) + (permanent ? "_staysLatchedThroughClearFaults"
				: switch (recovery) {
				case LATCH -> "_latchesUntilClearFaults";
				case AFTER_TIME -> "_recoversAfterItsTime";
				case RELEASE_LEVEL -> "_releasesPastItsReleaseLevel";
				case CONDITION_GONE -> "_releasesWhenItsConditionIsGone";
				});
		MethodSpec.Builder method = MethodSpec.methodBuilder(name).addAnnotation(HarnessSources.TEST)
				.addJavadoc("How $L clears, as modelled.\n$L\n", protection.name(),
						SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection));
		if (permanent || recovery == Recovery.LATCH) {
			// from a normal reading: the condition was gone before the trip, as in the field, so clear-faults
			// must see it come back rather than never having seen it gone
			method.addStatement("nominal()").addStatement("evaluate()")
					.addStatement("assertFalse(tripped($L), $S)", protection.index(), "no fault at the nominal point")
					.addStatement("assertEquals(-1, monitor.highestSeverity(), $S)", "nothing active: severity -1");
		}
		tripFirst(method, protection);
		// the value at which the condition counts as gone, and one unit further inside
		Long release = protection.release() == null ? null : protection.release().value();
		long holdTicks = Math.max(protection.recoverAfterPeriods(), protection.delayPeriods()) + 4;
		if (permanent || recovery == Recovery.LATCH) {
			method.addStatement("assertEquals(0, monitor.clearFaults() & (1 << $L), $S)", protection.index(),
					"clear-faults while the condition holds clears nothing")
					.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", holdTicks)
					.addStatement("nominal()").addStatement("evaluate()")
					.addStatement("assertTrue(tripped($L), $S + tick)", protection.index(), "latched: still tripped"
							+ " with the condition gone, tick ")
					.endControlFlow();
			if (permanent) {
				method.addStatement("assertEquals(0, monitor.clearFaults() & (1 << $L), $S)", protection.index(),
						"a permanent fault survives clear-faults")
						.addStatement("evaluate()")
						.addStatement("assertTrue(tripped($L), $S)", protection.index(), "permanent");
			} else {
				method.addComment("a failed reading says nothing about the condition: clear-faults waits for a good one")
						.addStatement("nominal()").addStatement("state.measurementsValid = false")
						.addStatement("evaluate()")
						.addStatement("assertEquals(0, monitor.clearFaults() & (1 << $L), $S)", protection.index(),
								"clear-faults right after a failed reading clears nothing")
						.addStatement("assertTrue(tripped($L), $S)", protection.index(), "still latched");
				ProtectionIr other = laterRowOnAnotherValue(pack, protection);
				if (other == null) {
					method.addStatement("nominal()").addStatement("evaluate()");
				} else {
					// another row's condition, evaluated after this row, must not take this row's "gone" with it
					method.addComment("$L's condition for one period (inside its delay); $L's own is still gone",
							other.name(), protection.name())
							.addStatement("$L", call(other, outward(other, other.trip().level().value())))
							.addStatement("evaluate()")
							.addStatement("assertFalse(tripped($L), $S)", other.index(), other.name() + " inside its"
									+ " delay");
				}
				method.addStatement("assertEquals(1 << $L, monitor.clearFaults() & (1 << $L), $S)", protection.index(),
						protection.index(), "clear-faults clears a latched fault whose condition is gone")
						.addStatement("assertFalse(tripped($L), $S)", protection.index(), "cleared at once")
						.addStatement("assertFetsAsTheTrippedRowsForbid($S)", "right after clear-faults, before the"
								+ " next evaluation")
						.addStatement("assertEquals(-1, monitor.highestSeverity(), $S)", "nothing active right after"
								+ " clear-faults");
				if (sysStatBit(protection) != 0 && protection.enforcement() == ProtectionIr.Enforcement.AFE) {
					method.addStatement("assertEquals($L, monitor.afeStatusToClear() & $L, $S)",
							SourceFiles.hex(sysStatBit(protection)), SourceFiles.hex(sysStatBit(protection)),
							"its SYS_STAT bit is to be cleared (DS 8.5: write 1 to clear)");
				}
			}
		} else if (recovery == Recovery.RELEASE_LEVEL || (recovery == Recovery.AFTER_TIME && release != null)) {
			long inside = protection.trip().direction() == Direction.ABOVE ? release - 1 : release + 1;
			method.addComment("hysteresis: at the release level itself ($L, strict) it stays tripped", release)
					.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", holdTicks)
					.addStatement("$L", call(protection, release)).addStatement("evaluate()")
					.addStatement("assertTrue(tripped($L), $S + tick)", protection.index(), "released at the release"
							+ " level itself, tick ")
					.endControlFlow();
			if (recovery == Recovery.RELEASE_LEVEL) {
				method.addStatement("$L", call(protection, inside)).addStatement("evaluate()")
						.addStatement("assertFalse(tripped($L), $S)", protection.index(), "released one unit past the"
								+ " release level " + release);
			} else {
				recoveryTiming(method, protection, call(protection, inside));
			}
		} else if (recovery == Recovery.AFTER_TIME) {
			recoveryTiming(method, protection, call(protection, level));
		} else {
			method.addComment("no release level: gone at the trip level itself (strict comparison)")
					.addStatement("$L", call(protection, level)).addStatement("evaluate()")
					.addStatement("assertFalse(tripped($L), $S)", protection.index(), "released at the trip level");
		}
		method.addStatement("$T.exercised($T.PROTECTIONS_RELEASED, $S)", coverage, coverage,
				ModelCoverageEmitter.release(protection));
		return method.build();
	}

	/**
	 * A level row evaluated after {@code latched} (higher index) on another value, whose condition one period long
	 * is inside its delay and leaves the latched row's condition gone; null when the model has none.
	 */
	private static ProtectionIr laterRowOnAnotherValue(PackIr pack, ProtectionIr latched) {
		for (ProtectionIr other : pack.protections()) {
			if (other.index() > latched.index() && other.watched() != Watched.AFE_SILENCE
					&& other.watched() != latched.watched() && other.trip() != null && other.delayPeriods() >= 1
					&& !(latched.watched() == Watched.MIN_CELL && other.watched() == Watched.CELL_DELTA)
					&& !(latched.watched() == Watched.MAX_CELL && other.watched() == Watched.CELL_DELTA)) {
				return other;
			}
		}
		return null;
	}

	/** Gone from now on: clears after the recovery time, at most one control period later. */
	private static void recoveryTiming(MethodSpec.Builder method, ProtectionIr protection, String gone) {
		method.addStatement("int releasedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && releasedOnTick == 0; tick++)",
						protection.recoverAfterPeriods() + 4)
				.addStatement("$L", gone).addStatement("evaluate()")
				.beginControlFlow("if (!tripped($L))", protection.index()).addStatement("releasedOnTick = tick")
				.endControlFlow().endControlFlow()
				.addStatement("assertTrue(releasedOnTick > 0, $S)", protection.name() + " never recovered")
				.addStatement("long goneUs = (releasedOnTick - 1) * PERIOD_US")
				.addStatement("assertTrue(goneUs >= $LL, $S + goneUs)", protection.recoverAfterMs() * 1000L,
						"recovered before " + protection.recoverAfterMs() + " ms: after ")
				.addStatement("assertTrue(goneUs < $LL + PERIOD_US, $S + goneUs)", protection.recoverAfterMs() * 1000L,
						"recovered later than the time plus one period: after ");
	}

	/**
	 * A stuck-FET row counts only current in the direction a FET the firmware holds open blocks: with back-to-back
	 * FETs an open DSG's body diode passes charge while CHG is on, and an open CHG's passes discharge.
	 */
	private static MethodSpec stuckFetDirections(ProtectionIr protection, ClassName table) {
		long level = protection.trip().level().value();
		long limit = protection.delayPeriods() + 4;
		long far = 10 * Math.max(level, 1);
		MethodSpec.Builder method = MethodSpec.methodBuilder(camel(protection) + "_countsOnlyTheDirectionAnOpenFetBlocks")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L: current the body diode of an open FET passes, or current with both FETs on, never"
						+ " trips however\nlarge; charge current through a held-open CHG trips after the delay like"
						+ " discharge through DSG.\n$L\n", protection.name(), SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", limit)
				.addStatement("nominal()").addStatement("state.fetMask = $T.FET_CHARGE", table)
				.addStatement("state.packMa = $L", far).addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(), "charge through the open DSG's"
						+ " body diode (CHG on) tripped, tick ")
				.addStatement("nominal()").addStatement("state.fetMask = $T.FET_DISCHARGE", table)
				.addStatement("state.packMa = -$L", far).addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(), "discharge through the open"
						+ " CHG's body diode (DSG on) tripped, tick ")
				.addStatement("nominal()").addStatement("state.packMa = -$L", far).addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(), "discharge with both FETs on"
						+ " tripped, tick ")
				.endControlFlow()
				.addComment("a welded CHG: charge current one unit past the level while CHG is held open")
				.addStatement("int trippedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && trippedOnTick == 0; tick++)", limit)
				.addStatement("nominal()").addStatement("state.fetMask = $T.FET_DISCHARGE", table)
				.addStatement("state.packMa = $L", level + 1).addStatement("evaluate()")
				.beginControlFlow("if (tripped($L))", protection.index()).addStatement("trippedOnTick = tick")
				.endControlFlow().endControlFlow()
				.addComment("CHG was on at the tick before the first one here: that tick does not count (see the next test)")
				.addStatement("long heldUs = (trippedOnTick - 2) * PERIOD_US")
				.addStatement("assertTrue(trippedOnTick > 1 && heldUs >= $LL && heldUs < $LL + PERIOD_US, $S + heldUs)",
						protection.delayUs(), protection.delayUs(), "charge through a held-open CHG: tripped after ")
				.addStatement("assertFalse(monitor.chargeAllowed() || monitor.dischargeAllowed(), $S)",
						"a welded FET opens both: the healthy one blocks the welded one's direction");
		return method.build();
	}

	/**
	 * The coulomb counter's reading that ends after a FET was opened integrated partly before: the first evaluation
	 * with the FET off does not count it as held open, so a healthy FET's last current is never a welded FET.
	 */
	private static MethodSpec stuckFetJustOpened(ProtectionIr protection, ClassName table) {
		long level = protection.trip().level().value();
		long limit = protection.delayPeriods() + 4;
		return MethodSpec.methodBuilder(camel(protection) + "_countsFromTheSecondPeriodAFetIsOpen")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L: the period in which the firmware opens DSG does not count; a healthy FET whose current"
						+ " stops at\nthe next reading never trips, a welded one trips one period after the delay.\n$L\n",
						protection.name(), SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.addStatement("nominal()").addStatement("state.packMa = -$L", level + 1).addStatement("evaluate()")
				.addComment("DSG opened: one stale reading of the old current, then none (a healthy FET), many times")
				.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", limit)
				.addStatement("nominal()").addStatement("state.packMa = -$L", level + 1).addStatement("evaluate()")
				.addStatement("nominal()").addStatement("state.fetMask = $T.FET_CHARGE", table)
				.addStatement("state.packMa = -$L", level + 1).addStatement("evaluate()")
				.addStatement("nominal()").addStatement("state.fetMask = $T.FET_CHARGE", table)
				.addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S + tick)", protection.index(), "a healthy FET's last reading"
						+ " tripped, round ")
				.endControlFlow()
				.addComment("FETs on, then DSG opened on a welded FET: the current goes on")
				.addStatement("nominal()").addStatement("evaluate()")
				.addStatement("int trippedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && trippedOnTick == 0; tick++)", limit)
				.addStatement("$L", call(protection, level + 1)).addStatement("evaluate()")
				.beginControlFlow("if (tripped($L))", protection.index()).addStatement("trippedOnTick = tick")
				.endControlFlow().endControlFlow()
				.addStatement("assertEquals($L, trippedOnTick, $S)", protection.delayPeriods() + 2, "the opening period"
						+ " plus the " + protection.delayPeriods() + " periods of the delay after the first held-open"
						+ " one")
				.build();
	}

	private static MethodSpec afeStatusBit(ProtectionIr protection, PackIr pack) {
		int bit = sysStatBit(protection);
		boolean recovers = protection.severity() != Severity.PERMANENT && protection.recovery() != Recovery.LATCH;
		MethodSpec.Builder method = MethodSpec.methodBuilder(camel(protection) + "_tripsAtOnceOnItsSysStatBit")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The AFE's comparator has applied its programmed delay: SYS_STAT $L (DS 8.5) trips $L in"
						+ " the same period,\nwhatever the firmware's own reading says.\n$L\n", SourceFiles.hex(bit),
						protection.name(), SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.addStatement("nominal()").addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L))", protection.index())
				.addStatement("nominal()").addStatement("state.afeStatus = $L", SourceFiles.hex(bit))
				.addStatement("evaluate()")
				.addStatement("assertTrue(tripped($L), $S)", protection.index(), "tripped on the SYS_STAT bit at once");
		if (recovers) {
			method.addComment("the chip keeps the bit until the host clears it: recovery is the firmware's reading")
					.addStatement("boolean askedToClear = false")
					.beginControlFlow("for (int tick = 1; tick <= $L && tripped($L); tick++)",
							protection.recoverAfterPeriods() + 4, protection.index())
					.addStatement("nominal()").addStatement("state.afeStatus = $L", SourceFiles.hex(bit))
					.addStatement("evaluate()")
					.addStatement("askedToClear = (monitor.afeStatusToClear() & $L) != 0", SourceFiles.hex(bit))
					.endControlFlow()
					.addStatement("assertFalse(tripped($L), $S)", protection.index(), "recovered")
					.addStatement("assertTrue(askedToClear, $S)", "the recovery asks for its SYS_STAT bit to be"
							+ " cleared")
					.addStatement("nominal()").addStatement("evaluate()")
					.addStatement("assertFalse(tripped($L), $S)", protection.index(), "the cleared bit is no new trip");
		}
		return method.build();
	}

	private static MethodSpec silenceTrip(ProtectionIr protection, ClassName coverage) {
		long limit = protection.delayPeriods() + 4;
		return MethodSpec.methodBuilder(camel(protection) + "_tripsAfterItsTimeWithoutAnAnswer")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L us without an answer from the AFE trips, no earlier, at most one period later; an"
						+ " answer before\nrestarts the count.\n$L\n", protection.delayUs(),
						SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.addComment("silent one period short of the trip, then an answer: no trip")
				.beginControlFlow("for (int tick = 1; tick < $L; tick++)", protection.delayPeriods())
				.addStatement("nominal()").addStatement("afeFailures = tick").addStatement("evaluate()")
				.endControlFlow()
				.addStatement("nominal()").addStatement("evaluate()")
				.addStatement("assertFalse(tripped($L), $S)", protection.index(), "an answer in time")
				.addStatement("int trippedOnTick = 0")
				.beginControlFlow("for (int tick = 1; tick <= $L && trippedOnTick == 0; tick++)", limit)
				.addStatement("nominal()").addStatement("afeFailures = tick").addStatement("state.measurementsValid ="
						+ " false").addStatement("evaluate()")
				.beginControlFlow("if (tripped($L))", protection.index()).addStatement("trippedOnTick = tick")
				.endControlFlow().endControlFlow()
				.addComment("the last answer came on the tick before the first silent one")
				.addStatement("long silentUs = trippedOnTick * PERIOD_US")
				.addStatement("assertTrue(trippedOnTick > 0 && silentUs >= $LL, $S + silentUs)", protection.delayUs(),
						"tripped before the modelled time: after ")
				.addStatement("assertTrue(silentUs < $LL + PERIOD_US, $S + silentUs)", protection.delayUs(),
						"tripped later than the time plus one period: after ")
				.addStatement("assertFalse(monitor.chargeAllowed() || monitor.dischargeAllowed(), $S)",
						"no FET while the AFE is silent")
				.addStatement("$T.exercised($T.PROTECTIONS_TRIPPED, $S)", coverage, coverage,
						ModelCoverageEmitter.protection(protection))
				.build();
	}

	private static MethodSpec silenceRecovery(ProtectionIr protection, ClassName coverage, PackIr pack) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(camel(protection) + "_clearsOnceTheAfeAnswers")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("How $L clears once the AFE answers again.\n$L\n", protection.name(),
						SourceFiles.traceLine(protection.trace()))
				.addComment("$L", header(protection))
				.beginControlFlow("for (int tick = 1; tick <= $L && !tripped($L); tick++)",
						protection.delayPeriods() + 4, protection.index())
				.addStatement("nominal()").addStatement("afeFailures = tick").addStatement("evaluate()")
				.endControlFlow().addStatement("assertTrue(tripped($L))", protection.index());
		boolean latched = protection.severity() == Severity.PERMANENT || protection.recovery() == Recovery.LATCH;
		if (latched) {
			method.beginControlFlow("for (int tick = 1; tick <= 8; tick++)").addStatement("nominal()")
					.addStatement("evaluate()").endControlFlow()
					.addStatement("assertTrue(tripped($L), $S)", protection.index(), "latched");
			if (protection.severity() != Severity.PERMANENT) {
				method.addStatement("monitor.clearFaults()").addStatement("assertFalse(tripped($L))",
						protection.index());
			}
		} else if (protection.recovery() == Recovery.AFTER_TIME) {
			recoveryTiming(method, protection, "nominal()");
		} else {
			method.addStatement("nominal()").addStatement("evaluate()")
					.addStatement("assertFalse(tripped($L), $S)", protection.index(), "released at the first answer");
		}
		method.addStatement("$T.exercised($T.PROTECTIONS_RELEASED, $S)", coverage, coverage,
				ModelCoverageEmitter.release(protection));
		return method.build();
	}

	// ------------------------------------------------------------------ the nominal point (test design)

	/**
	 * The cell voltage of the nominal point: the cell's nominal voltage when it lies strictly inside every cell
	 * and pack voltage level of the model (trip, release, warning), else the middle of that window.
	 */
	static int nominalCellMv(PackIr pack) {
		int cells = pack.cell().seriesCells();
		long low = Long.MIN_VALUE;
		long high = Long.MAX_VALUE;
		for (ProtectionIr protection : pack.protections()) {
			int divisor = switch (protection.watched()) {
			case MAX_CELL, MIN_CELL -> 1;
			case PACK_VOLTAGE -> cells;
			default -> 0;
			};
			if (divisor == 0 || protection.trip() == null) {
				continue;
			}
			List<Long> levels = new ArrayList<>();
			levels.add(protection.trip().level().value());
			if (protection.release() != null) {
				levels.add(protection.release().value());
			}
			if (protection.warning() != null) {
				levels.add(protection.warning().value());
			}
			for (long level : levels) {
				if (protection.trip().direction() == Direction.ABOVE) {
					high = Math.min(high, Math.floorDiv(level, divisor) - 1);
				} else {
					low = Math.max(low, Math.floorDiv(level + divisor - 1, divisor) + 1);
				}
			}
		}
		return (int) inside(pack.cell().nominalMv(), low, high);
	}

	/** 25 degC when inside every temperature level, else the middle of the window. */
	static int nominalTemperature(PackIr pack) {
		long low = Long.MIN_VALUE;
		long high = Long.MAX_VALUE;
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() != Watched.MAX_TEMPERATURE && protection.watched() != Watched.MIN_TEMPERATURE) {
				continue;
			}
			List<Long> levels = new ArrayList<>();
			levels.add(protection.trip().level().value());
			if (protection.release() != null) {
				levels.add(protection.release().value());
			}
			for (long level : levels) {
				if (protection.trip().direction() == Direction.ABOVE) {
					high = Math.min(high, level - 1);
				} else {
					low = Math.max(low, level + 1);
				}
			}
		}
		return (int) inside(2500, low, high);
	}

	private static long inside(long preferred, long low, long high) {
		if (preferred >= low && preferred <= high) {
			return preferred;
		}
		if (low == Long.MIN_VALUE) {
			return high;
		}
		if (high == Long.MAX_VALUE) {
			return low;
		}
		return low + (high - low) / 2;
	}
}
