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
			assertEquals(pack.can().messages().size() + uartFrames + commands, tests, pack.name());
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

			String faults = only(new FaultInjectionHarnessEmitter().emit(pack));
			assertTrue(faults.contains("_i2cErrors_faultWithinItsDelay"), pack.name());

			assertEquals(new TelemetryHarnessEmitter().emit(pack), new TelemetryHarnessEmitter().emit(pack));
			assertEquals(new BalancingHarnessEmitter().emit(pack), new BalancingHarnessEmitter().emit(pack));
		}
	}
}
