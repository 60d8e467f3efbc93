package org.bmsgen.firmware.can;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.firmware.smart4s.stm32.CanTelemetry;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.platform.CanFrame;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.board.SimBoard;
import org.junit.jupiter.api.Test;

/**
 * The reference pack's generated CAN messages decoded with a DBC reader written here from the generated DBC
 * artifact (generated-firmware/Smart4S/Smart4S.dbc): what a tool reading the DBC sees must be what the firmware
 * holds, within half a step of each signal, saturated at the ends of its range.
 */
class CanTelemetryTest {

	record DbcSignal(String name, int startBit, int length, boolean intel, boolean signed, BigDecimal factor,
			BigDecimal offset) {

		long raw(CanFrame frame) {
			long raw = 0;
			if (intel) {
				for (int i = 0; i < length; i++) {
					raw |= (long) bit(frame, startBit + i) << i;
				}
			} else {
				// Motorola: start bit is the most significant; within a byte towards bit 0, then the next byte's bit 7
				int position = startBit;
				for (int i = length - 1; i >= 0; i--) {
					raw |= (long) bit(frame, position) << i;
					position = position % 8 == 0 ? position + 15 : position - 1;
				}
			}
			if (signed && length < 64 && (raw & (1L << (length - 1))) != 0) {
				raw -= 1L << length;
			}
			return raw;
		}

		double physical(CanFrame frame) {
			return factor.multiply(BigDecimal.valueOf(raw(frame))).add(offset).doubleValue();
		}

		private static int bit(CanFrame frame, int position) {
			return (frame.data[position / 8] >> (position % 8)) & 1;
		}
	}

	record DbcMessage(int id, String name, int length, Map<String, DbcSignal> signals) {
	}

	private static final Pattern MESSAGE = Pattern.compile("^BO_ (\\d+) (\\w+): (\\d+) \\w+");
	private static final Pattern SIGNAL = Pattern.compile(
			"^ SG_ (\\w+) : (\\d+)\\|(\\d+)@([01])([+-]) \\(([-0-9.eE]+),([-0-9.eE]+)\\) .*");

	static Map<String, DbcMessage> readDbc() throws IOException {
		Map<String, DbcMessage> messages = new LinkedHashMap<>();
		DbcMessage current = null;
		for (String line : Files.readAllLines(ModelsFolder.generatedFirmware().resolve("Smart4S/Smart4S.dbc"),
				StandardCharsets.UTF_8)) {
			Matcher m = MESSAGE.matcher(line);
			if (m.matches()) {
				current = new DbcMessage(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)),
						new LinkedHashMap<>());
				messages.put(current.name(), current);
				continue;
			}
			Matcher s = SIGNAL.matcher(line);
			if (s.matches()) {
				current.signals().put(s.group(1), new DbcSignal(s.group(1), Integer.parseInt(s.group(2)),
						Integer.parseInt(s.group(3)), s.group(4).equals("1"), s.group(5).equals("-"),
						new BigDecimal(s.group(6)), new BigDecimal(s.group(7))));
			}
		}
		return messages;
	}

	private static PackState state(int packMv, int packMa, int socBp, int controlState, int[] cellMv,
			int[] temperatureCentiDegC, int faultWord) {
		PackState state = new PackState();
		state.packMv = packMv;
		state.packMa = packMa;
		state.socBp = socBp;
		state.machineState[PackState.MACHINE_CONTROL] = controlState;
		System.arraycopy(cellMv, 0, state.cellMv, 0, 4);
		// smart4s.bms wires one thermistor: the first value is the pack's temperature, the rest are ignored
		System.arraycopy(temperatureCentiDegC, 0, state.temperatureCentiDegC, 0,
				Math.min(temperatureCentiDegC.length, PackState.TEMPERATURE_COUNT));
		state.faultWord = faultWord;
		state.updateDerived();
		return state;
	}

	/**
	 * What each signal carries in its physical unit, read from the state by hand after smart4s.bms:139..157; fault
	 * bits by the protections' model order (smart4s.bms:41..70: cell overvoltage 0, cell undervoltage 1, discharge
	 * overcurrent 4, discharge short-circuit 5, fet plausibility 16).
	 */
	private static Map<String, Double> expected(PackState s) {
		Map<String, Double> values = new LinkedHashMap<>();
		values.put("packVoltage", s.packMv / 1000.0);
		values.put("packCurrent", s.packMa / 1000.0);
		values.put("soc", s.socBp / 100.0);
		values.put("state", (double) s.machineState[PackState.MACHINE_CONTROL]);
		values.put("maxTemperature", s.maxTemperatureCentiDegC / 100.0);
		values.put("minCell", s.minCellMv / 1000.0);
		values.put("maxCell", s.maxCellMv / 1000.0);
		values.put("delta", s.cellDeltaMv / 1000.0);
		values.put("overvoltage", (double) (s.faultWord & 1));
		values.put("undervoltage", (double) ((s.faultWord >> 1) & 1));
		values.put("overcurrent", (double) ((s.faultWord >> 4) & 1));
		values.put("shortCircuit", (double) ((s.faultWord >> 5) & 1));
		values.put("stuckFet", (double) ((s.faultWord >> 16) & 1)); // fet plausibility, the 17th row
		return values;
	}

	private static CanFrame encode(String message, PackState state) {
		CanFrame frame = new CanFrame();
		for (int i = 0; i < frame.data.length; i++) {
			frame.data[i] = (byte) 0xEE; // stale bytes the encoder must clear
		}
		switch (message) {
		case "PackStatus" -> CanTelemetry.encodePackStatus(state, frame);
		case "CellVoltages" -> CanTelemetry.encodeCellVoltages(state, frame);
		case "Faults" -> CanTelemetry.encodeFaults(state, frame);
		default -> throw new IllegalArgumentException(message);
		}
		return frame;
	}

	/** Decodes every message of the DBC and compares with the state; saturation expected outside the raw range. */
	private static void assertDecodesTo(PackState state, Map<String, DbcMessage> dbc) {
		Map<String, Double> expected = expected(state);
		for (DbcMessage message : dbc.values()) {
			CanFrame frame = encode(message.name(), state);
			assertEquals(message.id(), frame.id(), message.name());
			assertEquals(message.length(), frame.length(), message.name());
			for (DbcSignal signal : message.signals().values()) {
				double step = signal.factor().doubleValue();
				long rawMin = signal.signed() ? -(1L << (signal.length() - 1)) : 0;
				long rawMax = signal.signed() ? (1L << (signal.length() - 1)) - 1 : (1L << signal.length()) - 1;
				double low = rawMin * step + signal.offset().doubleValue();
				double high = rawMax * step + signal.offset().doubleValue();
				double want = Math.max(low, Math.min(high, expected.get(signal.name())));
				double got = signal.physical(frame);
				assertTrue(Math.abs(got - want) <= step / 2 + 1e-9, () -> message.name() + "." + signal.name()
						+ ": decoded " + got + ", state holds " + expected.get(signal.name()) + " (step " + step + ")");
			}
		}
	}

	@Test
	void dbcListsTheModelledMessages() throws IOException {
		Map<String, DbcMessage> dbc = readDbc();
		assertEquals(List.of("PackStatus", "CellVoltages", "Faults"), List.copyOf(dbc.keySet()));
		assertEquals(5, dbc.get("PackStatus").signals().size());
		assertEquals(CanTelemetry.PACK_STATUS_ID, dbc.get("PackStatus").id());
	}

	@Test
	void typicalValues_decodeWithinHalfAStep() throws IOException {
		Map<String, DbcMessage> dbc = readDbc();
		PackState state = state(14_812, -12_345, 5_678, 3, new int[] { 3_700, 3_712, 3_695, 3_705 },
				new int[] { 3_012, 2_345, 2_800 }, (1 << 0) | (1 << 4) | (1 << 16));
		assertDecodesTo(state, dbc);
		CanFrame status = encode("PackStatus", state);
		// hand-computed raws: 14812 mV / 1 mV, -12345 mA / 10 mA = -1234.5 -> -1235 (half away from zero),
		// 5678 bp / 50 bp = 113.56 -> 114, max temperature 30.12 degC -> 30
		assertEquals(14_812, dbc.get("PackStatus").signals().get("packVoltage").raw(status));
		assertEquals(-1_235, dbc.get("PackStatus").signals().get("packCurrent").raw(status));
		assertEquals(114, dbc.get("PackStatus").signals().get("soc").raw(status));
		assertEquals(3, dbc.get("PackStatus").signals().get("state").raw(status));
		assertEquals(30, dbc.get("PackStatus").signals().get("maxTemperature").raw(status));
		assertEquals(0, status.data[5] & 0xF0, "bits 44..47 are between signals and stay clear");
		CanFrame cells = encode("CellVoltages", state);
		assertEquals(3_695, dbc.get("CellVoltages").signals().get("minCell").raw(cells));
		assertEquals(17, dbc.get("CellVoltages").signals().get("delta").raw(cells));
		CanFrame faults = encode("Faults", state);
		assertEquals(0b1_0101, faults.data[0]); // overvoltage (bit 0), overcurrent (bit 2), stuck FET (bit 4)
		for (int i = 1; i < 8; i++) {
			assertEquals(0, faults.data[i]);
		}
	}

	@Test
	void randomValues_decodeWithinHalfAStep() throws IOException {
		Map<String, DbcMessage> dbc = readDbc();
		Random random = new Random(42);
		for (int n = 0; n < 2_000; n++) {
			int[] cells = new int[4];
			for (int i = 0; i < 4; i++) {
				cells[i] = 2_500 + random.nextInt(1_800);
			}
			PackState state = state(10_000 + random.nextInt(7_000), random.nextInt(120_000) - 60_000,
					random.nextInt(10_001), random.nextInt(6), cells,
					new int[] { random.nextInt(10_000) - 3_000, random.nextInt(10_000) - 3_000, random.nextInt(9_000) },
					random.nextInt(1 << 17));
			assertDecodesTo(state, dbc);
		}
	}

	@Test
	void roundingIsHalfAwayFromZero_andRangesSaturate() throws IOException {
		Map<String, DbcMessage> dbc = readDbc();
		DbcSignal current = dbc.get("PackStatus").signals().get("packCurrent");
		DbcSignal soc = dbc.get("PackStatus").signals().get("soc");
		DbcSignal temperature = dbc.get("PackStatus").signals().get("maxTemperature");
		DbcSignal voltage = dbc.get("PackStatus").signals().get("packVoltage");
		DbcSignal machine = dbc.get("PackStatus").signals().get("state");
		int[] cells = { 3_700, 3_700, 3_700, 3_700 };
		int[][] currentAndRaw = { { 15, 2 }, { -15, -2 }, { 14, 1 }, { -14, -1 }, { 5, 1 }, { -5, -1 }, { 4, 0 },
				{ 400_000, 32_767 }, { -400_000, -32_768 }, { 327_675, 32_767 }, { -327_685, -32_768 } };
		for (int[] pair : currentAndRaw) {
			CanFrame frame = encode("PackStatus", state(14_000, pair[0], 5_000, 0, cells, new int[3], 0));
			assertEquals(pair[1], current.raw(frame), pair[0] + " mA");
		}
		// soc 0.5 % per bit: 25 bp is half a step -> 1; negative saturates to 0; 100 % = 200
		assertEquals(1, soc.raw(encode("PackStatus", state(14_000, 0, 25, 0, cells, new int[3], 0))));
		assertEquals(0, soc.raw(encode("PackStatus", state(14_000, 0, -300, 0, cells, new int[3], 0))));
		assertEquals(200, soc.raw(encode("PackStatus", state(14_000, 0, 10_000, 0, cells, new int[3], 0))));
		// temperature 1 degC per bit, -128..127
		assertEquals(127, temperature.raw(encode("PackStatus", state(0, 0, 0, 0, cells, new int[] { 13_000, 0, 0 }, 0))));
		assertEquals(-128, temperature.raw(encode("PackStatus",
				state(0, 0, 0, 0, cells, new int[] { -15_000, -15_000, -15_000 }, 0))));
		assertEquals(-13, temperature.raw(encode("PackStatus",
				state(0, 0, 0, 0, cells, new int[] { -1_250, -1_300, -1_400 }, 0)))); // -12.5 -> -13
		// voltage 0..65.535 V, state 0..15
		assertEquals(65_535, voltage.raw(encode("PackStatus", state(70_000, 0, 0, 0, cells, new int[3], 0))));
		assertEquals(0, voltage.raw(encode("PackStatus", state(-5, 0, 0, 20, cells, new int[3], 0))));
		assertEquals(15, machine.raw(encode("PackStatus", state(0, 0, 0, 20, cells, new int[3], 0))));
	}

	@Test
	void frameHeaders_areAsModelled() {
		PackState state = state(14_000, 0, 5_000, 0, new int[] { 3_700, 3_700, 3_700, 3_700 }, new int[3], 0);
		CanFrame status = encode("PackStatus", state);
		assertEquals(0x100, status.id());
		assertFalse(status.isExtended());
		assertTrue(status.isFd()); // smart4s.bms:123 fd length 16
		assertTrue(status.isBitRateSwitch()); // data 2 Mbit/s above nominal 500 kbit/s
		assertEquals(16, status.length());
		CanFrame cells = encode("CellVoltages", state);
		assertEquals(0x101, cells.id());
		assertTrue(cells.isFd());
		assertEquals(8, cells.length());
		CanFrame faults = encode("Faults", state);
		assertEquals(0x102, faults.id());
		assertFalse(faults.isFd()); // smart4s.bms:135: classic
		assertFalse(faults.isBitRateSwitch());
		assertEquals(8, faults.length()); // no length written: 8
	}

	@Test
	void periodsOnTheSimulatedBus() throws IOException {
		Map<String, DbcMessage> dbc = readDbc();
		SimBoard board = SimBoard.reference4s(7);
		CanTelemetry telemetry = new CanTelemetry(board.stm32().can());
		PackState state = state(14_812, -2_000, 6_000, 1, new int[] { 3_700, 3_712, 3_695, 3_705 },
				new int[] { 2_345, 3_012, 2_800 }, 1 << 5);
		Map<Integer, List<Long>> arrivals = new LinkedHashMap<>();
		CanFrame received = new CanFrame();
		int ticks = 20; // 5 s of 250 ms periods
		for (int tick = 0; tick < ticks; tick++) {
			telemetry.tick(state);
			board.advance(SimBoard.CONTROL_PERIOD_MICROS);
			while (board.canTester().receive(received) == 1) {
				arrivals.computeIfAbsent(received.id(), id -> new ArrayList<>()).add(board.nowMicros());
				DbcMessage message = dbc.values().stream().filter(m -> m.id() == received.id()).findFirst().orElseThrow();
				Map<String, Double> want = expected(state);
				for (DbcSignal signal : message.signals().values()) {
					assertEquals(want.get(signal.name()), signal.physical(received), signal.factor().doubleValue() / 2,
							signal.name());
				}
			}
		}
		// smart4s.bms:123: 100 ms is shorter than the 250 ms period: once per tick (the documented shortfall)
		assertEquals(ticks, arrivals.get(0x100).size());
		assertEquals(ticks / 2, arrivals.get(0x101).size()); // 500 ms
		assertEquals(ticks / 4, arrivals.get(0x102).size()); // 1 s
		assertEquals(ticks + ticks / 2 + ticks / 4, telemetry.framesSent());
		assertEquals(0, telemetry.framesDropped());
		assertEquals(Status.INVALID_ARGUMENT, telemetry.send(3, state));
		assertEquals(Status.OK, telemetry.send(CanTelemetry.FAULTS, state));
	}
}
