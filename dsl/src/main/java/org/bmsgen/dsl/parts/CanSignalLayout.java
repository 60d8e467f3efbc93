package org.bmsgen.dsl.parts;

import java.util.BitSet;

import org.bmsgen.dsl.bms.ByteOrder;

/**
 * Where a CAN signal's bits sit in the frame, in the bit numbering of the DBC format that the DBC emitter
 * writes: bit {@code 8 * byte + n}, where byte 0 is the first data byte on the wire and n = 0 is the least
 * significant bit of that byte.
 * <ul>
 * <li>Little-endian (Intel, DBC {@code @1}): the start bit is the signal's least significant bit; the signal
 * runs up through increasing bit numbers, continuing into the next byte's bit 0.</li>
 * <li>Big-endian (Motorola, DBC {@code @0}): following the DBC convention (Vector's, used by the common DBC
 * tools), the start bit is the signal's <em>most</em> significant bit; the signal runs down within a
 * byte and continues at bit 7 of the next byte (the "sawtooth"). A 16-bit big-endian signal with start
 * bit 7 fills bytes 0 and 1, byte 0 holding the high byte.</li>
 * </ul>
 */
public final class CanSignalLayout {

	/** Largest signal a DBC and the generated pack/unpack code (a {@code long}) carry. */
	public static final int MAX_SIGNAL_BITS = 64;

	/** Bits of the largest frame, CAN FD's 64 bytes. */
	public static final int MAX_FRAME_BITS = 64 * 8;

	private final int start;
	private final int length;
	private final ByteOrder byteOrder;
	private final int[] positions;

	private CanSignalLayout(int start, int length, ByteOrder byteOrder) {
		if (length < 1 || length > MAX_SIGNAL_BITS) {
			throw new IllegalArgumentException("signal length " + length + " is not 1.." + MAX_SIGNAL_BITS);
		}
		if (start < 0 || start >= MAX_FRAME_BITS) {
			throw new IllegalArgumentException("start bit " + start + " is not 0.." + (MAX_FRAME_BITS - 1));
		}
		this.start = start;
		this.length = length;
		this.byteOrder = byteOrder;
		this.positions = new int[length];
		// positions[i] holds the frame bit of the signal's bit of weight 2^i
		if (byteOrder == ByteOrder.BIG_ENDIAN) {
			int position = start;
			for (int i = length - 1; i >= 0; i--) {
				positions[i] = position;
				position = position % 8 == 0 ? position + 15 : position - 1;
			}
		} else {
			for (int i = 0; i < length; i++) {
				positions[i] = start + i;
			}
		}
	}

	/** The layout of {@code start|length} in a byte order; null order means little-endian, the grammar's default. */
	public static CanSignalLayout of(int start, int length, ByteOrder byteOrder) {
		return new CanSignalLayout(start, length, byteOrder == null ? ByteOrder.LITTLE_ENDIAN : byteOrder);
	}

	/** The start bit as the model and a DBC write it. */
	public int startBit() {
		return start;
	}

	public int length() {
		return length;
	}

	public ByteOrder byteOrder() {
		return byteOrder;
	}

	/** Frame bit holding the signal bit of weight {@code 2^significance}. */
	public int positionOf(int significance) {
		return positions[significance];
	}

	/** Frame bit of the least significant bit. */
	public int lsbPosition() {
		return positions[0];
	}

	/** Frame bit of the most significant bit. */
	public int msbPosition() {
		return positions[length - 1];
	}

	/** All frame bits the signal occupies. */
	public BitSet bits() {
		BitSet bits = new BitSet();
		for (int position : positions) {
			bits.set(position);
		}
		return bits;
	}

	/** Number of data bytes the frame needs to hold the signal: one past the highest byte touched. */
	public int bytesNeeded() {
		int highest = 0;
		for (int position : positions) {
			highest = Math.max(highest, position / 8);
		}
		return highest + 1;
	}

	/** True when every bit lies within a frame of {@code frameBytes} data bytes. */
	public boolean fitsIn(int frameBytes) {
		return bytesNeeded() <= frameBytes;
	}

	/** True when the two signals share at least one frame bit. */
	public boolean overlaps(CanSignalLayout other) {
		return bits().intersects(other.bits());
	}

	/** Writes a raw value (two's complement for signed) into a frame: the encoding the layout describes. */
	public void encode(long raw, byte[] frame) {
		for (int i = 0; i < length; i++) {
			int position = positions[i];
			int mask = 1 << (position % 8);
			if ((raw >>> i & 1L) != 0) {
				frame[position / 8] |= (byte) mask;
			} else {
				frame[position / 8] &= (byte) ~mask;
			}
		}
	}

	/** Reads the raw bits back (zero-extended). */
	public long decode(byte[] frame) {
		long raw = 0;
		for (int i = 0; i < length; i++) {
			int position = positions[i];
			if ((frame[position / 8] >> (position % 8) & 1) != 0) {
				raw |= 1L << i;
			}
		}
		return raw;
	}

	@Override
	public String toString() {
		return start + "|" + length + (byteOrder == ByteOrder.BIG_ENDIAN ? "@0" : "@1");
	}
}
