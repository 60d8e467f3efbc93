package org.bmsgen.sim.afe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Crc8Test {

    @Test
    void checkValueOf123456789IsF4() {
        byte[] text = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xF4, Crc8.of(text, 0, text.length));
        int[] asInts = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            asInts[i] = text[i];
        }
        assertEquals(0xF4, ReferenceCrc.crc(asInts));
    }

    @Test
    void tableMatchesBitwiseDefinitionOnRandomMessages() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int length = random.nextInt(1, 12);
            byte[] message = new byte[length];
            int[] asInts = new int[length];
            for (int i = 0; i < length; i++) {
                message[i] = (byte) random.nextInt(256);
                asInts[i] = message[i];
            }
            assertEquals(ReferenceCrc.crc(asInts), Crc8.of(message, 0, length));
        }
    }
}
