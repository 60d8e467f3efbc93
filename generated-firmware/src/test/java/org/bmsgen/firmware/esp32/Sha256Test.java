package org.bmsgen.firmware.esp32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bmsgen.firmware.smart4s.esp32.Sha256;
import org.junit.jupiter.api.Test;

/** The generated SHA-256 against FIPS 180-4's examples and HMAC-SHA256 against RFC 4231's test cases. */
class Sha256Test {

    static String sha(byte[] message) {
        Sha256 sha = new Sha256();
        sha.update(message, 0, message.length);
        byte[] digest = new byte[Sha256.DIGEST_BYTES];
        sha.finish(digest, 0);
        return HexFormat.of().formatHex(digest);
    }

    static String hmac(byte[] key, byte[] message) {
        Sha256 sha = new Sha256();
        sha.hmacStart(key, 0, key.length);
        sha.update(message, 0, message.length);
        byte[] mac = new byte[Sha256.DIGEST_BYTES];
        sha.hmacFinish(mac, 0);
        return HexFormat.of().formatHex(mac);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] repeated(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void fips180_4Examples() {
        // FIPS 180-4 / NIST CSRC "SHA256.pdf" examples: one block, two blocks, and the empty message
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sha(ascii("abc")));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                sha(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha(new byte[0]));
        // one million 'a' (FIPS 180-2 appendix B.3), fed in uneven pieces
        Sha256 sha = new Sha256();
        byte[] a = repeated('a', 1000);
        for (int i = 0; i < 1000; i++) {
            sha.update(a, 0, i % 2 == 0 ? 999 : 1000);
        }
        sha.update(a, 0, 500);
        byte[] digest = new byte[32];
        sha.finish(digest, 0);
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", HexFormat.of().formatHex(digest));
    }

    @Test
    void everyLengthAroundTheBlockBoundariesMatchesTheJdk() throws Exception {
        SplittableRandom random = new SplittableRandom(4231);
        for (int length = 0; length <= 200; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message));
            assertEquals(expected, sha(message), "length " + length);
        }
    }

    @Test
    void rfc4231TestCases() {
        // RFC 4231 4.2, 4.3, 4.7, 4.8 (HMAC-SHA-256 lines)
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                hmac(repeated(0x0b, 20), ascii("Hi There")));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                hmac(ascii("Jefe"), ascii("what do ya want for nothing?")));
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                hmac(repeated(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                hmac(repeated(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger than"
                        + " block-size data. The key needs to be hashed before being used by the HMAC algorithm.")));
    }

    @Test
    void hmacMatchesTheJdkForKeysAroundTheBlockSize() throws Exception {
        SplittableRandom random = new SplittableRandom(2104);
        for (int keyLength = 1; keyLength <= 130; keyLength += 3) {
            byte[] key = new byte[keyLength];
            byte[] message = new byte[keyLength * 2 % 97];
            random.nextBytes(key);
            random.nextBytes(message);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertEquals(HexFormat.of().formatHex(mac.doFinal(message)), hmac(key, message), "key " + keyLength);
        }
    }
}
