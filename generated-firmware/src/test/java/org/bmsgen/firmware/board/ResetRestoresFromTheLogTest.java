package org.bmsgen.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsgen.platform.Status;
import org.junit.jupiter.api.Test;

/**
 * After an MCU reset the firmware reads the newest history record (Stm32Firmware.restoreFromLog): a pack whose
 * model says {@code initial from flash} (the LFP variant, models/variants/smart3s-lfp.bms) starts its SoC filter
 * at the logged SoC, a pack that says {@code initial from ocv} (the reference pack) at the OCV of its first reading.
 * To tell the two apart the running filter is first moved away from the plant (as a drifted estimate would be) until
 * a history record has logged it; the restarted filter is looked at in the period it starts, before its first
 * correction.
 */
class ResetRestoresFromTheLogTest {

	@Test
	void initialFromFlash_lfpPack_startsAtTheLoggedSoc() {
		org.bmsgen.firmware.smart3slfp.harness.SimulatedPack pack = new org.bmsgen.firmware.smart3slfp.harness.SimulatedPack(
				org.bmsgen.firmware.smart3slfp.harness.SimulatedPack.boardBuilder(11)
						.pack(org.bmsgen.firmware.smart3slfp.harness.SimulatedPack.pack(11).withInitialSoc(0.55)));
		assertTrue(org.bmsgen.firmware.smart3slfp.stm32.SocEstimator.INITIAL_FROM_FLASH);
		pack.powerOn();
		pack.advanceSeconds(5);
		org.bmsgen.firmware.smart3slfp.stm32.Stm32Firmware first = pack.stm32();
		first.soc().startAt(2000);
		// one history period (60 s) and a little
		pack.advanceSeconds(65);
		org.bmsgen.firmware.smart3slfp.stm32.FlashLog reader = new org.bmsgen.firmware.smart3slfp.stm32.FlashLog(
				pack.board().stm32().spi());
		startReader(pack, reader::start);
		byte[] record = new byte[org.bmsgen.firmware.smart3slfp.stm32.FlashLog.HISTORY_RECORD_BYTES];
		assertEquals(Status.OK, reader.readNewest(org.bmsgen.firmware.smart3slfp.stm32.FlashLog.AREA_HISTORY, record));
		org.bmsgen.firmware.smart3slfp.stm32.PackState logged = new org.bmsgen.firmware.smart3slfp.stm32.PackState();
		assertTrue(org.bmsgen.firmware.smart3slfp.stm32.FlashLog.readEstimates(record, logged));
		double plant = pack.board().plant().stateOfCharge(1);
		assertTrue(Math.abs(logged.socBp / 10_000.0 - plant) > 0.05, "the logged SoC " + logged.socBp
				+ " is away from the plant's " + plant);

		pack.board().stm32().mcu().pinReset();
		org.bmsgen.firmware.smart3slfp.stm32.Stm32Firmware restarted = pack.stm32();
		assertTrue(restarted != first, "a new firmware after the reset");
		for (int period = 0; period < 40 && restarted.soc().cellSoc(0) == 0f; period++) {
			pack.advanceSeconds(0.25);
		}
		for (int cell = 0; cell < org.bmsgen.firmware.smart3slfp.stm32.PackState.CELL_COUNT; cell++) {
			assertEquals(logged.socBp / 10_000.0, restarted.soc().cellSoc(cell), 1e-4, "cell " + cell + " from the log");
		}
	}

	@Test
	void initialFromOcv_referencePack_startsAtTheOcvNotTheLog() {
		org.bmsgen.firmware.smart4s.harness.SimulatedPack pack = new org.bmsgen.firmware.smart4s.harness.SimulatedPack(
				org.bmsgen.firmware.smart4s.harness.SimulatedPack.boardBuilder(12)
						.pack(org.bmsgen.firmware.smart4s.harness.SimulatedPack.pack(12).withInitialSoc(0.55)));
		assertFalse(org.bmsgen.firmware.smart4s.stm32.SocEstimator.INITIAL_FROM_FLASH);
		pack.powerOn();
		pack.advanceSeconds(5);
		org.bmsgen.firmware.smart4s.stm32.Stm32Firmware first = pack.stm32();
		first.soc().startAt(2000);
		pack.advanceSeconds(65);

		pack.board().stm32().mcu().pinReset();
		org.bmsgen.firmware.smart4s.stm32.Stm32Firmware restarted = pack.stm32();
		assertTrue(restarted != first, "a new firmware after the reset");
		for (int period = 0; period < 40 && restarted.soc().cellSoc(0) == 0f; period++) {
			pack.advanceSeconds(0.25);
		}
		// the plant rests near 55 % (its cells' 1 % spread): the OCV start finds it, the log's SoC is not used
		for (int cell = 0; cell < org.bmsgen.firmware.smart4s.stm32.PackState.CELL_COUNT; cell++) {
			assertEquals(pack.board().plant().stateOfCharge(cell + 1), restarted.soc().cellSoc(cell), 0.02,
					"cell " + cell + " from the OCV");
		}
	}

	private static void startReader(org.bmsgen.firmware.smart3slfp.harness.SimulatedPack pack,
			java.util.function.IntSupplier start) {
		for (int attempt = 0; attempt < 20; attempt++) {
			int status = start.getAsInt();
			if (status == Status.OK) {
				return;
			}
			// the firmware's own program or erase is in flight: let it finish
			pack.advanceSeconds(0.25);
		}
		throw new AssertionError("a second reader of the log did not start");
	}
}
