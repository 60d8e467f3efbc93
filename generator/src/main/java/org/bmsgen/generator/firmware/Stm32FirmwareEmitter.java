package org.bmsgen.generator.firmware;

import java.util.List;
import java.util.Locale;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.StateMachineIr.Event;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code Stm32Firmware.java}: the STM32 image's entry point. It owns every part (allocated in its constructor),
 * starts them in order, and runs the control tick of docs/firmware.md on the tick source: watchdog, AFE reading,
 * protections, estimators, link commands, state machines, FETs, balancing, telemetry, flash log. It implements
 * {@code MachineActions}, so the state machines' actions land here, where the FET and balancing requests meet
 * what the protections allow. Parts the model does not have (no CAN messages, no radio, no log) are not emitted.
 */
public final class Stm32FirmwareEmitter {

	public static final String TYPE_NAME = "Stm32Firmware";

	private static final ClassName STATUS = ClassName.get("org.bmsgen.platform", "Status");
	private static final String PLATFORM = "org.bmsgen.platform";

	public GeneratedSource emit(PackIr pack) {
		String pkg = FirmwarePackage.of(pack, FirmwareImage.STM32);
		Parts parts = new Parts(pack, pkg);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addSuperinterface(ClassName.get(PLATFORM, "TickHandler"))
				.addSuperinterface(parts.actions)
				.addJavadoc("The firmware of pack $L's STM32: start-up, then one control tick every $L ms (docs/firmware.md,"
						+ " \"The control tick\"). Everything is allocated here, in the constructor; nothing after.\n$L\n",
						pack.name(), pack.control().periodMs(), SourceFiles.traceLine(pack.control().trace()));
		type.addField(SourceFiles.intConstant("CONTROL_PERIOD_MS", pack.control().periodMs(), "The control period every"
				+ " delay and timeout is counted in.", pack.control().trace()));
		type.addField(SourceFiles.intConstant("WATCHDOG_MS", pack.control().watchdogMs(), "The watchdog's timeout; 0:"
				+ " not modelled, not started.", pack.control().trace()));
		type.addField(SourceFiles.intConstant("PROTECTION_EVENT_BASE", 0x80, "Event log code of a protection that"
				+ " trips: this plus its index (codes below are the model's {@code log event} codes).", pack.trace()));
		if (parts.log != null && parts.driver != null) {
			type.addField(SourceFiles.intConstant("SHIP_MODE_LOG_WAIT_PERIODS", shipModeLogWaitPeriods(pack),
					"Periods ship mode waits at most for the flash log to commit what is queued (the state machine's"
							+ " own log event first): SHIP cuts the MCU's supply. Covers a full event queue, one record a"
							+ " period, and a sector erase (W25Q128JV tSE max 400 ms).", pack.control().trace()));
		}
		fields(type, pack, parts);
		type.addMethod(constructor(pack, parts));
		type.addMethod(start(pack, parts));
		type.addMethod(onTick(pack, parts));
		if (parts.driver != null) {
			type.addMethod(afeFailures());
		}
		type.addMethod(applyOutputs(pack, parts));
		if (restores(parts)) {
			type.addMethod(restoreFromLog(parts));
		}
		if (parts.driver != null) {
			type.addMethod(shipModeStep(pack, parts));
		}
		if (parts.link != null) {
			type.addMethod(handleCommand(pack, parts));
		}
		actions(type, pack, parts);
		accessors(type, pack, parts);
		return SourceFiles.file(pack, FirmwareImage.STM32, "STM32 firmware", type.build());
	}

	/** {@code FlashLog.QUEUE_DEPTH} (8) records and a history sample, one a period, plus one 400 ms sector erase. */
	static int shipModeLogWaitPeriods(PackIr pack) {
		int periodMs = pack.control().periodMs();
		return 8 + 1 + (400 + periodMs - 1) / periodMs + 1;
	}

	/** Whether a state machine of the pack has an action (the firmware then follows it, else the part's own rules). */
	static boolean anyMachineActs(PackIr pack, StateMachineIr.ActionCode code) {
		return pack.stateMachines().stream().flatMap(m -> m.states().stream())
				.flatMap(s -> java.util.stream.Stream.of(s.entry(), s.during(), s.exit()).flatMap(List::stream))
				.anyMatch(a -> a.code() == code);
	}

	/** The class names of the parts the pack has. */
	private static final class Parts {
		final ClassName state;
		final ClassName actions;
		final ClassName table;
		final ClassName driver;
		final ClassName monitor;
		final ClassName balancing;
		final ClassName soc;
		final ClassName soh;
		final ClassName limits;
		final ClassName can;
		final ClassName link;
		final ClassName linkFrames;
		final ClassName log;

		Parts(PackIr pack, String pkg) {
			state = ClassName.get(pkg, PackStateEmitter.TYPE_NAME);
			actions = ClassName.get(pkg, "MachineActions");
			table = ClassName.get(pkg, "ProtectionTable");
			driver = pack.afe() == null ? null : ClassName.get(pkg, AfeDriverEmitter.typeName(pack.afe()));
			monitor = ClassName.get(pkg, "ProtectionMonitor");
			balancing = pack.balancing() == null ? null : ClassName.get(pkg, "BalancingController");
			soc = pack.estimators().soc() == null ? null : ClassName.get(pkg, "SocEstimator");
			soh = pack.estimators().soh() == null ? null : ClassName.get(pkg, "SohEstimator");
			limits = pack.estimators().limits() == null ? null : ClassName.get(pkg, "CurrentLimits");
			can = pack.can() == null || pack.can().messages().isEmpty() ? null : ClassName.get(pkg, "CanTelemetry");
			link = pack.radio() == null ? null : ClassName.get(pkg, "LinkSender");
			linkFrames = pack.radio() == null ? null : ClassName.get(pkg, "LinkFrames");
			log = pack.log() == null ? null : ClassName.get(pkg, "FlashLog");
		}

		ClassName machine(StateMachineIr machine) {
			return ClassName.get(state.packageName(), StateMachineEmitter.typeName(machine));
		}
	}

	/** The firmware's field and accessor of a machine: {@code Control} -> {@code controlMachine}. */
	static String machineField(StateMachineIr machine) {
		return Character.toLowerCase(machine.name().charAt(0)) + machine.name().substring(1) + "Machine";
	}

	private static FieldSpec privateFinal(TypeName type, String name, String javadoc) {
		return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.FINAL).addJavadoc("$L\n", javadoc).build();
	}

	private static FieldSpec privateField(TypeName type, String name, String initializer, String javadoc) {
		FieldSpec.Builder field = FieldSpec.builder(type, name, Modifier.PRIVATE).addJavadoc("$L\n", javadoc);
		if (initializer != null) {
			field.initializer(initializer);
		}
		return field.build();
	}

	private static void fields(TypeSpec.Builder type, PackIr pack, Parts parts) {
		type.addField(privateFinal(ClassName.get(PLATFORM, "TickSource"), "ticks", "Drives the control tick."));
		type.addField(privateFinal(ClassName.get(PLATFORM, "Watchdog"), "watchdog", "Kicked once per tick."));
		type.addField(privateFinal(ClassName.get(PLATFORM, "MonotonicClock"), "clock", "Time of each reading."));
		type.addField(privateFinal(ClassName.get(PLATFORM, "ResetControl"), "reset", "Why the MCU started."));
		type.addField(privateFinal(parts.state, "state", "What the loop knows this period."));
		if (parts.driver != null) {
			type.addField(privateFinal(parts.driver, "afe", "The analog front end."));
		}
		type.addField(privateFinal(parts.monitor, "protections", "Firmware protections and the AFE's faults."));
		for (StateMachineIr machine : pack.stateMachines()) {
			type.addField(privateFinal(parts.machine(machine), machineField(machine), "State machine "
					+ machine.name() + ". " + SourceFiles.traceLine(machine.trace())));
		}
		if (parts.balancing != null) {
			type.addField(privateFinal(parts.balancing, "balancing", "Which cells bleed."));
		}
		if (parts.soc != null) {
			type.addField(privateFinal(parts.soc, "soc", "SoC per cell."));
		}
		if (parts.soh != null) {
			type.addField(privateFinal(parts.soh, "soh", "Capacity fade and resistance growth."));
		}
		if (parts.limits != null) {
			type.addField(privateFinal(parts.limits, "limits", "Charge and discharge current limits."));
		}
		if (parts.can != null) {
			type.addField(privateFinal(parts.can, "can", "The modelled CAN messages."));
		}
		if (parts.link != null) {
			type.addField(privateFinal(parts.link, "link", "The UART link to the ESP32."));
		}
		if (parts.log != null) {
			type.addField(privateFinal(parts.log, "log", "The event and history log in the NOR flash."));
		}
		type.addField(privateField(TypeName.BOOLEAN, "afeReady", null, "The AFE started and is configured."));
		type.addField(privateField(TypeName.BOOLEAN, "afeConfigurationRequested", null, "A state machine asked to"
				+ " configure the AFE and it has not answered yet: retried every tick."));
		if (parts.log != null) {
			type.addField(privateField(TypeName.BOOLEAN, "logStarted", null, "The flash log found its heads."));
		}
		if (restores(parts)) {
			type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "loggedRecord", Modifier.PRIVATE,
					Modifier.FINAL).initializer("new byte[$T.HISTORY_RECORD_BYTES > 0 ? $T.HISTORY_RECORD_BYTES : 1]",
							parts.log, parts.log)
					.addJavadoc("The newest history record, read once after a reset.\n").build());
			type.addField(privateField(TypeName.BOOLEAN, "socFromLog", null, "state.socBp holds the newest history"
					+ " record's SoC: the SoC filter starts from it when the model says {@code initial from flash}."));
		}
		type.addField(privateField(TypeName.BOOLEAN, "socStarted", null, "The SoC filter has its initial SoC (from"
				+ " the first complete reading)."));
		type.addField(privateField(TypeName.INT, "requestedFets", null, "FETs the state machines asked for"
				+ " (MachineActions.FET_*)."));
		type.addField(privateField(TypeName.INT, "appliedFets", "-1", "FETs last written to the AFE; -1: none yet."));
		if (anyMachineActs(pack, StateMachineIr.ActionCode.START_BALANCING)) {
			type.addField(privateField(TypeName.BOOLEAN, "balancingRequested", null, "A state machine started"
					+ " balancing."));
		} else {
			type.addField(privateField(TypeName.BOOLEAN, "balancingRequested", "true", "No state machine starts"
					+ " balancing: the balancing policy's own conditions alone decide; stop-balancing actions still"
					+ " stop it."));
		}
		type.addField(privateField(TypeName.BOOLEAN, "balancingEnabled", "true", "Balancing allowed by the"
				+ " balancing-on/off commands."));
		type.addField(privateField(TypeName.INT, "appliedBalancing", "-1", "Cell mask last written; -1: none yet."));
		if (parts.driver != null) {
			type.addField(privateField(TypeName.BOOLEAN, "shipModeRequested", null, "A state machine asked for ship"
					+ " mode: entered once the flash log has committed what is queued."));
		}
		if (parts.log != null && parts.driver != null) {
			type.addField(privateField(TypeName.INT, "shipModeWaitPeriods", null, "Periods ship mode has waited for"
					+ " the flash log."));
		}
		type.addField(privateField(TypeName.BOOLEAN, "shipModeEntered", null, "The AFE was told to enter ship"
				+ " mode: the board is about to lose power."));
		type.addField(privateField(TypeName.LONG, "ticksRun", null, "Control ticks run since start."));
	}

	private static MethodSpec constructor(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("Allocates every part of the firmware; nothing is allocated after this.\n")
				.addParameter(ClassName.get(PLATFORM, "I2cMaster"), "i2c")
				.addParameter(ClassName.get(PLATFORM, "SpiMaster"), "spi")
				.addParameter(ClassName.get(PLATFORM, "CanController"), "canController")
				.addParameter(ClassName.get(PLATFORM, "Uart"), "uart")
				.addParameter(ClassName.get(PLATFORM, "TickSource"), "ticks")
				.addParameter(ClassName.get(PLATFORM, "Watchdog"), "watchdog")
				.addParameter(ClassName.get(PLATFORM, "MonotonicClock"), "clock")
				.addParameter(ClassName.get(PLATFORM, "ResetControl"), "reset")
				.addStatement("this.ticks = ticks").addStatement("this.watchdog = watchdog")
				.addStatement("this.clock = clock").addStatement("this.reset = reset")
				.addStatement("this.state = new $T()", parts.state);
		if (parts.driver != null) {
			method.addStatement("this.afe = new $T(i2c)", parts.driver);
		}
		method.addStatement("this.protections = new $T()", parts.monitor);
		for (StateMachineIr machine : pack.stateMachines()) {
			method.addStatement("this.$N = new $T(this)", machineField(machine), parts.machine(machine));
		}
		if (parts.balancing != null) {
			method.addStatement("this.balancing = new $T()", parts.balancing);
		}
		if (parts.soc != null) {
			method.addStatement("this.soc = new $T()", parts.soc);
		}
		if (parts.soh != null) {
			method.addStatement("this.soh = new $T(this.soc)", parts.soh);
		}
		if (parts.limits != null) {
			// with the filters, the limits also keep the cells inside their voltage window (state of power)
			method.addStatement(parts.soc == null ? "this.limits = new $T()" : parts.soh == null
					? "this.limits = new $T(this.soc)" : "this.limits = new $T(this.soc, this.soh)", parts.limits);
		}
		if (parts.can != null) {
			method.addStatement("this.can = new $T(canController)", parts.can);
		}
		if (parts.link != null) {
			method.addStatement("this.link = new $T(uart)", parts.link);
		}
		if (parts.log != null) {
			method.addStatement("this.log = new $T(spi)", parts.log);
		}
		return method.build();
	}

	/** The firmware reads the newest history record at start: a flash log and a SoC filter to restore. */
	private static boolean restores(Parts parts) {
		return parts.log != null && parts.soc != null;
	}

	private static MethodSpec restoreFromLog(Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("restoreFromLog").addModifiers(Modifier.PRIVATE)
				.addJavadoc("After a reset, before the SoC filter starts: the newest history record's SoC (the filter"
						+ " starts from it when the model says\n{@code initial from flash}, else from the OCV of the"
						+ " first reading)" + (parts.soh != null ? " and the SoH it measured, which the estimator"
								+ " takes\nback at once" : "") + ". No record, or one taken before a valid reading:"
						+ " nothing is restored.\n");
		method.beginControlFlow("if (log.readNewest($T.AREA_HISTORY, loggedRecord) == $T.OK"
				+ " && $T.readEstimates(loggedRecord, state))", parts.log, STATUS, parts.log)
				.addStatement("socFromLog = true");
		if (parts.soh != null) {
			method.addStatement("soh.restore(state)");
		}
		return method.endControlFlow().build();
	}

	private static MethodSpec start(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT)
				.addJavadoc("Starts the parts in order (watchdog, flash log, AFE, first reading, SoC, state machines) and"
						+ " then the control tick. The AFE is configured by the state machines' action (and retried every tick"
						+ " until it answers: it boots about 10 ms after power-up), and the SoC filter starts from the first"
						+ " complete reading.\n@return the tick source's status; a part that fails to start is"
						+ " reported by the protections (AFE communication loss) and the log, not here\n");
		method.beginControlFlow("if (WATCHDOG_MS > 0)").addStatement("watchdog.start(WATCHDOG_MS)").endControlFlow();
		if (parts.log != null) {
			method.addStatement("logStarted = log.start() == $T.OK", STATUS);
			if (restores(parts)) {
				method.beginControlFlow("if (logStarted)").addStatement("restoreFromLog()").endControlFlow();
			}
		}
		method.addStatement("state.timeMicros = clock.nowMicros()");
		for (StateMachineIr machine : pack.stateMachines()) {
			method.addStatement("$N.start()", machineField(machine));
			method.addStatement("state.machineState[$L] = $N.state()", machine.index(), machineField(machine));
		}
		return method.addStatement("return ticks.start(CONTROL_PERIOD_MS * 1000L, this)").build();
	}

	private static MethodSpec onTick(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("onTick").addAnnotation(Override.class)
				.addModifiers(Modifier.PUBLIC).addParameter(TypeName.LONG, "tick").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("One control period, in the order of docs/firmware.md: every input is read before anything"
						+ " decides, and every decision is made before an output is written.\n");
		method.addStatement("ticksRun++").addStatement("watchdog.kick()");
		method.beginControlFlow("if (shipModeEntered)").addStatement("return").endControlFlow();
		if (parts.driver != null) {
			method.beginControlFlow("if (!afeReady && afeConfigurationRequested)").addStatement("configureAfe()")
					.endControlFlow();
			method.beginControlFlow("if (afeReady)").addStatement("afe.read(state)")
					.beginControlFlow("if ((state.afeStatus & $T.SYS_STAT_DEVICE_XREADY) != 0)",
							ClassName.get(parts.state.packageName(), "AfeConfiguration"))
					.addComment("the chip reset itself (an internal fault, DS 8.5 SYS_STAT): configure it again")
					.addStatement("configureAfe()").endControlFlow()
					.nextControlFlow("else")
					.addComment("not configured (booting, or a start() that failed): the last values are not this period's")
					.addStatement("state.measurementsValid = false").endControlFlow();
		}
		method.addStatement("state.timeMicros = nowMicros").addStatement("state.updateDerived()");
		method.addStatement("protections.evaluate(state, $L)", parts.driver != null ? "afeFailures()" : "0");
		if (parts.driver != null) {
			method.addStatement("int toClear = protections.afeStatusToClear()")
					.beginControlFlow("if (toClear != 0 && afe.clearStatus(toClear) == $T.OK)", STATUS)
					.addComment("a fault the AFE acted on opened its FETs: write them again")
					.addStatement("appliedFets = -1").endControlFlow();
		}
		if (parts.log != null) {
			method.addStatement("int tripped = protections.newlyTripped()")
					.beginControlFlow("for (int i = 0; i < $T.COUNT; i++)", parts.table)
					.beginControlFlow("if ((tripped & (1 << i)) != 0)")
					.addStatement("log.logEvent(PROTECTION_EVENT_BASE + i, state)").endControlFlow().endControlFlow();
		}
		if (parts.soc != null) {
			method.beginControlFlow("if (socStarted)").addStatement("soc.step(state)")
					.nextControlFlow("else if (state.measurementsValid)");
			if (restores(parts)) {
				method.beginControlFlow("if ($T.INITIAL_FROM_FLASH && socFromLog)", parts.soc)
						.addStatement("soc.startAt(state.socBp)").nextControlFlow("else")
						.addStatement("soc.start(state)").endControlFlow();
			} else {
				method.addStatement("soc.start(state)");
			}
			method.addStatement("socStarted = true").endControlFlow();
		}
		if (parts.soh != null) {
			method.addStatement("soh.step(state)");
		}
		if (parts.limits != null) {
			method.addStatement("limits.update(state)");
		}
		if (parts.link != null) {
			method.addComment("one command a period: each becomes a machine event, and a machine consumes every event of a"
					+ " tick whether it fires or not; the others wait in the UART's receive ring")
					.addStatement("int command = link.pollCommand()")
					.beginControlFlow("if (command >= 0)").addStatement("handleCommand(command)")
					.addComment("clear-faults changed the monitor's words: the machines see them in this tick")
					.addStatement("state.faultWord = protections.faultWord()")
					.addStatement("state.warningWord = protections.warningWord()")
					.addStatement("state.highestSeverity = protections.highestSeverity()").endControlFlow();
		}
		if (!pack.stateMachines().isEmpty()) {
			method.addStatement("int flags = 0")
					.beginControlFlow("if (state.packMa > $T.REST_CURRENT_MA)", parts.state)
					.addStatement("flags |= $T.FLAG_CHARGING", parts.actions).endControlFlow()
					.beginControlFlow("if (state.balancingMask != 0)")
					.addStatement("flags |= $T.FLAG_BALANCING", parts.actions).endControlFlow()
					.beginControlFlow("if (state.highestSeverity >= $T.SEVERITY_FAULT)", parts.table)
					.addStatement("flags |= $T.FLAG_FAULT_ACTIVE", parts.actions)
					.nextControlFlow("else")
					.addComment("faults-cleared is a condition, posted on every tick without an active fault, so that"
							+ " a transition on it with a timeout fires once the time has run")
					.addCode(postToAll(pack, parts, Event.FAULTS_CLEARED))
					.endControlFlow()
					.beginControlFlow("if (state.warningWord != 0)")
					.addStatement("flags |= $T.FLAG_WARNING_ACTIVE", parts.actions).endControlFlow();
			for (StateMachineIr machine : pack.stateMachines()) {
				method.addStatement("$N.tick(state, flags)", machineField(machine));
				method.addStatement("state.machineState[$L] = $N.state()", machine.index(), machineField(machine));
			}
		}
		method.addStatement("applyOutputs()");
		if (parts.can != null) {
			method.addStatement("can.tick(state)");
		}
		if (parts.link != null) {
			method.addStatement("link.tick(state)");
		}
		if (parts.log != null) {
			method.beginControlFlow("if (logStarted)").addStatement("log.tick(state)")
					.nextControlFlow("else")
					.addComment("the flash was busy at start (an MCU reset in the middle of an erase): scan again")
					.addStatement("logStarted = log.start() == $T.OK", STATUS);
			if (restores(parts)) {
				method.beginControlFlow("if (logStarted && !socStarted)").addStatement("restoreFromLog()")
						.endControlFlow();
			}
			method.endControlFlow();
		}
		if (parts.driver != null) {
			method.beginControlFlow("if (shipModeRequested)").addStatement("shipModeStep()").endControlFlow();
		}
		return method.build();
	}

	private static CodeBlock postToAll(PackIr pack, Parts parts, Event event) {
		CodeBlock.Builder code = CodeBlock.builder();
		for (StateMachineIr machine : pack.stateMachines()) {
			if (hasEvent(machine, event)) {
				code.addStatement("$N.post($T.$L)", machineField(machine), parts.machine(machine),
						StateMachineEmitter.eventConstant(event));
			}
		}
		return code.build();
	}

	/** Whether a machine has a transition on the event. */
	private static boolean hasEvent(StateMachineIr machine, Event event) {
		return machine.states().stream().flatMap(s -> s.transitions().stream()).anyMatch(t -> t.event() == event);
	}

	/**
	 * What the communication-loss row counts: an AFE that answers but never verifies its configuration (a register
	 * that does not hold its write) would otherwise keep the pack in its AFE-configuring state with the FETs open and
	 * no fault raised, logged or sent; it is as lost to the pack as a silent one (docs/firmware.md, "AFE retry").
	 */
	private static MethodSpec afeFailures() {
		return MethodSpec.methodBuilder("afeFailures").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("The AFE's failures in a row for the communication-loss protection: the driver's failed"
						+ " transfers, and at least one while the AFE is not configured. A chip that answers but"
						+ " whose start-up does not verify (a register that does not hold its write) measures"
						+ " nothing and does not guard the cells at the model's levels: it is lost to the pack as"
						+ " much as a silent one, and is raised, logged and reported the same way; the row recovers"
						+ " once a start-up has verified every register.\n")
				.addStatement("int failures = afe.consecutiveFailures()")
				.beginControlFlow("if (!afeReady && failures == 0)")
				.addStatement("return 1")
				.endControlFlow()
				.addStatement("return failures").build();
	}

	private static MethodSpec applyOutputs(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("applyOutputs").addModifiers(Modifier.PRIVATE)
				.addJavadoc("FETs: what the machines ask for AND what the protections allow; balancing: what the"
						+ " controller decides when a machine started it and the commands allow it. Written only when"
						+ " changed.\n");
		method.addStatement("int fets = requestedFets");
		method.beginControlFlow("if (!protections.chargeAllowed())")
				.addStatement("fets &= ~$T.FET_CHARGE", parts.actions).endControlFlow();
		method.beginControlFlow("if (!protections.dischargeAllowed())")
				.addStatement("fets &= ~$T.FET_DISCHARGE", parts.actions).endControlFlow();
		if (parts.driver != null) {
			method.beginControlFlow("if (!afeReady)").addStatement("fets = 0").endControlFlow();
			method.beginControlFlow("if (fets != appliedFets)")
					.beginControlFlow("if (afe.setFets((fets & $T.FET_CHARGE) != 0, (fets & $T.FET_DISCHARGE) != 0) == $T.OK)",
							parts.actions, parts.actions, STATUS)
					.addStatement("appliedFets = fets").endControlFlow().endControlFlow();
			method.addStatement("state.fetMask = appliedFets < 0 ? 0 : appliedFets");
		} else {
			method.addStatement("state.fetMask = fets");
		}
		if (parts.balancing != null) {
			method.addStatement("int cells = balancing.decide(state, balancingRequested && balancingEnabled && afeReady)");
			if (parts.driver != null) {
				method.beginControlFlow("if (cells != appliedBalancing)")
						.beginControlFlow("if (afe.setBalancing(cells) == $T.OK)", STATUS)
						.addStatement("appliedBalancing = cells").endControlFlow().endControlFlow();
				method.addStatement("state.balancingMask = appliedBalancing < 0 ? 0 : appliedBalancing");
			} else {
				method.addStatement("state.balancingMask = cells");
			}
		}
		return method.build();
	}

	private static MethodSpec shipModeStep(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("shipModeStep").addModifiers(Modifier.PRIVATE);
		if (parts.log == null) {
			method.addJavadoc("Ship mode, once asked for; a failed SHUT_A/SHUT_B write is tried again next period.\n");
		} else {
			method.addJavadoc("Ship mode, once asked for: SHIP cuts the MCU's supply, so the records the flash log has"
					+ " queued (the state's own log event among them) are committed first, for at most"
					+ " SHIP_MODE_LOG_WAIT_PERIODS; a failed SHUT_A/SHUT_B write is tried again next period.\n");
			method.beginControlFlow("if (logStarted && (log.pendingWrites() > 0 || !log.idle())"
					+ " && shipModeWaitPeriods < SHIP_MODE_LOG_WAIT_PERIODS)")
					.addStatement("shipModeWaitPeriods++").addStatement("return").endControlFlow();
		}
		return method.beginControlFlow("if (afe.enterShipMode() == $T.OK)", STATUS)
				.addStatement("shipModeEntered = true").addStatement("shipModeRequested = false").endControlFlow()
				.build();
	}

	private static MethodSpec handleCommand(PackIr pack, Parts parts) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("handleCommand").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "command")
				.addJavadoc("A command the ESP32 authenticated and forwarded: one of the closed set, none of which can"
						+ " switch a protection off.\n");
		method.beginControlFlow("switch (command)");
		for (String command : pack.radio().commands()) {
			method.addCode("case $T.$L:\n", parts.linkFrames, LinkFramesEmitter.commandConstant(command)).addCode("$>");
			switch (command) {
			case "clear-faults" -> method.addStatement("protections.clearFaults()");
			case "balancing-on" -> method.addStatement("balancingEnabled = true");
			case "balancing-off" -> method.addStatement("balancingEnabled = false");
			default -> {
			}
			}
			// the commands are the events of the same name (clear-faults -> CLEAR_FAULTS)
			method.addCode(postToAll(pack, parts, Event.valueOf(command.toUpperCase(Locale.ROOT).replace('-', '_'))));
			method.addStatement("break").addCode("$<");
		}
		method.addCode("default:\n$>").addComment("not a command this pack accepts").addStatement("break").addCode("$<");
		return method.endControlFlow().build();
	}

	private static void actions(TypeSpec.Builder type, PackIr pack, Parts parts) {
		type.addMethod(action("enableFets", "A state machine switches FETs on (they stay off while a protection forbids"
				+ " them).", TypeName.INT, "mask").addStatement("requestedFets |= mask").build());
		type.addMethod(action("disableFets", "A state machine switches FETs off.", TypeName.INT, "mask")
				.addStatement("requestedFets &= ~mask").build());
		type.addMethod(action("startBalancing", "A state machine allows balancing.", null, null)
				.addStatement("balancingRequested = true").build());
		type.addMethod(action("stopBalancing", "A state machine stops balancing.", null, null)
				.addStatement("balancingRequested = false").build());
		MethodSpec.Builder logEvent = action("logEvent", "A state machine logs an event with its snapshot.",
				TypeName.INT, "code");
		if (parts.log != null) {
			logEvent.addStatement("log.logEvent(code, state)");
		}
		type.addMethod(logEvent.build());
		MethodSpec.Builder send = action("sendCanMessage", "A state machine sends a CAN message now.", TypeName.INT,
				"index");
		if (parts.can != null) {
			send.addStatement("can.send(index, state)");
		}
		type.addMethod(send.build());
		MethodSpec.Builder ship = action("enterShipMode", "A state machine puts the pack in ship mode: the AFE cuts"
				+ " the board's supply (after the flash log has committed its queue, see shipModeStep); the next start is"
				+ " a power-on.", null, null);
		if (parts.driver != null) {
			ship.addStatement("shipModeRequested = true");
		}
		type.addMethod(ship.build());
		MethodSpec.Builder configure = action("configureAfe", parts.driver == null
				? "A state machine (re)configures the AFE; it posts afe-ready." : "A state machine (re)configures the"
				+ " AFE; it posts afe-ready once the AFE's start-up has verified every register (until then the FETs"
				+ " stay off and the AFE counts as lost, see afeFailures).", null, null);
		if (parts.driver != null) {
			configure.addStatement("afeReady = afe.start() == $T.OK", STATUS)
					.addStatement("afeConfigurationRequested = !afeReady")
					.addStatement("appliedFets = -1").addStatement("appliedBalancing = -1")
					.beginControlFlow("if (afeReady)").addCode(postToAll(pack, parts, Event.AFE_READY)).endControlFlow();
		} else {
			configure.addCode(postToAll(pack, parts, Event.AFE_READY));
		}
		type.addMethod(configure.build());
		type.addMethod(action("clearFaults", "A state machine clears the latched faults whose condition is gone.", null,
				null).addStatement("protections.clearFaults()").build());
	}

	private static MethodSpec.Builder action(String name, String javadoc, TypeName parameterType, String parameter) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(name).addAnnotation(Override.class)
				.addModifiers(Modifier.PUBLIC).addJavadoc("$L\n", javadoc);
		if (parameterType != null) {
			method.addParameter(parameterType, parameter);
		}
		return method;
	}

	private static void accessors(TypeSpec.Builder type, PackIr pack, Parts parts) {
		type.addMethod(MethodSpec.methodBuilder("state").addModifiers(Modifier.PUBLIC).returns(parts.state)
				.addJavadoc("The pack state of the last tick (for tests and diagnostics; read only).\n")
				.addStatement("return state").build());
		type.addMethod(MethodSpec.methodBuilder("protections").addModifiers(Modifier.PUBLIC).returns(parts.monitor)
				.addJavadoc("The protections (for tests and diagnostics).\n").addStatement("return protections").build());
		if (parts.soc != null) {
			type.addMethod(MethodSpec.methodBuilder("soc").addModifiers(Modifier.PUBLIC).returns(parts.soc)
					.addJavadoc("The SoC filter (for tests and diagnostics).\n").addStatement("return soc").build());
		}
		if (parts.soh != null) {
			type.addMethod(MethodSpec.methodBuilder("soh").addModifiers(Modifier.PUBLIC).returns(parts.soh)
					.addJavadoc("The SoH estimator (for tests and diagnostics).\n").addStatement("return soh").build());
		}
		if (parts.log != null) {
			type.addMethod(MethodSpec.methodBuilder("log").addModifiers(Modifier.PUBLIC).returns(parts.log)
					.addJavadoc("The flash log (for tests and diagnostics).\n").addStatement("return log").build());
		}
		if (parts.link != null) {
			type.addMethod(MethodSpec.methodBuilder("link").addModifiers(Modifier.PUBLIC).returns(parts.link)
					.addJavadoc("The STM32 end of the UART link (for tests and diagnostics).\n").addStatement("return link")
					.build());
		}
		if (parts.can != null) {
			type.addMethod(MethodSpec.methodBuilder("can").addModifiers(Modifier.PUBLIC).returns(parts.can)
					.addJavadoc("The CAN telemetry (for tests and diagnostics).\n").addStatement("return can").build());
		}
		if (parts.driver != null) {
			type.addMethod(MethodSpec.methodBuilder("afe").addModifiers(Modifier.PUBLIC).returns(parts.driver)
					.addJavadoc("The AFE driver (for tests and diagnostics).\n").addStatement("return afe").build());
		}
		for (StateMachineIr machine : pack.stateMachines()) {
			type.addMethod(MethodSpec.methodBuilder(machineField(machine)).addModifiers(Modifier.PUBLIC)
					.returns(parts.machine(machine)).addJavadoc("State machine $L.\n", machine.name())
					.addStatement("return $N", machineField(machine)).build());
		}
		type.addMethod(MethodSpec.methodBuilder("ticksRun").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
				.addJavadoc("Control ticks run since start.\n").addStatement("return ticksRun").build());
		type.addMethod(MethodSpec.methodBuilder("resetCause").addModifiers(Modifier.PUBLIC)
				.returns(ClassName.get(PLATFORM, "ResetCause")).addJavadoc("Why the MCU started.\n")
				.addStatement("return reset.cause()").build());
	}
}
