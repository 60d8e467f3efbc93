package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.junit.jupiter.api.Test;

/**
 * LinkFramesEmitter, UartLinkEmitter and CanTelemetryEmitter: the reference pack's files as golden files, every
 * pack's compiled with --release 7 -Werror against the platform alone, and the compiled constants equal to the IR.
 */
class LinkAndCanEmitterTest {

	private static List<GeneratedSource> sources(PackIr pack) {
		PackStateEmitter packState = new PackStateEmitter();
		ChecksumsEmitter checksums = new ChecksumsEmitter();
		LinkFramesEmitter frames = new LinkFramesEmitter();
		UartLinkEmitter link = new UartLinkEmitter();
		List<GeneratedSource> sources = new ArrayList<>();
		sources.add(packState.emit(pack));
		for (FirmwareImage image : FirmwareImage.values()) {
			sources.add(checksums.emit(pack, image));
			sources.add(frames.emit(pack, image));
		}
		sources.add(link.emitSender(pack));
		sources.add(link.emitReceiver(pack));
		sources.add(new CanTelemetryEmitter().emit(pack));
		return sources;
	}

	@Test
	void referencePack_compilesForJava7_andMatchesGoldens() {
		PackIr pack = TestModels.reference();
		List<GeneratedSource> sources = sources(pack);
		FirmwareCompiler.compile("link-can-ref", sources);
		for (GeneratedSource source : sources) {
			String image = source.packageName().substring(source.packageName().lastIndexOf('.') + 1);
			if (!source.typeName().equals("PackState") && !source.typeName().equals("Checksums")) {
				Golden.assertMatches("firmware/Smart4S/" + image + "/" + source.typeName() + ".java", source.text());
			}
		}
		GeneratedSource stm32Frames = new LinkFramesEmitter().emit(pack, FirmwareImage.STM32);
		GeneratedSource esp32Frames = new LinkFramesEmitter().emit(pack, FirmwareImage.ESP32);
		assertEquals(stm32Frames.text().replace(".stm32;", ".esp32;"), esp32Frames.text(),
				"both images hold the same framing");
	}

	@Test
	void everyPack_compiles_andConstantsEqualTheIr() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = sources(pack);
			Path classes = FirmwareCompiler.compile("link-can-" + pack.name(), sources);
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				String stm32 = FirmwarePackage.of(pack, FirmwareImage.STM32);
				Class<?> frames = loader.loadClass(stm32 + ".LinkFrames");
				RadioIr radio = pack.radio();
				assertNotNull(radio, pack.name());
				for (String command : radio.commands()) {
					int code = frames.getField(LinkFramesEmitter.commandConstant(command)).getInt(null);
					assertEquals(LinkFramesEmitter.COMMANDS.indexOf(command) + 1, code);
					assertTrue((boolean) frames.getMethod("isCommand", int.class).invoke(null, code));
				}
				assertEquals(false, frames.getMethod("isCommand", int.class).invoke(null, 5));
				for (RadioIr.UartFrame frame : radio.frames()) {
					String prefix = LinkFramesEmitter.frameConstant(frame);
					assertEquals(frame.type(), frames.getField("TYPE_" + prefix).getInt(null));
					assertEquals(frame.fields().size() * 4, frames.getField(prefix + "_PAYLOAD_BYTES").getInt(null));
					assertEquals(frame.payloadBytes(), frames.getMethod("payloadBytes", int.class).invoke(null,
							frame.type()));
				}
				Class<?> can = loader.loadClass(stm32 + ".CanTelemetry");
				int control = pack.control().periodMs();
				for (CanIr.Message message : pack.can().messages()) {
					String prefix = CanTelemetryEmitter.messageConstant(message);
					assertEquals(message.id(), can.getField(prefix + "_ID").getInt(null));
					assertEquals(message.lengthBytes(), can.getField(prefix + "_LENGTH").getInt(null));
					int periods = can.getField(prefix + "_PERIOD_PERIODS").getInt(null);
					// the nearest whole number of control periods, at least one
					assertTrue(periods >= 1);
					assertTrue(periods == 1 && message.periodMs() <= control
							|| Math.abs(periods * control - message.periodMs()) <= control / 2, message.name());
				}
			}
		}
	}

	@Test
	void coefficients_areTheExactFractions() {
		// smart4s.bms:125 packCurrent scale 0.01 A from current (mA): 10 mA per bit
		CanIr.Signal current = TestModels.reference().can().messages().get(0).signals().get(1);
		assertEquals("packCurrent", current.name());
		CanTelemetryEmitter.Coefficients c = CanTelemetryEmitter.Coefficients.of(current);
		assertEquals(1, c.multiplier());
		assertEquals(0, c.subtrahend());
		assertEquals(10, c.divisor());
		// soc 0.5 % from soc (bp): 50 bp per bit
		assertEquals(50, CanTelemetryEmitter.Coefficients.of(TestModels.reference().can().messages().get(0).signals()
				.get(2)).divisor());
	}
}
