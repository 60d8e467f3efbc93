package com.example.bms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.firmware.smart4s.stm32.AfeConfiguration;
import org.bmsgen.firmware.smart4s.stm32.Checksums;
import org.bmsgen.platform.I2cMaster;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.board.SimBoard;
import org.junit.jupiter.api.Test;

/**
 * The firmware bmsgen generated in this build (org.bmsgen.firmware.smart4s.stm32, from src/main/bms/smart4s.bms)
 * on the simulated board: the protection registers the model asks for, written over the STM32's I2C with the
 * generated CRC-8, are accepted by the simulated BQ76920 (which checks the CRC itself, DS 8.3.1.4) and hold the
 * modelled values; a frame with a wrong CRC is not.
 */
class GeneratedAfeConfigurationOnTheSimulatedBoardTest {

	@Test
	void protectionRegisters_writtenWithTheGeneratedCrc_areWhatTheAfeHolds() {
		SimBoard board = SimBoard.reference4s(1);
		board.powerOn();
		board.advance(Bq769x0.BOOT_READY_MICROS);
		I2cMaster i2c = board.stm32().i2c();

		int[][] writes = { { AfeConfiguration.PROTECT1_ADDRESS, AfeConfiguration.PROTECT1_VALUE & 0xFF },
				{ AfeConfiguration.PROTECT2_ADDRESS, AfeConfiguration.PROTECT2_VALUE & 0xFF },
				{ AfeConfiguration.PROTECT3_ADDRESS, AfeConfiguration.PROTECT3_VALUE & 0xFF } };
		for (int[] write : writes) {
			assertEquals(Status.OK, writeWithCrc(i2c, write[0], write[1], 0), "write of register " + write[0]);
			assertEquals(write[1], board.afe().peekRegister(write[0]), "register " + write[0]);
		}
		assertEquals(0, board.afe().crcRejectedWrites());

		// the same frame with one bit of its CRC flipped: the AFE drops it and keeps the value
		writeWithCrc(i2c, AfeConfiguration.PROTECT3_ADDRESS, 0x00, 0x01);
		assertEquals(1, board.afe().crcRejectedWrites());
		assertEquals(AfeConfiguration.PROTECT3_VALUE & 0xFF, board.afe().peekRegister(AfeConfiguration.PROTECT3_ADDRESS));
	}

	/** DS 8.3.1.4: the CRC of a write covers the slave address byte, the register and the data. */
	private static int writeWithCrc(I2cMaster i2c, int register, int value, int crcError) {
		byte[] covered = { (byte) (AfeConfiguration.I2C_ADDRESS << 1), (byte) register, (byte) value };
		int crc = Checksums.crc8(Checksums.CRC8_INITIAL, covered, 0, covered.length) ^ crcError;
		byte[] frame = { (byte) register, (byte) value, (byte) crc };
		return i2c.write(AfeConfiguration.I2C_ADDRESS, frame, 0, frame.length);
	}
}
