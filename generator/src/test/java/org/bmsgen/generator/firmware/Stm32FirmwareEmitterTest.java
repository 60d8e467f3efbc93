package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The STM32 entry point: the reference pack's text (golden) compiled for Java 7 with the rest of its image, and for
 * every pack that every part the model has is constructed, started and ticked, and that parts it lacks are absent.
 * Its behaviour on the board is tested in generated-firmware (board/Stm32FirmwareOnTheBoardTest).
 */
class Stm32FirmwareEmitterTest {

	private final Stm32FirmwareEmitter emitter = new Stm32FirmwareEmitter();

	/** The STM32 image of a pack, as the generator writes it. */
	private static List<GeneratedSource> stm32Image(PackIr pack) {
		String pkg = FirmwarePackage.of(pack, FirmwareImage.STM32);
		return new FirmwareGenerator().sources(pack).stream().filter(s -> s.packageName().equals(pkg)).toList();
	}

	@Test
	void referencePack_compilesForJava7WithItsImage_andMatchesGolden() {
		PackIr pack = TestModels.reference();
		GeneratedSource source = emitter.emit(pack);
		assertEquals("org/bmsgen/firmware/smart4s/stm32/Stm32Firmware.java", source.relativePath());
		FirmwareCompiler.compile("stm32-firmware", stm32Image(pack));
		Golden.assertMatches("firmware/Smart4S/stm32/Stm32Firmware.java", source.text());
	}

	@Test
	void everyPack_wiresEveryPartItModels_andCompiles() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			String text = emitter.emit(pack).text();
			assertWired(pack, text);
			FirmwareCompiler.compile("stm32-image-" + pack.name(), stm32Image(pack));
		}
	}

	/**
	 * A pack without radio, CAN messages or log (the reference model with those blocks and the log actions taken
	 * out): no link, CAN or flash part, no command handling, and the image still compiles.
	 */
	@Test
	void aPackWithoutRadioCanOrLog_emitsWithoutThoseParts_andCompiles(@TempDir Path dir) throws IOException {
		PackIr pack = bareIr(dir);
		assertNull(pack.radio());
		assertNull(pack.log());
		assertTrue(pack.can() == null || pack.can().messages().isEmpty());
		String text = emitter.emit(pack).text();
		assertWired(pack, text);
		for (String absent : List.of("LinkSender", "LinkFrames", "CanTelemetry", "FlashLog", "logStarted",
				"pollCommand", "handleCommand", "SHIP_MODE_LOG_WAIT_PERIODS")) {
			assertFalse(text.contains(absent), absent + " in a pack without it");
		}
		List<GeneratedSource> image = stm32Image(pack);
		assertTrue(image.stream().noneMatch(s -> s.relativePath().endsWith("/FlashLog.java")
				|| s.relativePath().endsWith("/CanTelemetry.java") || s.relativePath().endsWith("/LinkSender.java")));
		FirmwareCompiler.compile("stm32-image-bare", image);
	}

	/** Each part the model has is a field, constructed once, started or ticked where docs/firmware.md says. */
	private static void assertWired(PackIr pack, String text) {
		String name = pack.name();
		String body = onTick(text);
		assertTrue(text.contains("int CONTROL_PERIOD_MS = " + pack.control().periodMs() + ";"), name);
		assertTrue(text.contains("int WATCHDOG_MS = " + pack.control().watchdogMs() + ";"), name);
		assertTrue(body.indexOf("watchdog.kick()") >= 0 && body.indexOf("watchdog.kick()") < body.indexOf("afe.read("),
				name + ": the watchdog is kicked first");
		// reading before deciding, deciding before writing (docs/firmware.md, the control tick)
		assertOrder(name, body, "afe.read(state)", "state.updateDerived()", "protections.evaluate(state,",
				"applyOutputs()");
		part(name, text, body, true, "Bq76920Driver", "afe", "new Bq76920Driver(i2c)", "afe.read(state)");
		part(name, text, body, true, "ProtectionMonitor", "protections", "new ProtectionMonitor()",
				"protections.evaluate(state, afeFailures())");
		// an AFE that answers but is not configured counts as lost for the communication-loss row
		assertTrue(text.replaceAll("\\s+", " ").contains("if (!afeReady && failures == 0) { return 1; }"), name);
		part(name, text, body, pack.estimators().soc() != null, "SocEstimator", "soc", "new SocEstimator()",
				"soc.step(state)");
		part(name, text, body, pack.estimators().soh() != null, "SohEstimator", "soh", "new SohEstimator(this.soc)",
				"soh.step(state)");
		String limits = pack.estimators().soc() == null ? "new CurrentLimits()" : pack.estimators().soh() == null
				? "new CurrentLimits(this.soc)" : "new CurrentLimits(this.soc, this.soh)";
		part(name, text, body, pack.estimators().limits() != null, "CurrentLimits", "limits", limits,
				"limits.update(state)");
		boolean can = pack.can() != null && !pack.can().messages().isEmpty();
		part(name, text, body, can, "CanTelemetry", "can", "new CanTelemetry(canController)", "can.tick(state)");
		part(name, text, body, pack.radio() != null, "LinkSender", "link", "new LinkSender(uart)", "link.tick(state)");
		part(name, text, body, pack.log() != null, "FlashLog", "log", "new FlashLog(spi)", "log.tick(state)");
		part(name, text, body, pack.balancing() != null, "BalancingController", "balancing",
				"new BalancingController()", "balancing.decide(state,");
		if (pack.radio() != null) {
			assertTrue(body.contains("link.pollCommand()"), name);
			for (String command : pack.radio().commands()) {
				assertTrue(text.contains("case LinkFrames.COMMAND_" + command.toUpperCase(Locale.ROOT).replace('-', '_')
						+ ":"), name + ": command " + command);
			}
		}
		if (pack.log() != null) {
			assertTrue(text.contains("logStarted = log.start() == Status.OK;"), name + ": the log starts");
			assertTrue(body.contains("log.logEvent(PROTECTION_EVENT_BASE + i, state)"), name + ": trips are logged");
		}
		for (StateMachineIr machine : pack.stateMachines()) {
			String field = Character.toLowerCase(machine.name().charAt(0)) + machine.name().substring(1) + "Machine";
			String type = machine.name() + "StateMachine";
			assertEquals(1, count(text, "new " + type + "(this)"), name + ": " + type + " constructed once");
			assertTrue(text.contains(field + ".start();"), name + ": " + type + " started");
			assertEquals(1, count(body, field + ".tick(state, flags)"), name + ": " + type + " ticked once");
			assertTrue(body.contains("state.machineState[" + machine.index() + "] = " + field + ".state()"), name);
		}
		boolean machineStartsBalancing = pack.stateMachines().stream().flatMap(m -> m.states().stream())
				.flatMap(s -> Stream.of(s.entry(), s.during(), s.exit()).flatMap(List::stream))
				.anyMatch(a -> a.code() == StateMachineIr.ActionCode.START_BALANCING);
		assertEquals(!machineStartsBalancing, text.contains("private boolean balancingRequested = true;"),
				name + ": balancing follows the machines when one starts it, else its policy alone");
		// nothing allocated after the constructor: every `new` is in it
		String afterConstructor = text.substring(text.indexOf("public int start()"));
		assertFalse(Pattern.compile("\\bnew\\s").matcher(afterConstructor).find(), name + ": allocation after start");
		assertFalse(body.contains("\" +"), name + ": string building in the tick");
	}

	private static void part(String pack, String text, String tick, boolean modelled, String type, String field,
			String construction, String call) {
		assertEquals(modelled, text.contains("private final " + type + " " + field + ";"), pack + ": field " + field);
		assertEquals(modelled ? 1 : 0, count(text, construction), pack + ": " + construction);
		assertEquals(modelled, tick.contains(call) || text.contains(call), pack + ": " + call);
	}

	private static void assertOrder(String pack, String text, String... calls) {
		int at = -1;
		for (String call : calls) {
			int next = text.indexOf(call, at + 1);
			assertTrue(next > at, pack + ": " + call + " after the call before it");
			at = next;
		}
	}

	private static String onTick(String text) {
		int start = text.indexOf("public void onTick(long tick, long nowMicros)");
		assertTrue(start >= 0);
		int end = text.indexOf("\n    }\n", start);
		return text.substring(start, end);
	}

	private static int count(String text, String what) {
		int n = 0;
		for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
			n++;
		}
		return n;
	}

	/** The reference model without radio, CAN messages, flash and log (and the state machine's log actions). */
	static PackIr bareIr(Path dir) throws IOException {
		Path models = modelsFolder();
		Path cells = Files.createDirectories(dir.resolve("cells"));
		try (Stream<Path> files = Files.list(models.resolve("cells"))) {
			for (Path file : files.toList()) {
				Files.copy(file, cells.resolve(file.getFileName()));
			}
		}
		String model = Files.readString(models.resolve("smart4s.bms"), StandardCharsets.UTF_8);
		model = removeBlock(model, "\tradio ESP32 {");
		model = removeBlock(model, "\tcan MCP2562 {");
		model = removeBlock(model, "\tlog {");
		// no ship-mode command to reach it
		model = removeBlock(model, "\t\tstate Ship {");
		while (model.contains("\tcan message ")) {
			model = removeBlock(model, "\tcan message ");
		}
		while (model.contains("\tuart frame ")) {
			model = removeBlock(model, "\tuart frame ");
		}
		model = model.replace("\tflash W25Q128JV\n", "").replace(" log event", "").replace("entry log event ", "entry ")
				.replace("pack Smart4S {", "pack Smart4SBare {")
				.replace("\t\t\ton clear-faults when not fault-active -> Standby\n", "")
				.replace("\t\t\ton ship-mode -> Ship\n", "");
		Files.writeString(dir.resolve("bare.bms"), model, StandardCharsets.UTF_8);
		LoadedPacks.Result result = LoadedPacks.load(dir, List.of(dir.resolve("bare.bms"))).ir("Smart4SBare");
		assertTrue(result.succeeded(), () -> "IR not built: " + result.diagnostics() + "\n" + readQuietly(dir));
		return result.ir();
	}

	private static String readQuietly(Path dir) {
		try {
			return Files.readString(dir.resolve("bare.bms"));
		} catch (IOException e) {
			return e.toString();
		}
	}

	/** Removes the block that starts at the line beginning with {@code start}, up to its matching closing brace. */
	private static String removeBlock(String model, String start) {
		int from = model.indexOf(start);
		assertTrue(from >= 0, "no " + start.strip() + " in the reference model");
		int depth = 0;
		for (int i = model.indexOf('{', from); i < model.length(); i++) {
			char c = model.charAt(i);
			if (c == '{') {
				depth++;
			} else if (c == '}' && --depth == 0) {
				int end = model.indexOf('\n', i);
				return model.substring(0, from) + model.substring(end + 1);
			}
		}
		throw new AssertionError("unbalanced block " + start);
	}

	private static Path modelsFolder() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir.resolve("models");
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no models/ folder");
	}
}
