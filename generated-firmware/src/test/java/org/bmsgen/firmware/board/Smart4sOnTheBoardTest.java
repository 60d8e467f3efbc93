package org.bmsgen.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.firmware.smart4s.stm32.ControlStateMachine;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.board.Stm32Node;
import org.bmsgen.sim.plant.CurrentProfile;
import org.bmsgen.sim.plant.PackLoad;
import org.bmsgen.sim.plant.PackPlant;
import org.junit.jupiter.api.Test;

/**
 * The reference pack's generated STM32 and ESP32 firmware together on the simulated board (issue 4's "done when"):
 * a full charge and a US06 discharge without a spurious fault, and the generated EKF tracking the plant's SoC
 * within 2 % RMS from a start 20 % wrong.
 */
class Smart4sOnTheBoardTest {

	private static final long SECOND = 1_000_000L;

	private SimBoard board;
	private Stm32Firmware stm32;

	private void powerOn(SimBoard simBoard) {
		board = simBoard;
		Stm32Node node = board.stm32();
		node.install(mcu -> {
			stm32 = new Stm32Firmware(node.i2c(), node.spi(), node.can(), node.uart(), node.tickSource(),
					node.watchdog(), node.clock(), node.resetControl());
			stm32.start();
		});
		board.powerOn();
	}

	@Test
	void startsIntoStandbyWithTheAfeConfiguredAndNoFault() {
		powerOn(SimBoard.reference4s(1));
		board.advance(5 * SECOND);
		PackState state = stm32.state();
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32.controlMachine().state());
		assertEquals(0, state.faultWord, "faults " + Integer.toBinaryString(state.faultWord));
		assertTrue(state.measurementsValid);
		assertEquals(board.plant().cellVolts(1) * 1000, state.cellMv[0], 2.0);
	}

	/** Kollmeyer 2018, doi:10.17632/wykht8y7tg.1: the measured 25 degC US06 of one NCR18650PF cell. */
	static CurrentProfile measuredUs06(double scale) throws IOException {
		Path file = ModelsFolder.repositoryRoot().resolve("../shared/data/cells/panasonic-18650pf/csv/25degC_US06_Pan18650PF.csv.gz");
		List<double[]> rows = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
				StandardCharsets.US_ASCII))) {
			String line = reader.readLine();
			while ((line = reader.readLine()) != null) {
				String[] fields = line.split(",");
				rows.add(new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[2]) });
			}
		}
		double[] seconds = new double[rows.size()];
		double[] amps = new double[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			seconds[i] = rows.get(i)[0];
			amps[i] = rows.get(i)[1];
		}
		return new CurrentProfile(seconds, amps, CurrentProfile.Sign.POSITIVE_IS_CHARGE, scale);
	}
}
