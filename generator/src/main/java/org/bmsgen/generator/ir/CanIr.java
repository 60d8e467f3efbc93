package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The CAN bus and its messages with the signal layout resolved by
 * {@link org.bmsgen.dsl.parts.CanSignalLayout} (DBC bit numbering).
 *
 * @param bus null when the pack has no {@code can} block
 */
public record CanIr(Bus bus, List<Message> messages) {

	/** @param dataBitRate 0 for classic CAN or when not written */
	public record Bus(String transceiver, boolean fd, int nominalBitRate, int dataBitRate, Trace trace) {

		/** CAN FD frames switch to the data bit rate (BRS) when the bus has one above the nominal rate. */
		public boolean bitRateSwitch() {
			return fd && dataBitRate > nominalBitRate;
		}
	}

	/**
	 * @param index position in model order (the operand of a {@code send} action)
	 * @param lengthBytes the written length, 8 when none is written
	 * @param periodMs the transmit period
	 */
	public record Message(int index, String name, int id, boolean extended, boolean fd, int lengthBytes, int periodMs,
			List<Signal> signals, Trace trace) {
	}

	/**
	 * A signal. Physical value in the source's unit = raw x scale + offset, where scale and offset are exact
	 * fractions in the source's fixed-point unit ({@code scale 0.01 A} from current: 10/1 mA per bit). Encoding:
	 * raw = (value - offset) / scale rounded to nearest (half away from zero), then saturated to
	 * [rawMin, rawMax].
	 *
	 * @param bitPositions frame bit (DBC numbering) of the signal bit of weight 2^i, at index i
	 * @param rawMin from the length and signedness (two's complement for signed)
	 * @param rawMax from the length and signedness
	 * @param minimum the written range's low end in the source's unit, null when none is written
	 * @param maximum the written range's high end, null when none is written
	 */
	public record Signal(String name, int startBit, int length, boolean bigEndian, boolean signed, Rational scale,
			Rational offset, ScaledValue minimum, ScaledValue maximum, List<Integer> bitPositions, long rawMin,
			long rawMax, SignalSource source, Trace trace) {
	}
}
