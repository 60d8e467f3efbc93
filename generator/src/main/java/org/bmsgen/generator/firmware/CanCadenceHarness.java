package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * The part of {@code TelemetryHarnessTest} that holds the STM32's {@code CanTelemetry} to WHEN it sends
 * (docs/firmware.md, "CAN periods"): each message on the first tick, then every period counted in control periods,
 * a period shorter than the tick once per tick; a frame the controller refuses is dropped and counted, and the message
 * waits for its next period (no retry on the following tick). The expected periods come from the IR (the message's
 * period over the control period, to the nearest tick), not from the generated {@code _PERIOD_PERIODS} constants;
 * the frames are counted per identifier on a scripted controller after every tick and, on the simulated board, on the
 * bus over a whole number of every message's period.
 */
final class CanCadenceHarness {

	private CanCadenceHarness() {
	}

	/** Control periods between two frames of a message: its period to the nearest tick, at least one tick. */
	static int expectedPeriods(int periodMs, int controlPeriodMs) {
		return (int) Math.max(1, Math.round((double) periodMs / controlPeriodMs));
	}

	static void addTo(TypeSpec.Builder type, PackIr pack, CanIr can, ClassName state) {
		ClassName telemetry = HarnessSources.stm32(pack, "CanTelemetry");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName scripted = HarnessSources.harness(pack, TelemetryHarnessEmitter.TYPE_NAME).nestedClass("ScriptedCan");
		int controlMs = pack.control().periodMs();
		List<CanIr.Message> messages = can.messages();
		StringBuilder ids = new StringBuilder();
		StringBuilder periods = new StringBuilder();
		StringBuilder names = new StringBuilder();
		StringBuilder cadence = new StringBuilder();
		int longest = 1;
		long whole = 1;
		for (int i = 0; i < messages.size(); i++) {
			CanIr.Message message = messages.get(i);
			int periodTicks = expectedPeriods(message.periodMs(), controlMs);
			longest = Math.max(longest, periodTicks);
			whole = whole / gcd(whole, periodTicks) * periodTicks;
			String separator = i + 1 < messages.size() ? ", " : "";
			ids.append("0x").append(Integer.toHexString(message.id()).toUpperCase()).append(separator);
			periods.append(periodTicks).append(separator);
			names.append('"').append(message.name()).append('"').append(separator);
			cadence.append(message.name()).append(" every ").append(message.periodMs()).append(" ms = ")
					.append(periodTicks).append(separator);
		}
		int ticks = 3 * longest + 1;
		String doc = "CAN messages (control period " + controlMs + " ms): " + cadence;

		type.addType(scriptedCan(status));
		type.addMethod(MethodSpec.methodBuilder("canTelemetry_tick_sendsEachMessageOnItsPeriod")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L control periods.\nOver $L ticks on a controller that takes every frame: each message"
						+ " on the first tick, then every period, counted per\nidentifier after every tick; no other"
						+ " frame; every frame counted as sent.\n$L\n", doc, ticks, SourceFiles.traceLine(trace(pack, can)))
				.addStatement("var can = new $T()", scripted).addStatement("var telemetry = new $T(can)", telemetry)
				.addStatement("var state = new $T()", state)
				.addComment("identifier and period in control periods of each message, from the model")
				.addStatement("int[] ids = { $L }", ids).addStatement("int[] periods = { $L }", periods)
				.addStatement("String[] names = { $L }", names)
				.beginControlFlow("for (int tick = 0; tick < $L; tick++)", ticks)
				.addStatement("telemetry.tick(state)")
				.addStatement("int expectedFrames = 0")
				.beginControlFlow("for (int m = 0; m < ids.length; m++)")
				.addStatement("assertEquals(tick / periods[m] + 1, can.count(ids[m]), names[m] + \" frames after tick \""
						+ " + tick)")
				.addStatement("expectedFrames += tick / periods[m] + 1").endControlFlow()
				.addStatement("assertEquals(expectedFrames, can.sent.size(), \"frames after tick \" + tick)")
				.addStatement("assertEquals(expectedFrames, telemetry.framesSent(), \"counted as sent after tick \""
						+ " + tick)")
				.endControlFlow()
				.addStatement("assertEquals(0, telemetry.framesDropped())").build());

		type.addMethod(MethodSpec.methodBuilder("canTelemetry_mailboxFull_dropsCountedNextFrameOnItsPeriod")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L control periods.\nThe controller refuses the first tick's frames (mailboxes full,"
						+ " then bus-off): each is dropped and counted; the\nfollowing ticks send each message again"
						+ " only on its next period, not on the next tick.\n$L\n", doc,
						SourceFiles.traceLine(trace(pack, can)))
				.addStatement("var can = new $T()", scripted).addStatement("var telemetry = new $T(can)", telemetry)
				.addStatement("var state = new $T()", state)
				.addStatement("int[] ids = { $L }", ids).addStatement("int[] periods = { $L }", periods)
				.addStatement("String[] names = { $L }", names)
				.addStatement("can.answer = $T.FULL", status)
				.addStatement("telemetry.tick(state)")
				.addStatement("assertEquals($L, telemetry.framesDropped(), \"every message is due on the first tick\")",
						messages.size())
				.addStatement("assertEquals(0, telemetry.framesSent())")
				.addStatement("assertEquals(0, can.sent.size(), \"nothing taken\")")
				.addStatement("can.answer = $T.OFFLINE", status)
				.beginControlFlow("for (int m = 0; m < ids.length; m++)")
				.addStatement("assertEquals($T.OFFLINE, telemetry.send(m, state), names[m] + \": bus-off passed on\")",
						status)
				.endControlFlow()
				.addStatement("assertEquals($L, telemetry.framesDropped())", 2 * messages.size())
				.addStatement("can.answer = $T.OK", status)
				.beginControlFlow("for (int tick = 1; tick < $L; tick++)", ticks)
				.addStatement("telemetry.tick(state)")
				.beginControlFlow("for (int m = 0; m < ids.length; m++)")
				.addStatement("assertEquals(tick / periods[m], can.count(ids[m]), names[m] + \" frames after tick \""
						+ " + tick)")
				.endControlFlow().endControlFlow()
				.addStatement("assertEquals(can.sent.size(), telemetry.framesSent())")
				.addStatement("assertEquals($L, telemetry.framesDropped(), \"no more drops\")", 2 * messages.size())
				.build());

		MethodSpec.Builder send = MethodSpec.methodBuilder("canTelemetry_send_eachIndexItsMessageUnknownRefused")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("{@code send(index)} (a state machine's send action): each message index in model order"
						+ " transmits that message's\nidentifier once; an index outside 0..$L is refused with"
						+ " INVALID_ARGUMENT and reaches no controller.\n$L\n", messages.size() - 1,
						SourceFiles.traceLine(trace(pack, can)))
				.addStatement("var can = new $T()", scripted).addStatement("var telemetry = new $T(can)", telemetry)
				.addStatement("var state = new $T()", state)
				.addStatement("int[] ids = { $L }", ids)
				.beginControlFlow("for (int m = 0; m < ids.length; m++)")
				.addStatement("assertEquals($T.OK, telemetry.send(m, state))", status)
				.addStatement("assertEquals(m + 1, can.sent.size())")
				.addStatement("assertEquals(ids[m], (int) can.sent.get(m), \"message index \" + m)")
				.endControlFlow()
				.addStatement("assertEquals($T.INVALID_ARGUMENT, telemetry.send($L, state))", status, messages.size())
				.addStatement("assertEquals($T.INVALID_ARGUMENT, telemetry.send(-1, state))", status)
				.addStatement("assertEquals($L, can.attempts, \"an unknown index reaches no controller\")",
						messages.size())
				.addStatement("assertEquals($L, telemetry.framesSent())", messages.size())
				.addStatement("assertEquals(0, telemetry.framesDropped())");
		type.addMethod(send.build());

		if (BoardSpec.of(pack) != null && !sendsOnItsOwn(pack)) {
			type.addMethod(onTheBus(pack, doc, ids, periods, names, whole));
		}
	}

	/**
	 * On the simulated board: the whole firmware's frames received by the bus tester, over a whole number of every
	 * message's period. Only for a pack whose machines never send a message as an action (those frames come on top).
	 */
	private static MethodSpec onTheBus(PackIr pack, String doc, CharSequence ids, CharSequence periods,
			CharSequence names, long whole) {
		ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
		ClassName frame = ClassName.get("org.bmsgen.platform", "CanFrame");
		long window = whole * Math.max(1, (16 + whole - 1) / whole);
		long periodUs = pack.control().periodMs() * 1000L;
		return MethodSpec.methodBuilder("canBus_firmwareSendsEachMessageOnItsPeriod")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L control periods.\nThe whole firmware on the simulated board: over $L control periods"
						+ " (a whole number of every message's period),\nthe bus tester receives each message"
						+ " $L / its period times, and no other frame.\n$L\n", doc, window, window,
						SourceFiles.traceLine(trace(pack, pack.can())))
				.addStatement("var pack = new $T($LL)", simulatedPack, 0xCADL)
				.addStatement("var tester = pack.board().canTester()")
				.addStatement("var frame = new $T()", frame)
				.addStatement("int[] ids = { $L }", ids).addStatement("int[] periods = { $L }", periods)
				.addStatement("String[] names = { $L }", names)
				.addStatement("pack.powerOn()")
				.addComment("find the ticks: the first frame on the bus, then half a period on, so that a tick and its"
						+ " frames never straddle a window's edge")
				.addStatement("int waitedMs = 0")
				.beginControlFlow("while (tester.receive(frame) == 0 && waitedMs < 2_000)")
				.addStatement("pack.board().advance(1_000L)").addStatement("waitedMs++").endControlFlow()
				.addStatement("assertTrue(waitedMs < 2_000, \"no CAN frame within 2 s of power-on\")")
				.addStatement("pack.board().advance($L)", underscored(periodUs / 2))
				.beginControlFlow("while (tester.receive(frame) > 0)").addComment("before the window: not counted")
				.endControlFlow()
				.addStatement("int[] counts = new int[ids.length]")
				.addStatement("int others = 0")
				.beginControlFlow("for (int period = 0; period < $L; period++)", window)
				.addStatement("pack.board().advance($L)", underscored(periodUs))
				.beginControlFlow("while (tester.receive(frame) > 0)")
				.addStatement("int m = 0")
				.beginControlFlow("while (m < ids.length && ids[m] != frame.id())").addStatement("m++").endControlFlow()
				.beginControlFlow("if (m < ids.length)").addStatement("counts[m]++")
				.nextControlFlow("else").addStatement("others++").endControlFlow()
				.endControlFlow().endControlFlow()
				.beginControlFlow("for (int m = 0; m < ids.length; m++)")
				.addStatement("assertEquals($L / periods[m], counts[m], names[m] + \" frames in $L periods\")", window,
						window)
				.endControlFlow()
				.addStatement("assertEquals(0, others, \"frames of no modelled message\")").build();
	}

	/** True when a state machine has a {@code send} action: its frames come on top of the periodic ones. */
	private static boolean sendsOnItsOwn(PackIr pack) {
		for (StateMachineIr machine : pack.stateMachines()) {
			for (StateMachineIr.State state : machine.states()) {
				List<StateMachineIr.Action> actions = new ArrayList<>(state.entry());
				actions.addAll(state.during());
				actions.addAll(state.exit());
				for (StateMachineIr.Action action : actions) {
					if (action.code() == StateMachineIr.ActionCode.SEND_CAN_MESSAGE) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/** The CAN bus block, or the pack when it has none. */
	private static Trace trace(PackIr pack, CanIr can) {
		return can.bus() != null ? can.bus().trace() : pack.trace();
	}

	/** {@code 125000} -> {@code 125_000L}. */
	private static String underscored(long micros) {
		return String.format(java.util.Locale.ROOT, "%,dL", micros).replace(',', '_');
	}

	private static long gcd(long a, long b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	private static TypeSpec scriptedCan(ClassName status) {
		ClassName controller = ClassName.get("org.bmsgen.platform", "CanController");
		ClassName frame = ClassName.get("org.bmsgen.platform", "CanFrame");
		ClassName list = ClassName.get("java.util", "List");
		ClassName arrayList = ClassName.get("java.util", "ArrayList");
		return TypeSpec.classBuilder("ScriptedCan").addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.addSuperinterface(controller)
				.addJavadoc("A CAN controller that takes every frame while {@code answer} is OK and refuses it with"
						+ " {@code answer}\notherwise; records the identifiers it took, in order, and counts every"
						+ " attempt.\n")
				.addField(FieldSpec.builder(ParameterizedTypeName.get(list, ClassName.get(Integer.class)), "sent",
						Modifier.FINAL).initializer("new $T<>()", arrayList).build())
				.addField(FieldSpec.builder(TypeName.INT, "answer").initializer("$T.OK", status).build())
				.addField(TypeName.INT, "attempts")
				.addMethod(MethodSpec.methodBuilder("transmit").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addParameter(frame, "frame")
						.addStatement("attempts++")
						.beginControlFlow("if (answer != $T.OK)", status).addStatement("return answer").endControlFlow()
						.addStatement("sent.add(frame.id())").addStatement("return $T.OK", status).build())
				.addMethod(MethodSpec.methodBuilder("receive").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addParameter(frame, "into")
						.addStatement("return 0").build())
				.addMethod(MethodSpec.methodBuilder("state").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
						.addStatement("return $T.STATE_ERROR_ACTIVE", controller).build())
				.addMethod(MethodSpec.methodBuilder("transmitErrorCount").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addStatement("return 0").build())
				.addMethod(MethodSpec.methodBuilder("receiveErrorCount").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addStatement("return 0").build())
				.addMethod(MethodSpec.methodBuilder("requestRecovery").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).build())
				.addMethod(MethodSpec.methodBuilder("count").returns(TypeName.INT).addParameter(TypeName.INT, "id")
						.addJavadoc("Frames taken with identifier {@code id}.\n")
						.addStatement("int n = 0")
						.beginControlFlow("for (int taken : sent)")
						.beginControlFlow("if (taken == id)").addStatement("n++").endControlFlow().endControlFlow()
						.addStatement("return n").build())
				.build();
	}
}
