package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code Esp32Firmware.java} (ESP32 image): start-up and the ESP32's tick. Each tick: kick the watchdog, take the
 * frames the link receiver completed into the telemetry state, answer the waiting HTTP requests, forward one
 * authenticated command to the STM32, and on the model's BLE publication period set and notify the GATT values.
 * The tick period is bmsgen's choice ({@link #TICK_PERIOD_MS}): short enough that an HTTP answer waits at most one
 * tick and the UART's 256-byte ring (22 ms at 115 200 baud) is read before it can fill from one frame a period.
 */
public final class Esp32FirmwareEmitter {

	public static final String TYPE_NAME = "Esp32Firmware";

	/** 20 ticks a second. */
	static final int TICK_PERIOD_MS = 50;
	/** ESP-IDF's task watchdog defaults to 5 s; bmsgen asks for 1 s so a stuck loop resets quickly. */
	static final int WATCHDOG_MS = 1000;
	/** Frames taken from the link in one tick at most (bounds the tick; 115 200 baud brings about 20 a tick). */
	static final int MAX_FRAMES_PER_TICK = 32;

	static int blePeriodMs(PackIr pack) {
		for (RadioIr.Publication publication : pack.radio().publications()) {
			if (publication.channel().equals("ble")) {
				return publication.periodMs();
			}
		}
		return 0;
	}

	static RadioIr.Publication blePublication(PackIr pack) {
		for (RadioIr.Publication publication : pack.radio().publications()) {
			if (publication.channel().equals("ble")) {
				return publication;
			}
		}
		return null;
	}

	public GeneratedSource emit(PackIr pack) {
		RadioIr radio = pack.radio();
		String esp32 = FirmwarePackage.of(pack, FirmwareImage.ESP32);
		String platform = "org.bmsgen.platform";
		ClassName uart = ClassName.get(platform, "Uart");
		ClassName http = ClassName.get(platform, "HttpServer");
		ClassName gatt = ClassName.get(platform, "GattServer");
		ClassName random = ClassName.get(platform, "RandomSource");
		ClassName clock = ClassName.get(platform, "MonotonicClock");
		ClassName ticks = ClassName.get(platform, "TickSource");
		ClassName watchdog = ClassName.get(platform, "Watchdog");
		ClassName handler = ClassName.get(platform, "TickHandler");
		ClassName status = ClassName.get(platform, "Status");
		ClassName link = ClassName.get(esp32, "LinkReceiver");
		ClassName telemetry = ClassName.get(esp32, TelemetryStateEmitter.TYPE_NAME);
		ClassName authenticator = ClassName.get(esp32, CommandAuthenticatorEmitter.TYPE_NAME);
		ClassName api = ClassName.get(esp32, TelemetryApiEmitter.TYPE_NAME);
		ClassName ble = ClassName.get(esp32, BatteryGattServiceEmitter.TYPE_NAME);
		RadioIr.Publication blePublication = blePublication(pack);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addSuperinterface(handler)
				.addJavadoc("Pack $L's ESP32 firmware: the link from the STM32, the telemetry state, the HTTP API, the"
						+ " BLE service and\nthe authenticated commands, on one periodic tick. Everything is allocated"
						+ " in the constructor; the tick allocates nothing.\n$L\n", pack.name(),
						SourceFiles.traceLine(radio.trace()));
		type.addField(SourceFiles.constant(TypeName.LONG, "TICK_PERIOD_MICROS", CodeBlock.of("$LL",
				TICK_PERIOD_MS * 1000L), "The ESP32's tick (" + TICK_PERIOD_MS + " ms): an HTTP answer waits one tick at"
						+ " most.", radio.trace()));
		type.addField(SourceFiles.intConstant("WATCHDOG_MS", WATCHDOG_MS, "Watchdog timeout: twenty missed ticks.",
				radio.trace()));
		type.addField(SourceFiles.intConstant("MAX_FRAMES_PER_TICK", MAX_FRAMES_PER_TICK, "Link frames taken in one"
				+ " tick at most.", radio.trace()));
		type.addField(SourceFiles.booleanConstant("HAS_BLE", blePublication != null, "True when the model publishes"
				+ " over BLE, so the GATT service is declared.", blePublication == null ? radio.trace()
						: blePublication.trace()));
		type.addField(SourceFiles.constant(TypeName.LONG, "BLE_PERIOD_MICROS", CodeBlock.of("$LL",
				blePeriodMs(pack) * 1000L), "The model's BLE publication period (0: no BLE).", blePublication == null
						? radio.trace() : blePublication.trace()));
		addFinal(type, gatt, "gatt", null);
		addFinal(type, ticks, "ticks", null);
		addFinal(type, watchdog, "watchdog", null);
		addFinal(type, clock, "clock", null);
		addFinal(type, link, "link", null);
		addFinal(type, telemetry, "telemetry", CodeBlock.of("new $T()", telemetry));
		addFinal(type, authenticator, "authenticator", null);
		addFinal(type, api, "api", null);
		addFinal(type, ble, "ble", null);
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "bleStarted", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "bleStatus", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "lastBleMicros", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "commandsForwarded", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "commandSendFailures", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addParameter(uart, "uart").addParameter(http, "http").addParameter(gatt, "gatt")
				.addParameter(random, "random").addParameter(clock, "clock").addParameter(ticks, "ticks")
				.addParameter(watchdog, "watchdog")
				.addJavadoc("Allocates every part; nothing runs before {@link #start()}.\n@param uart the UART to the"
						+ " STM32\n@param http the HTTP server\n@param gatt the BLE GATT server, not yet started\n@param"
						+ " random the hardware RNG (nonces)\n@param clock the monotonic clock\n@param ticks the tick"
						+ " source\n@param watchdog the watchdog\n")
				.addStatement("this.gatt = gatt").addStatement("this.ticks = ticks")
				.addStatement("this.watchdog = watchdog").addStatement("this.clock = clock")
				.addStatement("this.link = new $T(uart)", link)
				.addStatement("this.authenticator = new $T(random)", authenticator)
				.addStatement("this.api = new $T(http, telemetry, authenticator)", api)
				.addStatement("this.ble = new $T(gatt)", ble).build());
		type.addMethod(MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Declares and starts the GATT service (a failure leaves BLE off, see {@link #bleStatus()},"
						+ " and the rest running),\nstarts the watchdog and the tick.\n@return {@link $T#OK}, or the"
						+ " watchdog's or the tick source's failure\n", status)
				.beginControlFlow("if (HAS_BLE)")
				.addStatement("bleStatus = ble.start()")
				.beginControlFlow("if (bleStatus == $T.OK)", status).addStatement("bleStatus = gatt.start()")
				.endControlFlow()
				.addStatement("bleStarted = bleStatus == $T.OK", status).endControlFlow()
				.addComment("the first BLE values go out on the first tick")
				.addStatement("lastBleMicros = clock.nowMicros() - BLE_PERIOD_MICROS")
				.addStatement("int started = watchdog.start(WATCHDOG_MS)")
				.beginControlFlow("if (started != $T.OK)", status).addStatement("return started").endControlFlow()
				.addStatement("return ticks.start(TICK_PERIOD_MICROS, this)").build());
		type.addMethod(MethodSpec.methodBuilder("onTick").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
				.addParameter(TypeName.LONG, "tick").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("One tick: watchdog, link frames into the telemetry, HTTP, one command out, BLE on its"
						+ " period.\n")
				.addStatement("watchdog.kick()")
				.beginControlFlow("for (int frames = 0; frames < MAX_FRAMES_PER_TICK; frames++)")
				.addStatement("int frameType = link.poll()")
				.beginControlFlow("if (frameType < 0)").addStatement("break").endControlFlow()
				.addStatement("telemetry.update(frameType, link.payload(), link.payloadLength(), nowMicros)")
				.endControlFlow()
				.addStatement("telemetry.linkFramesAccepted = link.framesAccepted()")
				.addStatement("telemetry.linkFramesRejected = link.framesRejected()")
				.addStatement("telemetry.linkFramesLost = link.framesLost()")
				.addStatement("api.serve(nowMicros)")
				.addStatement("forwardCommand()")
				.beginControlFlow("if (bleStarted && nowMicros - lastBleMicros >= BLE_PERIOD_MICROS)")
				.addStatement("lastBleMicros = nowMicros").addStatement("ble.update(telemetry)")
				.addStatement("ble.notifyAllCharacteristics()").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("forwardCommand").addModifiers(Modifier.PRIVATE)
				.addJavadoc("One authenticated command a tick to the STM32; one the UART could not take is sent again"
						+ " next tick\n(a partial frame fails the STM32's CRC check and is dropped there).\n")
				.addStatement("int command = api.nextCommand()")
				.beginControlFlow("if (command < 0)").addStatement("return").endControlFlow()
				.addStatement("int sent = link.sendCommand(command)")
				.beginControlFlow("if (sent == $T.OK)", status).addStatement("commandsForwarded++")
				.addStatement("api.commandSent()")
				.nextControlFlow("else if (sent == $T.INVALID_ARGUMENT)", status)
				.addComment("not a command of the link: never sent, whatever the authenticator said")
				.addStatement("commandSendFailures++").addStatement("api.commandSent()")
				.nextControlFlow("else").addStatement("commandSendFailures++").endControlFlow().build());
		getter(type, telemetry, "telemetry", "the telemetry state (read-only use)");
		getter(type, link, "link", "the link receiver, for its counters");
		getter(type, authenticator, "authenticator", "the command authenticator, for its counters");
		getter(type, TypeName.INT, "commandsForwarded", "commands sent to the STM32");
		getter(type, TypeName.INT, "commandSendFailures", "times the UART did not take a command frame");
		getter(type, TypeName.INT, "bleStatus", "{@link " + status.canonicalName() + "#OK}, or why the GATT service"
				+ " did not start");
		return SourceFiles.file(pack, FirmwareImage.ESP32, "ESP32 firmware", type.build());
	}

	private static void addFinal(TypeSpec.Builder type, TypeName fieldType, String name, CodeBlock initializer) {
		FieldSpec.Builder field = FieldSpec.builder(fieldType, name, Modifier.PRIVATE, Modifier.FINAL);
		if (initializer != null) {
			field.initializer(initializer);
		}
		type.addField(field.build());
	}

	private static void getter(TypeSpec.Builder type, TypeName returns, String name, String doc) {
		type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns)
				.addJavadoc("@return $L\n", doc).addStatement("return $L", name).build());
	}
}
