package org.bmsgen.firmware.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.firmware.smart4s.esp32.LinkReceiver;
import org.bmsgen.firmware.smart4s.stm32.LinkFrames;
import org.bmsgen.firmware.smart4s.stm32.LinkSender;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.board.SimBoard;
import org.junit.jupiter.api.Test;

/**
 * The generated UART link of the reference pack end to end: LinkSender on the simulated STM32's UART, the wire
 * (115 200 baud 8N1, optional bit noise), LinkReceiver on the ESP32's. Frames are checked against the format of
 * docs/firmware.md with a CRC written here, not the generated one.
 */
class UartLinkTest {

	/** CRC-16/CCITT-FALSE written independently of the generated Checksums: poly 0x1021, init 0xFFFF, no reflection. */
	static int crc16(byte[] data, int offset, int length) {
		int crc = 0xFFFF;
		for (int i = offset; i < offset + length; i++) {
			crc ^= (data[i] & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
			}
			crc &= 0xFFFF;
		}
		return crc;
	}

	static int int32(byte[] data, int offset) {
		return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16
				| (data[offset + 3] & 0xFF) << 24;
	}

	private static PackState state(int packMv, int packMa, int socBp, int controlState) {
		PackState state = new PackState();
		state.packMv = packMv;
		state.packMa = packMa;
		state.socBp = socBp;
		state.machineState[PackState.MACHINE_CONTROL] = controlState;
		return state;
	}

	@Test
	void crcIsCcittFalse_andEncodeWritesTheDocumentedLayout() {
		byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertEquals(0x29B1, crc16(check, 0, 9)); // the catalogue check value of CRC-16/CCITT-FALSE
		assertEquals(0x29B1, org.bmsgen.firmware.smart4s.stm32.Checksums.crc16(0xFFFF, check, 0, 9));

		byte[] payload = { 1, 2, 3 };
		byte[] frame = new byte[LinkFrames.MAX_FRAME_BYTES + 2];
		int written = LinkFrames.encode(0x01, 0x1FF, payload, 0, 3, frame, 2);
		assertEquals(5 + 3 + 2, written);
		int crc = crc16(new byte[] { 0x01, (byte) 0xFF, 3, 1, 2, 3 }, 0, 6);
		assertArrayEquals(new byte[] { 0, 0, (byte) 0xA5, 0x5A, 0x01, (byte) 0xFF, 3, 1, 2, 3, (byte) crc,
				(byte) (crc >>> 8) }, java.util.Arrays.copyOf(frame, 12));
		assertEquals(Status.INVALID_ARGUMENT, LinkFrames.encode(1, 0, new byte[65], 0, 65, new byte[80], 0));
		assertEquals(Status.INVALID_ARGUMENT, LinkFrames.encode(1, 0, payload, 0, 3, new byte[9], 0));
	}

	@Test
	void modelledCommandsOnly() {
		// smart4s.bms:25..28 lists all four; the codes are docs/firmware.md's
		assertEquals(1, LinkFrames.COMMAND_CLEAR_FAULTS);
		assertEquals(2, LinkFrames.COMMAND_SHIP_MODE);
		assertEquals(3, LinkFrames.COMMAND_BALANCING_ON);
		assertEquals(4, LinkFrames.COMMAND_BALANCING_OFF);
		for (int command = 0; command < 128; command++) {
			assertEquals(command >= 1 && command <= 4, LinkFrames.isCommand(command), "command " + command);
		}
		// smart4s.bms:142..147: four int32 fields
		assertEquals(0x01, LinkFrames.TYPE_TELEMETRY);
		assertEquals(16, LinkFrames.TELEMETRY_PAYLOAD_BYTES);
		assertEquals(16, LinkFrames.payloadBytes(0x01));
		assertEquals(-1, LinkFrames.payloadBytes(0x02));
	}

	@Test
	void telemetryFramesArriveOnTheirPeriodWithThePackStateValues() {
		SimBoard board = SimBoard.reference4s(11);
		LinkSender sender = new LinkSender(board.stm32().uart());
		LinkReceiver receiver = new LinkReceiver(board.esp32().uart());
		PackState state = state(14_812, -12_345, 5_600, 2);
		List<Long> arrivals = new ArrayList<>();
		List<byte[]> payloads = new ArrayList<>();
		List<Integer> sequences = new ArrayList<>();
		for (int tick = 0; tick < 12; tick++) {
			sender.tick(state);
			for (int step = 0; step < 250; step++) { // 1 ms steps: when each frame is complete
				board.advance(1_000);
				int type;
				while ((type = receiver.poll()) >= 0) {
					assertEquals(LinkFrames.TYPE_TELEMETRY, type);
					assertEquals(16, receiver.payloadLength());
					arrivals.add(board.nowMicros());
					payloads.add(java.util.Arrays.copyOf(receiver.payload(), 16));
					sequences.add(receiver.sequence());
				}
			}
			state.packMa -= 1000;
		}
		// smart4s.bms:142: every 1 s = 4 periods of 250 ms: ticks 0, 4, 8
		assertEquals(3, arrivals.size());
		assertEquals(List.of(0, 1, 2), sequences);
		// 23 bytes x 87 us (10 bits at 115 200 baud) = 2.0 ms after the tick
		assertEquals(3_000, arrivals.get(0)); // the 1 ms step after 2.001 ms
		assertEquals(1_003_000, arrivals.get(1));
		byte[] first = payloads.get(0);
		assertEquals(14_812, int32(first, 0));
		assertEquals(-12_345, int32(first, 4));
		assertEquals(5_600, int32(first, 8));
		assertEquals(2, int32(first, 12));
		assertEquals(-12_345 - 4_000, int32(payloads.get(1), 4)); // the value of tick 4
		assertEquals(3, receiver.framesAccepted());
		assertEquals(0, receiver.framesRejected());
		assertEquals(0, receiver.framesLost());
		assertEquals(3, sender.framesSent());
	}

	@Test
	void noisyLine_rejectsBadFrames_acceptsNoneWrongly_andResynchronises() {
		SimBoard board = SimBoard.reference4s(23);
		LinkSender sender = new LinkSender(board.stm32().uart());
		LinkReceiver receiver = new LinkReceiver(board.esp32().uart());
		board.setUartNoise(0.02); // ~37 % of 23-byte frames get a bad byte
		int frames = 3000;
		int[][] sent = new int[frames][];
		int firstAccepted = -1;
		int lastAccepted = -1;
		PackState state = state(0, 0, 0, 0);
		for (int i = 0; i < frames; i++) {
			state.packMv = 12_000 + i;
			state.packMa = -i * 37;
			state.socBp = i % 10_001;
			state.machineState[PackState.MACHINE_CONTROL] = i % 7;
			sent[i] = new int[] { state.packMv, state.packMa, state.socBp, i % 7 };
			assertEquals(Status.OK, sender.sendTelemetry(state));
			board.advance(3_000); // 2 ms of line time per frame: the line idles between frames
			while (receiver.poll() >= 0) {
				int index = matchingSend(i, receiver.sequence());
				byte[] payload = receiver.payload();
				int[] got = { int32(payload, 0), int32(payload, 4), int32(payload, 8), int32(payload, 12) };
				assertArrayEquals(sent[index], got, "accepted frame " + index + " differs from what was sent");
				if (firstAccepted < 0) {
					firstAccepted = index;
				}
				assertTrue(index > lastAccepted, "frames in order");
				lastAccepted = index;
			}
		}
		long accepted = receiver.framesAccepted();
		System.out.printf("UART noise 2 %%/byte: %d frames sent, %d bytes corrupted, %d accepted, %d rejected, %d lost%n",
				frames, board.uartLink().bytesCorrupted(), accepted, receiver.framesRejected(), receiver.framesLost());
		assertTrue(board.uartLink().bytesCorrupted() > 1000, "noise was injected: " + board.uartLink().bytesCorrupted());
		assertTrue(receiver.framesRejected() > 500, "rejected " + receiver.framesRejected());
		assertTrue(accepted > frames / 2, "accepted " + accepted);
		// every frame between the first and last accepted is either accepted or counted lost by sequence gaps
		assertEquals(lastAccepted - firstAccepted + 1, accepted + receiver.framesLost());

		// the line clears: every following frame arrives
		board.setUartNoise(0);
		long before = receiver.framesAccepted();
		long lostBefore = receiver.framesLost();
		for (int i = 0; i < 50; i++) {
			sender.sendTelemetry(state);
			board.advance(3_000);
			while (receiver.poll() >= 0) {
				assertEquals(sent[frames - 1][0], int32(receiver.payload(), 0));
			}
		}
		assertEquals(before + 50, receiver.framesAccepted());
		assertTrue(receiver.framesLost() - lostBefore <= frames - 1 - lastAccepted);
	}

	/** The send whose sequence number this is: the most recent one (one frame is on the line at a time). */
	private static int matchingSend(int lastSent, int sequence) {
		return lastSent - ((lastSent - sequence) & 0xFF);
	}

	@Test
	void aFrameCutShortDoesNotHideTheFrameAfterIt() {
		SimBoard board = SimBoard.reference4s(5);
		LinkReceiver receiver = new LinkReceiver(board.esp32().uart());
		byte[] payload = new byte[16];
		for (int i = 0; i < 16; i++) {
			payload[i] = (byte) (i + 1);
		}
		byte[] first = new byte[23];
		byte[] second = new byte[23];
		LinkFrames.encode(LinkFrames.TYPE_TELEMETRY, 7, payload, 0, 16, first, 0);
		payload[0] = 99;
		LinkFrames.encode(LinkFrames.TYPE_TELEMETRY, 8, payload, 0, 16, second, 0);
		byte[] line = new byte[3 + 10 + 23];
		line[0] = (byte) 0xA5; // noise: a lone sync byte, then a sync byte not followed by SYNC_1
		line[1] = 0x13;
		line[2] = (byte) 0xA5;
		System.arraycopy(first, 0, line, 3, 10); // the first frame loses its last 13 bytes
		System.arraycopy(second, 0, line, 13, 23); // ... and the receiver reads the second frame's header as its tail
		assertEquals(line.length, board.stm32().uart().write(line, 0, line.length));
		board.advance(10_000);
		assertEquals(LinkFrames.TYPE_TELEMETRY, receiver.poll());
		assertEquals(8, receiver.sequence());
		assertEquals(99, receiver.payload()[0]);
		assertEquals(-1, receiver.poll());
		assertEquals(1, receiver.framesRejected());
		assertEquals(3 + 10, receiver.bytesDiscarded());
	}

	@Test
	void commandsRoundTrip_andUnknownCodesAreDropped() {
		SimBoard board = SimBoard.reference4s(3);
		LinkSender sender = new LinkSender(board.stm32().uart());
		LinkReceiver receiver = new LinkReceiver(board.esp32().uart());
		int[] commands = { LinkFrames.COMMAND_CLEAR_FAULTS, LinkFrames.COMMAND_SHIP_MODE,
				LinkFrames.COMMAND_BALANCING_ON, LinkFrames.COMMAND_BALANCING_OFF };
		for (int command : commands) {
			assertEquals(Status.OK, receiver.sendCommand(command));
		}
		assertEquals(Status.INVALID_ARGUMENT, receiver.sendCommand(9));
		board.advance(10_000);
		for (int command : commands) {
			assertEquals(command, sender.pollCommand());
		}
		assertEquals(-1, sender.pollCommand());
		assertEquals(4, sender.commandsAccepted());

		// a well-formed frame with a code the model does not list, one with a payload, one with a bad CRC, then a good one
		byte[] line = new byte[4 * 9];
		int at = LinkFrames.encode(LinkFrames.COMMAND_FLAG | 9, 0, null, 0, 0, line, 0);
		at += LinkFrames.encode(LinkFrames.COMMAND_FLAG | 1, 1, new byte[] { 1 }, 0, 1, line, at);
		int bad = at;
		at += LinkFrames.encode(LinkFrames.COMMAND_FLAG | 2, 2, null, 0, 0, line, at);
		line[at - 1] ^= 0x40;
		at += LinkFrames.encode(LinkFrames.COMMAND_FLAG | 3, 3, null, 0, 0, line, at);
		assertEquals(at, board.esp32().uart().write(line, 0, at));
		assertTrue(bad > 0);
		board.advance(10_000);
		assertEquals(LinkFrames.COMMAND_BALANCING_ON, sender.pollCommand());
		assertEquals(-1, sender.pollCommand());
		assertEquals(1, sender.commandsDropped());
		assertEquals(2, sender.framesRejected());
		// telemetry frames sent by the STM32 are not commands even if they came back on its own line
		assertEquals(5, sender.commandsAccepted());
	}

	@Test
	void fullUart_dropsAndCounts_neverBlocks() {
		// a 16-byte transmit FIFO cannot take a 23-byte frame at once: the rest goes out on the next tick
		SimBoard board = SimBoard.builder(9).uart(SimBoard.UART_BAUD, 16).build();
		LinkSender sender = new LinkSender(board.stm32().uart());
		LinkReceiver receiver = new LinkReceiver(board.esp32().uart());
		PackState state = state(13_000, 500, 9_000, 1);
		assertEquals(Status.OK, sender.sendTelemetry(state));
		assertEquals(Status.FULL, sender.sendTelemetry(state)); // the first is still going out
		assertEquals(1, sender.framesDropped());
		board.advance(250_000);
		assertEquals(-1, receiver.poll()); // 16 bytes of 23
		sender.tick(state); // flushes the rest, then sends (due on the first tick): 16 of 23 again
		board.advance(250_000);
		assertEquals(LinkFrames.TYPE_TELEMETRY, receiver.poll());
		assertEquals(0, receiver.sequence());
		assertEquals(13_000, int32(receiver.payload(), 0));
		sender.tick(state);
		board.advance(250_000);
		assertEquals(LinkFrames.TYPE_TELEMETRY, receiver.poll());
		assertEquals(2, receiver.sequence());
		assertEquals(1, receiver.framesLost()); // the dropped frame, by its sequence number
		assertEquals(0, receiver.framesRejected());
	}
}
