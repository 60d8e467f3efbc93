package org.bmsgen.dsl.parts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.bmsgen.dsl.bms.ByteOrder;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Bit layouts as a DBC (Vector convention) reads them; expected bytes worked out by hand. */
class CanSignalLayoutTest {

	@Test
	void littleEndianSixteenBitsAtZero_lowByteFirst() {
		CanSignalLayout layout = CanSignalLayout.of(0, 16, ByteOrder.LITTLE_ENDIAN);
		byte[] frame = new byte[8];
		layout.encode(0x1234, frame);
		assertArrayEquals(new byte[] { 0x34, 0x12, 0, 0, 0, 0, 0, 0 }, frame);
		assertEquals(2, layout.bytesNeeded());
		assertEquals(0, layout.lsbPosition());
		assertEquals(15, layout.msbPosition());
	}

	@Test
	void littleEndianAcrossByteBoundary() {
		// 12|8: bits 12..15 of byte 1 hold the low nibble, bits 0..3 of byte 2 the high nibble
		CanSignalLayout layout = CanSignalLayout.of(12, 8, ByteOrder.LITTLE_ENDIAN);
		byte[] frame = new byte[8];
		layout.encode(0xAB, frame);
		assertEquals((byte) 0xB0, frame[1]);
		assertEquals((byte) 0x0A, frame[2]);
		assertEquals(3, layout.bytesNeeded());
	}

	@Test
	void bigEndianSixteenBitsStartBitSeven_highByteFirst() {
		// DBC @0: start bit is the MSB; 7|16 fills byte 0 (high) then byte 1 (low)
		CanSignalLayout layout = CanSignalLayout.of(7, 16, ByteOrder.BIG_ENDIAN);
		byte[] frame = new byte[8];
		layout.encode(0x1234, frame);
		assertArrayEquals(new byte[] { 0x12, 0x34, 0, 0, 0, 0, 0, 0 }, frame);
		assertEquals(7, layout.msbPosition());
		assertEquals(8, layout.lsbPosition());
		assertEquals(2, layout.bytesNeeded());
	}

	@Test
	void bigEndianTwelveBitsStartBitThree_sawtooth() {
		// MSB at bit 3 of byte 0; 4 bits in byte 0 (3..0), then byte 1 bits 7..0
		CanSignalLayout layout = CanSignalLayout.of(3, 12, ByteOrder.BIG_ENDIAN);
		byte[] frame = new byte[8];
		layout.encode(0xABC, frame);
		assertEquals((byte) 0x0A, frame[0]);
		assertEquals((byte) 0xBC, frame[1]);
		BitSet expected = new BitSet();
		expected.set(0, 4);
		expected.set(8, 16);
		assertEquals(expected, layout.bits());
	}

	@Test
	void bigEndianSignalFromTheLastByteRunsOffTheFrame() {
		// start bit 63 is the MSB of byte 7; a 16-bit Motorola signal continues in byte 8
		CanSignalLayout layout = CanSignalLayout.of(63, 16, ByteOrder.BIG_ENDIAN);
		assertEquals(9, layout.bytesNeeded());
		assertFalse(layout.fitsIn(8));
		assertTrue(layout.fitsIn(12));
	}

	@Test
	void nullByteOrderIsLittleEndian() {
		assertEquals(ByteOrder.LITTLE_ENDIAN, CanSignalLayout.of(0, 8, null).byteOrder());
	}

	@Test
	void overlapIsSharedBits() {
		CanSignalLayout a = CanSignalLayout.of(0, 16, ByteOrder.LITTLE_ENDIAN);
		assertTrue(a.overlaps(CanSignalLayout.of(15, 1, ByteOrder.LITTLE_ENDIAN)));
		assertFalse(a.overlaps(CanSignalLayout.of(16, 8, ByteOrder.LITTLE_ENDIAN)));
		// Motorola 7|16 occupies bytes 0 and 1, exactly Intel 0|16's bits
		assertEquals(a.bits(), CanSignalLayout.of(7, 16, ByteOrder.BIG_ENDIAN).bits());
	}

	@Test
	void invalidLengthsAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> CanSignalLayout.of(0, 0, ByteOrder.LITTLE_ENDIAN));
		assertThrows(IllegalArgumentException.class, () -> CanSignalLayout.of(0, 65, ByteOrder.LITTLE_ENDIAN));
	}

	@Property(tries = 300)
	void encodeThenDecodeGivesTheValueBack(@ForAll @IntRange(min = 0, max = 63) int byteBit,
			@ForAll @IntRange(min = 1, max = 32) int length, @ForAll boolean bigEndian, @ForAll long value) {
		CanSignalLayout layout = CanSignalLayout.of(byteBit, length, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		byte[] frame = new byte[layout.bytesNeeded()];
		long raw = value & ((1L << length) - 1);
		layout.encode(raw, frame);
		assertEquals(raw, layout.decode(frame));
		assertEquals(length, layout.bits().cardinality());
	}
}
