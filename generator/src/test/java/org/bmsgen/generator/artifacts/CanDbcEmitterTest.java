package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsgen.dsl.bms.ByteOrder;
import org.bmsgen.dsl.parts.CanSignalLayout;
import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Rational;
import org.bmsgen.generator.ir.ScaledUnit;
import org.bmsgen.generator.ir.SignalSource;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.Trace;
import org.junit.jupiter.api.Test;

class CanDbcEmitterTest {

	private final CanDbcEmitter emitter = new CanDbcEmitter();

	@Test
	void referencePack_matchesGolden() {
		GeneratedArtifact dbc = emitter.emit(TestModels.reference());
		assertEquals("Smart4S.dbc", dbc.fileName());
		Golden.assertMatches("Smart4S.dbc", dbc.text());
	}

	@Test
	void everyPack_everySignalDecodesFramesEncodedByTheIrLayout() {
		for (Map.Entry<String, String> model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			assertRoundTrip(pack, new DbcFile(emitter.emit(pack).text()));
		}
	}

	@Test
	void bigEndianExtendedSignedWithOffset_decodesAsTheIrEncodes() {
		PackIr pack = benchPack();
		DbcFile dbc = new DbcFile(emitter.emit(pack).text());
		DbcFile.Message message = dbc.message("Bench");
		assertEquals(0x18FF50E5L | 0x8000_0000L, message.dbcId());
		assertEquals((long) CanDbcEmitter.EXTENDED_CAN, dbc.messageAttributes.get("VFrameFormat " + message.dbcId()));
		DbcFile.Signal current = message.signal("current");
		assertFalse(current.littleEndian());
		assertTrue(current.signed());
		assertEquals(0, new BigDecimal("0.1").compareTo(current.factor()));
		assertEquals(0, new BigDecimal("-500").compareTo(current.offset()));
		assertEquals("A", current.unit());
		assertRoundTrip(pack, dbc);
	}

	@Test
	void referencePack_fdFramesCycleTimesAndBus() {
		PackIr pack = TestModels.reference();
		DbcFile dbc = new DbcFile(emitter.emit(pack).text());
		assertEquals("CAN FD", dbc.networkAttributes.get("BusType"));
		assertEquals("500000", dbc.networkAttributes.get("Baudrate"));
		assertEquals("2000000", dbc.networkAttributes.get("BaudrateCANFD"));
		assertEquals(List.of(CanDbcEmitter.TRANSMITTER, CanDbcEmitter.RECEIVER), dbc.nodes);
		for (CanIr.Message message : pack.can().messages()) {
			DbcFile.Message parsed = dbc.message(message.name());
			assertEquals(message.id(), parsed.dbcId());
			assertEquals(message.lengthBytes(), parsed.length());
			assertEquals(CanDbcEmitter.TRANSMITTER, parsed.transmitter());
			assertEquals((long) message.periodMs(), dbc.messageAttributes.get("GenMsgCycleTime " + message.id()));
			assertEquals(message.fd() ? 14L : 0L, dbc.messageAttributes.get("VFrameFormat " + message.id()));
			assertEquals(message.trace().toString(), trailingTrace(dbc.comments.get(Long.toString(message.id()))));
			for (CanIr.Signal signal : message.signals()) {
				assertEquals(signal.trace().toString(),
						trailingTrace(dbc.comments.get(message.id() + " " + signal.name())));
			}
		}
		// the model: PackStatus fd length 16 every 100 ms, Faults classic every 1 s
		assertEquals(16, dbc.message("PackStatus").length());
		assertEquals(1000L, dbc.messageAttributes.get("GenMsgCycleTime 258"));
		assertEquals(1L, dbc.messageAttributes.get("CANFD_BRS 256"));
	}

	@Test
	void stateSignal_hasValueTableOfTheMachinesStates() {
		PackIr pack = TestModels.reference();
		DbcFile dbc = new DbcFile(emitter.emit(pack).text());
		StateMachineIr control = pack.stateMachine("Control");
		Map<Long, String> table = dbc.valueTables.get("256 state");
		assertEquals(control.states().size(), table.size());
		for (StateMachineIr.State state : control.states()) {
			assertEquals(state.name(), table.get((long) state.index()));
		}
		assertEquals("Init", table.get(0L));
	}

	@Test
	void writtenRange_isTheDbcRange_otherwiseTheRawRange() {
		DbcFile dbc = new DbcFile(emitter.emit(TestModels.reference()).text());
		// packCurrent 16|16 signed scale 0.01 A, no range written: -32768..32767 x 0.01 A
		DbcFile.Signal current = dbc.message("PackStatus").signal("packCurrent");
		assertEquals(0, new BigDecimal("-327.68").compareTo(current.minimum()));
		assertEquals(0, new BigDecimal("327.67").compareTo(current.maximum()));
		// soc 32|8 unsigned scale 0.5 %: 0..127.5 %
		DbcFile.Signal soc = dbc.message("PackStatus").signal("soc");
		assertEquals(0, new BigDecimal("0.5").compareTo(soc.factor()));
		assertEquals("%", soc.unit());
		assertEquals(0, new BigDecimal("127.5").compareTo(soc.maximum()));
	}

	// ------------------------------------------------------------------ helpers

	private static String trailingTrace(String comment) {
		assertTrue(comment != null && comment.endsWith(")"), () -> "comment without trace: " + comment);
		return comment.substring(comment.lastIndexOf('(') + 1, comment.length() - 1);
	}

	/**
	 * For several raw values per signal (lowest, highest, alternating bits, -1 / 1), every signal of a message is
	 * encoded into the same frame with CanSignalLayout, then decoded from the DBC's fields alone; the physical value
	 * must equal the IR's raw x scale + offset in the base unit.
	 */
	static void assertRoundTrip(PackIr pack, DbcFile dbc) {
		for (CanIr.Message message : pack.can().messages()) {
			DbcFile.Message parsed = dbc.messages.stream().filter(m -> m.name().equals(message.name())).findFirst()
					.orElseThrow(() -> new AssertionError(pack.name() + ": no " + message.name() + " in the DBC"));
			assertEquals(message.signals().size(), parsed.signals().size(), message.name());
			for (int variant = 0; variant < 4; variant++) {
				byte[] frame = new byte[message.lengthBytes()];
				List<Long> raws = new ArrayList<>();
				for (CanIr.Signal signal : message.signals()) {
					long raw = exampleRaw(signal, variant);
					raws.add(raw);
					CanSignalLayout.of(signal.startBit(), signal.length(),
							signal.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).encode(raw, frame);
				}
				for (int i = 0; i < message.signals().size(); i++) {
					CanIr.Signal signal = message.signals().get(i);
					BigDecimal expected = physical(signal, raws.get(i));
					BigDecimal decoded = parsed.signal(signal.name()).physical(frame);
					assertEquals(0, expected.compareTo(decoded), pack.name() + " " + message.name() + "." + signal.name()
							+ " raw " + raws.get(i) + ": IR " + expected + ", DBC " + decoded);
				}
			}
		}
	}

	private static long exampleRaw(CanIr.Signal signal, int variant) {
		return switch (variant) {
			case 0 -> signal.rawMin();
			case 1 -> signal.rawMax();
			case 2 -> Math.max(signal.rawMin(), Math.min(signal.rawMax(), 0x5555_5555_5555_5555L & signal.rawMax()));
			default -> signal.signed() ? -1 : Math.min(1, signal.rawMax());
		};
	}

	/** raw x scale + offset in the fixed-point unit, times the unit's step: exact. */
	private static BigDecimal physical(CanIr.Signal signal, long raw) {
		ScaledUnit unit = signal.source().unit();
		BigDecimal scale = fraction(signal.scale());
		BigDecimal offset = fraction(signal.offset());
		return scale.multiply(BigDecimal.valueOf(raw)).add(offset).multiply(unit.baseUnitsPerStep());
	}

	private static BigDecimal fraction(Rational value) {
		return new BigDecimal(value.numerator()).divide(new BigDecimal(value.denominator()), MathContext.DECIMAL128);
	}

	/** A pack with one classic extended frame of big-endian signals, one signed with an offset. */
	static PackIr benchPack() {
		Trace trace = new Trace("bench.bms", 1);
		SignalSource current = new SignalSource(SignalSource.Kind.MEASUREMENT, MeasuredQuantity.PACK_CURRENT, -1, -1,
				-1, ScaledUnit.MILLIAMPERE);
		SignalSource voltage = new SignalSource(SignalSource.Kind.MEASUREMENT, MeasuredQuantity.PACK_VOLTAGE, -1, -1,
				-1, ScaledUnit.MILLIVOLT);
		List<CanIr.Signal> signals = List.of(
				signal("current", 11, 12, true, true, new Rational(100, 1), new Rational(-500_000, 1), current, trace),
				signal("voltage", 39, 16, true, false, Rational.ONE, Rational.ZERO, voltage, trace),
				signal("voltageIntel", 48, 13, false, false, new Rational(5, 1), new Rational(250, 1), voltage, trace));
		CanIr.Message message = new CanIr.Message(0, "Bench", 0x18FF50E5, true, false, 8, 20, signals, trace);
		CanIr can = new CanIr(new CanIr.Bus("MCP2562", false, 250_000, 0, trace), List.of(message));
		return new PackIr("Bench", List.of("Bench"), List.of("bench.bms"), null, null, null, List.of(), null, null,
				List.of(), can, null, null, trace);
	}

	private static CanIr.Signal signal(String name, int start, int length, boolean bigEndian, boolean signed,
			Rational scale, Rational offset, SignalSource source, Trace trace) {
		CanSignalLayout layout = CanSignalLayout.of(start, length, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < length; i++) {
			positions.add(layout.positionOf(i));
		}
		long rawMin = signed ? -(1L << (length - 1)) : 0;
		long rawMax = signed ? (1L << (length - 1)) - 1 : (1L << length) - 1;
		return new CanIr.Signal(name, start, length, bigEndian, signed, scale, offset, null, null, List.copyOf(positions),
				rawMin, rawMax, source, trace);
	}
}
