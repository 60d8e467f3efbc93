package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code ProtectionMonitor.java}: every protection of the pack, evaluated once per control period over the rows of
 * {@code ProtectionTable} (no per-protection code: the table is the model, the monitor the one interpretation of
 * {@link ProtectionIr}'s semantics). What it does per row:
 * <ul>
 * <li>the trip condition (value strictly beyond the trip level, the charge temperature limits only while charging)
 * is counted over consecutive ticks and trips on the tick where the count exceeds DELAY_PERIODS; a row the AFE
 * enforces also trips as soon as its SYS_STAT bit is set (the chip applied its own delay);</li>
 * <li>communication loss counts the periods in a row without an answer and trips once they cover the delay;</li>
 * <li>the warning level, counted with the same delay, sets the row's warning bit until the value is back;</li>
 * <li>recovery as modelled: past the release level (or back inside the trip level when none is written), by itself
 * after RECOVER_AFTER_PERIODS more periods for AFTER_TIME, only by clear-faults for LATCH, never for PERMANENT; a
 * recovering AFE row asks for its SYS_STAT bit to be cleared (write 1 to clear, DS 8.5);</li>
 * <li>a period whose reading failed ({@code measurementsValid} false) holds every measured row where it is;</li>
 * <li>a stuck-FET row (fet plausibility) watches the current in the direction a FET blocks that the firmware has
 * commanded off at this and the previous evaluation ({@code PackState.fetMask}, what was last written to the AFE):
 * the coulomb counter's reading that ends after the FET was opened integrated over a window that began before,
 * so a healthy FET's last current is not taken for a welded one.</li>
 * </ul>
 */
public final class ProtectionMonitorEmitter {

	public static final String TYPE_NAME = "ProtectionMonitor";

	public GeneratedSource emit(PackIr pack) {
		String packageName = FirmwarePackage.of(pack, FirmwareImage.STM32);
		ClassName table = ClassName.get(packageName, ProtectionTableEmitter.TYPE_NAME);
		ClassName state = ClassName.get(packageName, PackStateEmitter.TYPE_NAME);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The protections of pack $L, evaluated once per control period of $L ms over the rows of"
						+ " {@link $T}:\ndelays, release hysteresis, recovery, latching and severity; which FETs they"
						+ " forbid; which SYS_STAT bits\nare due to be cleared. Allocation-free after construction.\n"
						+ "<p>\nCall {@link #evaluate} once per tick after the AFE reading, then clear the bits"
						+ " {@link #afeStatusToClear()}\nnames in the same tick: a bit the monitor asked to clear is"
						+ " ignored in the next evaluation, so a bit still\nset after that is a new trip.\n$L\n",
						pack.name(), pack.control().periodMs(), table, SourceFiles.traceLine(pack.trace()));
		fields(type, table);
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("A monitor with no protection tripped.\n").build());
		type.addMethod(evaluate(table, state));
		type.addMethod(evaluateLevel(table, state));
		type.addMethod(evaluateSilence(table));
		type.addMethod(recover(table));
		type.addMethod(trip(table));
		type.addMethod(release(table));
		type.addMethod(watchedValue(table, state));
		type.addMethod(currentThroughOpenFet(table));
		type.addMethod(beyond(table));
		type.addMethod(released(table));
		type.addMethod(publish(table));
		type.addMethod(clearFaults(table));
		type.addMethod(getter(TypeName.INT, "afeStatusToClear", "afeStatusToClear | afeStatusClearRequested",
				"The SYS_STAT bits whose recovery is due (write 1 to clear, DS 8.5): from the last evaluation and from"
						+ " clearFaults since."));
		type.addMethod(getter(TypeName.BOOLEAN, "chargeAllowed", "chargeAllowed",
				"False while a tripped row of severity fault or permanent forbids the charge FET."));
		type.addMethod(getter(TypeName.BOOLEAN, "dischargeAllowed", "dischargeAllowed",
				"False while a tripped row of severity fault or permanent forbids the discharge FET."));
		type.addMethod(getter(TypeName.INT, "newlyTripped", "newlyTripped",
				"The fault bits that tripped in the last evaluation (the event log)."));
		type.addMethod(getter(TypeName.INT, "faultWord", "faultWord", "Tripped rows, bit = protection index."));
		type.addMethod(getter(TypeName.INT, "warningWord", "warningWord",
				"Rows past their warning level for their delay, bit = protection index."));
		type.addMethod(getter(TypeName.INT, "highestSeverity", "highestSeverity",
				"The highest severity active (ProtectionTable.SEVERITY_*; a warning level counts as a warning), -1"
						+ " when none."));
		return SourceFiles.file(pack, "Protection monitor", type.build());
	}

	private static void fields(TypeSpec.Builder type, ClassName table) {
		TypeName ints = ArrayTypeName.of(TypeName.INT);
		type.addField(FieldSpec.builder(ints, "tripPeriods", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new int[$T.COUNT]", table)
				.addJavadoc("Consecutive ticks each row's trip condition has held (the AFE's silence for communication"
						+ " loss), at most DELAY_PERIODS + 1.\n").build());
		type.addField(FieldSpec.builder(ints, "warningPeriods", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new int[$T.COUNT]", table)
				.addJavadoc("Consecutive ticks each row's warning condition has held, at most DELAY_PERIODS + 1.\n")
				.build());
		type.addField(FieldSpec.builder(ints, "recoveryPeriods", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new int[$T.COUNT]", table)
				.addJavadoc("Consecutive ticks a tripped AFTER_TIME row's condition has been gone.\n").build());
		privateInt(type, "faultWord", "0", "Tripped rows.");
		privateInt(type, "warningWord", "0", "Rows past their warning level.");
		privateInt(type, "conditionGoneWord", "0", "Rows whose condition was gone at the last good evaluation: what"
				+ " clear-faults may clear.");
		privateInt(type, "newlyTripped", "0", "Rows tripped in the last evaluation.");
		privateInt(type, "highestSeverity", "-1", "See highestSeverity().");
		privateInt(type, "afeStatusToClear", "0", "SYS_STAT bits whose recovery was due in the last evaluation.");
		privateInt(type, "afeStatusClearRequested", "0", "SYS_STAT bits of rows clear-faults cleared since the last"
				+ " evaluation.");
		privateInt(type, "previousFetMask", "0", "PackState.fetMask at the last evaluation (FETs on, as last written):"
				+ " a FET is held open when it was\noff then and is off now. 0 at start: the firmware switches no FET on"
				+ " before its first evaluation.");
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "chargeAllowed", Modifier.PRIVATE).initializer("true")
				.addJavadoc("See chargeAllowed().\n").build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "dischargeAllowed", Modifier.PRIVATE).initializer("true")
				.addJavadoc("See dischargeAllowed().\n").build());
	}

	private static void privateInt(TypeSpec.Builder type, String name, String initial, String javadoc) {
		type.addField(FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE).initializer(initial)
				.addJavadoc("$L\n", javadoc).build());
	}

	private static MethodSpec evaluate(ClassName table, ClassName state) {
		return MethodSpec.methodBuilder("evaluate").addModifiers(Modifier.PUBLIC)
				.addJavadoc("One control period: every row, then faultWord, warningWord and highestSeverity into the"
						+ " state.\n@param state this period's readings, derived values included\n"
						+ "@param consecutiveAfeFailures the AFE's failures in a row: failed transfers, or a start-up that did not"
						+ " verify\n       (Stm32Firmware counts an unconfigured AFE as at least one); 0 while it answers"
						+ " and is configured\n")
				.addParameter(state, "state").addParameter(TypeName.INT, "consecutiveAfeFailures")
				.addComment("Bits cleared by clear-faults since the last evaluation are still set in this reading:")
				.addComment("the driver clears them right after this call, so they are not a new trip.")
				.addStatement("int clearing = afeStatusClearRequested")
				.addStatement("afeStatusClearRequested = 0")
				.addStatement("afeStatusToClear = clearing")
				.addStatement("int afeStatus = state.afeStatus & ~clearing")
				.addStatement("boolean charging = state.packMa > $T.REST_CURRENT_MA", state)
				.addComment("stuck FET: a FET written off counts as held open from the second evaluation after the write;"
						+ " the first")
				.addComment("reading after it is a coulomb-counter window of 250 ms that began before it (DS 8.3.1.1.3)")
				.addStatement("int heldOpen = ~state.fetMask & ~previousFetMask & ($T.FET_CHARGE | $T.FET_DISCHARGE)",
						table, table)
				.addStatement("previousFetMask = state.fetMask")
				.addStatement("newlyTripped = 0")
				.beginControlFlow("for (int row = 0; row < $T.COUNT; row++)", table)
				.beginControlFlow("if ($T.WATCHED[row] == $T.WATCHED_AFE_SILENCE)", table, table)
				.addStatement("evaluateSilence(row, consecutiveAfeFailures > 0)")
				.nextControlFlow("else if (state.measurementsValid)")
				.addStatement("evaluateLevel(row, watchedValue(state, $T.WATCHED[row], heldOpen), charging, afeStatus)",
						table)
				.nextControlFlow("else")
				.addComment("a failed reading says nothing: hold the counters; clear-faults waits for a good one")
				.addStatement("conditionGoneWord &= ~(1 << $T.FAULT_BIT[row])", table)
				.endControlFlow()
				.endControlFlow()
				.addStatement("publish()")
				.addStatement("state.faultWord = faultWord")
				.addStatement("state.warningWord = warningWord")
				.addStatement("state.highestSeverity = highestSeverity")
				.build();
	}

	private static MethodSpec evaluateLevel(ClassName table, ClassName state) {
		return MethodSpec.methodBuilder("evaluateLevel").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "row").addParameter(TypeName.INT, "value")
				.addParameter(TypeName.BOOLEAN, "charging").addParameter(TypeName.INT, "afeStatus")
				.addStatement("int bit = 1 << $T.FAULT_BIT[row]", table)
				.addStatement("int delay = $T.DELAY_PERIODS[row]", table)
				.addComment("charge temperature limits count only while charging; they release on the level alone")
				.addStatement("boolean applies = charging || !$T.ONLY_WHILE_CHARGING[row]", table)
				.addStatement("boolean beyondTrip = beyond(row, value, $T.TRIP_LEVEL[row])", table)
				.addStatement("boolean gone = $T.HAS_RELEASE[row] ? released(row, value) : !beyondTrip", table)
				.beginControlFlow("if (gone)")
				.addStatement("conditionGoneWord |= bit")
				.nextControlFlow("else")
				.addStatement("conditionGoneWord &= ~bit")
				.endControlFlow()
				.beginControlFlow("if ($T.HAS_WARNING[row] && applies && beyond(row, value, $T.WARNING_LEVEL[row]))",
						table, table)
				.beginControlFlow("if (warningPeriods[row] <= delay)")
				.addStatement("warningPeriods[row]++")
				.endControlFlow()
				.beginControlFlow("if (warningPeriods[row] > delay)")
				.addStatement("warningWord |= bit")
				.endControlFlow()
				.nextControlFlow("else")
				.addStatement("warningPeriods[row] = 0")
				.addStatement("warningWord &= ~bit")
				.endControlFlow()
				.beginControlFlow("if ((faultWord & bit) != 0)")
				.addStatement("recover(row, gone, afeStatus)")
				.addStatement("return")
				.endControlFlow()
				.beginControlFlow("if (applies && beyondTrip)")
				.beginControlFlow("if (tripPeriods[row] <= delay)")
				.addStatement("tripPeriods[row]++")
				.endControlFlow()
				.nextControlFlow("else")
				.addStatement("tripPeriods[row] = 0")
				.endControlFlow()
				.addComment("the AFE's comparator has applied its own programmed delay (PROTECT1..3, DS 8.5)")
				.beginControlFlow("if ((afeStatus & $T.AFE_STATUS_BIT[row]) != 0 || tripPeriods[row] > delay)", table)
				.addStatement("trip(row)")
				.endControlFlow()
				.build();
	}

	private static MethodSpec evaluateSilence(ClassName table) {
		return MethodSpec.methodBuilder("evaluateSilence").addModifiers(Modifier.PRIVATE)
				.addJavadoc("Communication loss: the delay is the time without an answer, so the row trips once the"
						+ " silent periods\ncover DELAY_PERIODS (the last answer came on the tick before the first"
						+ " silent one). An AFE that answers\nbut is not configured (its start-up did not verify) counts"
						+ " as silent: it neither measures nor guards at the\nmodel's levels.\n")
				.addParameter(TypeName.INT, "row").addParameter(TypeName.BOOLEAN, "silent")
				.addStatement("int bit = 1 << $T.FAULT_BIT[row]", table)
				.beginControlFlow("if (silent)")
				.beginControlFlow("if (tripPeriods[row] <= $T.DELAY_PERIODS[row])", table)
				.addStatement("tripPeriods[row]++")
				.endControlFlow()
				.addStatement("conditionGoneWord &= ~bit")
				.nextControlFlow("else")
				.addStatement("tripPeriods[row] = 0")
				.addStatement("conditionGoneWord |= bit")
				.endControlFlow()
				.beginControlFlow("if ((faultWord & bit) != 0)")
				.addStatement("recover(row, !silent, 0)")
				.nextControlFlow("else if (silent && tripPeriods[row] >= $T.DELAY_PERIODS[row])", table)
				.addStatement("trip(row)")
				.endControlFlow()
				.build();
	}

	private static MethodSpec recover(ClassName table) {
		return MethodSpec.methodBuilder("recover").addModifiers(Modifier.PRIVATE)
				.addJavadoc("A tripped row: clears by itself as its RECOVERY says; LATCH and PERMANENT rows wait for"
						+ " clearFaults.\n")
				.addParameter(TypeName.INT, "row").addParameter(TypeName.BOOLEAN, "gone")
				.addParameter(TypeName.INT, "afeStatus")
				.addStatement("boolean latched = $T.RECOVERY[row] == $T.RECOVERY_LATCH", table, table)
				.beginControlFlow("if (latched || $T.SEVERITY[row] == $T.SEVERITY_PERMANENT)", table, table)
				.addStatement("return")
				.endControlFlow()
				.beginControlFlow("if (!gone)")
				.addStatement("recoveryPeriods[row] = 0")
				.addStatement("return")
				.endControlFlow()
				.addComment("as the delay: clears on the tick where the periods without the condition exceed the time")
				.addStatement("boolean afterTime = $T.RECOVERY[row] == $T.RECOVERY_AFTER_TIME", table, table)
				.beginControlFlow("if (afterTime && recoveryPeriods[row] < $T.RECOVER_AFTER_PERIODS[row])", table)
				.addStatement("recoveryPeriods[row]++")
				.addStatement("return")
				.endControlFlow()
				.addStatement("release(row)")
				.addStatement("afeStatusToClear |= afeStatus & $T.AFE_STATUS_BIT[row]", table)
				.build();
	}

	private static MethodSpec trip(ClassName table) {
		return MethodSpec.methodBuilder("trip").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "row")
				.addStatement("int bit = 1 << $T.FAULT_BIT[row]", table)
				.addStatement("faultWord |= bit")
				.addStatement("newlyTripped |= bit")
				.addStatement("recoveryPeriods[row] = 0")
				.build();
	}

	private static MethodSpec release(ClassName table) {
		return MethodSpec.methodBuilder("release").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "row")
				.addStatement("faultWord &= ~(1 << $T.FAULT_BIT[row])", table)
				.addStatement("tripPeriods[row] = 0")
				.addStatement("recoveryPeriods[row] = 0")
				.build();
	}

	private static MethodSpec watchedValue(ClassName table, ClassName state) {
		return MethodSpec.methodBuilder("watchedValue").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addJavadoc("The value a row compares with its levels.\n@param heldOpen FETs commanded off at this and the"
						+ " previous evaluation (FET_CHARGE, FET_DISCHARGE)\n")
				.returns(TypeName.INT)
				.addParameter(state, "state").addParameter(TypeName.INT, "watched").addParameter(TypeName.INT, "heldOpen")
				.beginControlFlow("switch (watched)")
				.addCode("case $T.WATCHED_MAX_CELL:\n", table).addStatement("$>return state.maxCellMv$<")
				.addCode("case $T.WATCHED_MIN_CELL:\n", table).addStatement("$>return state.minCellMv$<")
				.addCode("case $T.WATCHED_CELL_DELTA:\n", table).addStatement("$>return state.cellDeltaMv$<")
				.addCode("case $T.WATCHED_PACK_VOLTAGE:\n", table).addStatement("$>return state.packMv$<")
				.addCode("case $T.WATCHED_CELL_SUM_PACK_DIFFERENCE:\n", table)
				.addStatement("$>return Math.abs(state.cellSumMv - state.packMv)$<")
				.addCode("case $T.WATCHED_CHARGE_CURRENT:\n", table).addStatement("$>return state.packMa$<")
				.addCode("case $T.WATCHED_DISCHARGE_CURRENT:\n", table).addStatement("$>return -state.packMa$<")
				.addCode("case $T.WATCHED_MAX_TEMPERATURE:\n", table)
				.addStatement("$>return state.maxTemperatureCentiDegC$<")
				.addCode("case $T.WATCHED_MIN_TEMPERATURE:\n", table)
				.addStatement("$>return state.minTemperatureCentiDegC$<")
				.addCode("case $T.WATCHED_CURRENT_THROUGH_OPEN_FET:\n", table)
				.addStatement("$>return currentThroughOpenFet(state.packMa, heldOpen)$<")
				.addCode("default:\n").addStatement("$>return 0$<")
				.endControlFlow()
				.build();
	}

	private static MethodSpec currentThroughOpenFet(ClassName table) {
		return MethodSpec.methodBuilder("currentThroughOpenFet").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addJavadoc("Current in the direction a held-open FET blocks, mA; 0 otherwise. Back-to-back FETs: an open"
						+ " DSG blocks discharge\nbut its body diode passes charge while CHG is on, an open CHG blocks"
						+ " charge but passes discharge; so\ndischarge through an open DSG, or charge through an open CHG,"
						+ " flows only through a FET welded closed.\n@param packMa the pack current, positive while"
						+ " charging\n@param heldOpen FET_CHARGE, FET_DISCHARGE held open\n")
				.returns(TypeName.INT)
				.addParameter(TypeName.INT, "packMa").addParameter(TypeName.INT, "heldOpen")
				.beginControlFlow("if (packMa < 0 && (heldOpen & $T.FET_DISCHARGE) != 0)", table)
				.addStatement("return -packMa")
				.endControlFlow()
				.beginControlFlow("if (packMa > 0 && (heldOpen & $T.FET_CHARGE) != 0)", table)
				.addStatement("return packMa")
				.endControlFlow()
				.addStatement("return 0")
				.build();
	}

	private static MethodSpec beyond(ClassName table) {
		return MethodSpec.methodBuilder("beyond").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addJavadoc("Strictly past a trip or warning level in the row's direction.\n")
				.returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "row").addParameter(TypeName.INT, "value").addParameter(TypeName.INT, "level")
				.addStatement("return $T.TRIP_DIRECTION[row] == $T.DIRECTION_ABOVE ? value > level : value < level",
						table, table)
				.build();
	}

	private static MethodSpec released(ClassName table) {
		return MethodSpec.methodBuilder("released").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addJavadoc("Strictly past the release level, back on the safe side.\n")
				.returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "row").addParameter(TypeName.INT, "value")
				.addStatement("int level = $T.RELEASE_LEVEL[row]", table)
				.addStatement("return $T.TRIP_DIRECTION[row] == $T.DIRECTION_ABOVE ? value < level : value > level",
						table, table)
				.build();
	}

	private static MethodSpec publish(ClassName table) {
		return MethodSpec.methodBuilder("publish").addModifiers(Modifier.PRIVATE)
				.addJavadoc("Severity and FET permissions from the tripped rows.\n")
				.addStatement("int severity = warningWord != 0 ? $T.SEVERITY_WARNING : -1", table)
				.addStatement("int forbidden = 0")
				.beginControlFlow("for (int row = 0; row < $T.COUNT; row++)", table)
				.beginControlFlow("if ((faultWord & (1 << $T.FAULT_BIT[row])) != 0)", table)
				.addStatement("severity = Math.max(severity, $T.SEVERITY[row])", table)
				.addStatement("forbidden |= $T.FORBIDDEN_FETS[row]", table)
				.endControlFlow()
				.endControlFlow()
				.addStatement("highestSeverity = severity")
				.addStatement("chargeAllowed = (forbidden & $T.FET_CHARGE) == 0", table)
				.addStatement("dischargeAllowed = (forbidden & $T.FET_DISCHARGE) == 0", table)
				.build();
	}

	private static MethodSpec clearFaults(ClassName table) {
		return MethodSpec.methodBuilder("clearFaults").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The clear-faults command: clears the tripped LATCH rows whose condition was gone at the"
						+ " last evaluation\n(never a PERMANENT row) and asks for their SYS_STAT bits to be cleared."
						+ " The state gets the new words at the\nnext evaluation; the accessors have them at once.\n"
						+ "@return the fault bits cleared\n")
				.addStatement("int cleared = 0")
				.beginControlFlow("for (int row = 0; row < $T.COUNT; row++)", table)
				.addStatement("int bit = 1 << $T.FAULT_BIT[row]", table)
				.addStatement("boolean latched = $T.RECOVERY[row] == $T.RECOVERY_LATCH", table, table)
				.addStatement("boolean permanent = $T.SEVERITY[row] == $T.SEVERITY_PERMANENT", table, table)
				.beginControlFlow("if ((faultWord & conditionGoneWord & bit) != 0 && latched && !permanent)")
				.addStatement("release(row)")
				.addStatement("afeStatusClearRequested |= $T.AFE_STATUS_BIT[row]", table)
				.addStatement("cleared |= bit")
				.endControlFlow()
				.endControlFlow()
				.addStatement("publish()")
				.addStatement("return cleared")
				.build();
	}

	private static MethodSpec getter(TypeName type, String name, String expression, String javadoc) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
				.addJavadoc("$L\n", javadoc).addStatement("return $L", expression).build();
	}
}
