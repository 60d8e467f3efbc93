package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

/**
 * Shape of the balancing, telemetry, flash-log and fault-injection harnesses over every pack of models/: the model's
 * values are printed into them as literals (so a firmware constant that disagrees fails there), one test per CAN
 * message, same model same bytes. Their behaviour runs in generated-firmware.
 */
class SubsystemHarnessEmittersTest {

	private static String only(List<GeneratedSource> sources) {
		assertEquals(1, sources.size());
		return sources.get(0).text();
	}

	@Test
	void everyPack_getsTheHarnesses_withTheModelsValuesPrinted() throws Exception {
		for (Map.Entry<String, String> model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			String balancing = only(new BalancingHarnessEmitter().emit(pack));
			assertTrue(balancing.contains("START_DELTA_MV = " + pack.balancing().startDeltaMv() + ";"), pack.name());
			assertTrue(balancing.contains("STOP_DELTA_MV = " + pack.balancing().stopDeltaMv() + ";"), pack.name());
			assertTrue(balancing.contains("MINIMUM_CELL_MV = " + pack.balancing().minimumCellMv() + ";"), pack.name());
			assertTrue(!balancing.contains("BalancingController.START_DELTA_MV"), "never the firmware's constant");

			String telemetry = only(new TelemetryHarnessEmitter().emit(pack));
			long tests = telemetry.lines().filter(line -> line.strip().equals("@Test")).count();
			int uartFrames = pack.radio() == null ? 0 : pack.radio().frames().size();
			int commands = pack.radio() == null || pack.radio().commands().isEmpty() ? 0 : 1;
			// LinkSender's contract: full/failing UART and sequence wrap; with one frame type its cadence and, when it
			// goes every fourth period or slower, the partial write; the command frames when there are commands
			int linkSender = 0;
			if (uartFrames > 0) {
				int periods = UartLinkEmitter.periods(pack.radio().frames().get(0).periodMs(), pack.control().periodMs());
				linkSender = 2 + (uartFrames == 1 ? 1 : 0) + (uartFrames == 1 && periods >= 4 ? 1 : 0) + commands;
				assertTrue(telemetry.contains("void linkSender_uartFullOrFailing_frameDroppedSequenceUsed()"), pack.name());
			}
			// CAN cadence: per tick on a scripted controller, drops, send(index); on the simulated board's bus
			int cadence = 3 + (org.bmsgen.generator.harness.BoardSpec.of(pack) != null ? 1 : 0);
			assertTrue(telemetry.contains("void canTelemetry_tick_sendsEachMessageOnItsPeriod()"), pack.name());
			assertTrue(telemetry.contains("void canBus_firmwareSendsEachMessageOnItsPeriod()"), pack.name());
			StringBuilder periods = new StringBuilder();
			for (CanIr.Message message : pack.can().messages()) {
				// the model's period to the nearest control period (docs/firmware.md, CAN periods)
				long ticks = Math.max(1, Math.round((double) message.periodMs() / pack.control().periodMs()));
				periods.append(periods.length() == 0 ? "" : ", ").append(ticks);
			}
			assertTrue(telemetry.contains("int[] periods = { " + periods + " };"), pack.name() + ": " + periods);
			assertEquals(pack.can().messages().size() + uartFrames + commands + linkSender + cadence, tests,
					pack.name());
			for (CanIr.Message message : pack.can().messages()) {
				for (CanIr.Signal signal : message.signals()) {
					assertTrue(telemetry.contains("new Layout(\"" + signal.name() + "\", " + signal.startBit() + ", "
							+ signal.length() + ", " + signal.bigEndian() + ", " + signal.signed() + ", "
							+ signal.scale().numerator() + "L, " + signal.scale().denominator() + "L"),
							pack.name() + " " + signal.name());
				}
			}
			if (commands > 0) {
				assertTrue(telemetry.contains('"' + pack.radio().secret() + '"'), "the model's secret");
			}

			String flash = only(new FlashLogHarnessEmitter().emit(pack));
			assertTrue(flash.contains("EVENTS_START_BYTE = " + pack.log().events().startByte() + ";"), pack.name());
			assertTrue(flash.contains("RECORD_BYTES = " + pack.log().events().recordBytes() + ";"), pack.name());

			String startup = only(new AfeStartupHarnessEmitter().emit(pack));
			for (int[] register : new int[][] { { pack.afe().protect1(), 0x9F }, { pack.afe().protect2(), 0x7F },
					{ pack.afe().protect3(), 0xF0 } }) {
				assertTrue(startup.contains(String.format("assertEquals(0x%02X, chip.peekRegister(", register[0]
						& register[1])), pack.name() + ": the model's PROTECT values printed, never the firmware's");
			}
			assertTrue(startup.contains("assertEquals(Bq76920Driver.STATUS_VERIFY_FAILED, afe.start())"), pack.name());
			// setBalancing called directly: the IR's channel map printed, not the firmware's CELL_CHANNEL
			StringBuilder channels = new StringBuilder();
			for (int channel : pack.afe().channels()) {
				channels.append(channels.length() == 0 ? "" : ", ").append(channel);
			}
			assertTrue(startup.contains("int[] channelOfCell = { " + channels + " };"), pack.name());
			assertTrue(startup.contains("assertEquals(Status.INVALID_ARGUMENT, afe.setBalancing(0b11), \"cells 1 and 2\")"),
					pack.name());
			// a register that does not hold: reported as the pack's communication-loss row (docs/firmware.md, AFE retry)
			for (var protection : pack.protections()) {
				if (protection.watched() == org.bmsgen.generator.ir.ProtectionIr.Watched.AFE_SILENCE) {
					assertTrue(startup.contains("void firmware_protect1DoesNotHold_" + protection.name()
							+ "WithinItsDelay_fetsOnlyOnceVerified()"), pack.name());
					assertTrue(startup.contains("(pack.stm32().state().faultWord & 1 << " + protection.index()
							+ ") != 0"), pack.name() + ": the row's own bit");
				}
			}
			assertEquals(new AfeStartupHarnessEmitter().emit(pack), new AfeStartupHarnessEmitter().emit(pack));

			String faults = only(new FaultInjectionHarnessEmitter().emit(pack));
			assertTrue(faults.contains("_i2cErrors_faultWithinItsDelay"), pack.name());

			assertEquals(new TelemetryHarnessEmitter().emit(pack), new TelemetryHarnessEmitter().emit(pack));
			assertEquals(new BalancingHarnessEmitter().emit(pack), new BalancingHarnessEmitter().emit(pack));
		}
	}
}
