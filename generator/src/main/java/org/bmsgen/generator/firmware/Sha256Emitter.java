package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code Sha256.java} (ESP32 image): SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) over caller-owned buffers,
 * allocation-free after construction, for the command authentication. The same for every pack: the model
 * chooses the secret, not the algorithm. Written out rather than calling mbedTLS so that the host simulation runs
 * the code the ESP32 runs (on the board, the port may swap in the SHA accelerator behind the same methods).
 */
public final class Sha256Emitter {

	public static final String TYPE_NAME = "Sha256";

	/** FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
	private static final int[] K = { 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
			0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
			0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
			0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
			0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
			0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c,
			0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
			0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

	/** FIPS 180-4 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
	private static final int[] H0 = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
			0x1f83d9ab, 0x5be0cd19 };

	public GeneratedSource emit(PackIr pack) {
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) without allocation after construction: one"
						+ " message at a time,\n{@link #reset()}, {@link #update}, {@link #finish}; or {@link #hmacStart},"
						+ " {@link #update}, {@link #hmacFinish}.\n$L\n", SourceFiles.traceLine(pack.trace()));
		type.addField(SourceFiles.intConstant("DIGEST_BYTES", 32, "Bytes of a digest (FIPS 180-4 6.2).", pack.trace()));
		type.addField(SourceFiles.intConstant("BLOCK_BYTES", 64, "Bytes of a message block (FIPS 180-4 5.2.1); also"
				+ " HMAC's key block B (RFC 2104 2).", pack.trace()));
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "K", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("FIPS 180-4 4.2.2, the round constants.\n").initializer(hexTable(K)).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "H0", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("FIPS 180-4 5.3.3, the initial hash value.\n").initializer(hexTable(H0))
				.build());
		privateArray(type, TypeName.INT, "hash", "8", "The running hash value H (FIPS 180-4 6.2.2).");
		privateArray(type, TypeName.INT, "schedule", "64", "The message schedule W of one block.");
		privateArray(type, TypeName.BYTE, "block", "BLOCK_BYTES", "Bytes of the block being filled.");
		privateArray(type, TypeName.BYTE, "keyBlock", "BLOCK_BYTES", "HMAC's K0: the key padded (or hashed) to B.");
		privateArray(type, TypeName.BYTE, "pad", "BLOCK_BYTES", "K0 xor ipad or opad.");
		privateArray(type, TypeName.BYTE, "innerDigest", "DIGEST_BYTES", "HMAC's inner hash.");
		type.addField(FieldSpec.builder(TypeName.INT, "blockLength", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "messageBytes", Modifier.PRIVATE).build());
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("Allocates the buffers once and starts a message.\n").addStatement("reset()").build());
		type.addMethod(MethodSpec.methodBuilder("reset").addModifiers(Modifier.PUBLIC)
				.addJavadoc("Starts a new message.\n")
				.addStatement("System.arraycopy(H0, 0, hash, 0, 8)").addStatement("blockLength = 0")
				.addStatement("messageBytes = 0").build());
		type.addMethod(MethodSpec.methodBuilder("update").addModifiers(Modifier.PUBLIC)
				.addParameter(byte[].class, "data").addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
				.addJavadoc("Adds bytes to the message.\n@param data source\n@param offset first byte\n@param length"
						+ " bytes to add\n")
				.beginControlFlow("for (int i = 0; i < length; i++)").addStatement("updateByte(data[offset + i])")
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("updateAscii").addModifiers(Modifier.PUBLIC)
				.addParameter(String.class, "text")
				.addJavadoc("Adds the low byte of each character of a constant (ASCII: a command's name) without"
						+ " encoding it into a new array.\n@param text the characters to add\n")
				.beginControlFlow("for (int i = 0; i < text.length(); i++)").addStatement("updateByte((byte) text.charAt(i))")
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("updateByte").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.BYTE, "value")
				.addStatement("block[blockLength++] = value").addStatement("messageBytes++")
				.beginControlFlow("if (blockLength == BLOCK_BYTES)").addStatement("compress()")
				.addStatement("blockLength = 0").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("finish").addModifiers(Modifier.PUBLIC)
				.addParameter(byte[].class, "digest").addParameter(TypeName.INT, "offset")
				.addJavadoc("Pads the message (FIPS 180-4 5.1.1), hashes the last block(s) and writes the digest; start"
						+ " the next message with {@link #reset()}.\n@param digest destination of {@link #DIGEST_BYTES}"
						+ " bytes\n@param offset first byte written\n")
				.addStatement("long bits = messageBytes * 8")
				.addStatement("updateByte((byte) 0x80)")
				.beginControlFlow("while (blockLength != BLOCK_BYTES - 8)").addStatement("updateByte((byte) 0)")
				.endControlFlow()
				.beginControlFlow("for (int shift = 56; shift >= 0; shift -= 8)")
				.addStatement("updateByte((byte) (bits >>> shift))").endControlFlow()
				.beginControlFlow("for (int i = 0; i < 8; i++)")
				.addStatement("digest[offset + 4 * i] = (byte) (hash[i] >>> 24)")
				.addStatement("digest[offset + 4 * i + 1] = (byte) (hash[i] >>> 16)")
				.addStatement("digest[offset + 4 * i + 2] = (byte) (hash[i] >>> 8)")
				.addStatement("digest[offset + 4 * i + 3] = (byte) hash[i]").endControlFlow().build());
		type.addMethod(compress());
		type.addMethod(MethodSpec.methodBuilder("hmacStart").addModifiers(Modifier.PUBLIC)
				.addParameter(byte[].class, "key").addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
				.addJavadoc("Starts HMAC-SHA256 (RFC 2104 2): K0 from the key (hashed when longer than B), then the"
						+ " inner hash over K0 xor ipad;\nthe message follows with {@link #update}.\n@param key source of"
						+ " the key\n@param offset first key byte\n@param length key bytes\n")
				.beginControlFlow("for (int i = 0; i < BLOCK_BYTES; i++)").addStatement("keyBlock[i] = 0")
				.endControlFlow()
				.beginControlFlow("if (length > BLOCK_BYTES)").addStatement("reset()")
				.addStatement("update(key, offset, length)").addStatement("finish(keyBlock, 0)")
				.nextControlFlow("else").addStatement("System.arraycopy(key, offset, keyBlock, 0, length)")
				.endControlFlow()
				.addStatement("reset()")
				.beginControlFlow("for (int i = 0; i < BLOCK_BYTES; i++)")
				.addStatement("pad[i] = (byte) (keyBlock[i] ^ 0x36)").endControlFlow()
				.addStatement("update(pad, 0, BLOCK_BYTES)").build());
		type.addMethod(MethodSpec.methodBuilder("hmacFinish").addModifiers(Modifier.PUBLIC)
				.addParameter(byte[].class, "mac").addParameter(TypeName.INT, "offset")
				.addJavadoc("Finishes HMAC-SHA256: the outer hash over K0 xor opad and the inner digest.\n@param mac"
						+ " destination of {@link #DIGEST_BYTES} bytes\n@param offset first byte written\n")
				.addStatement("finish(innerDigest, 0)").addStatement("reset()")
				.beginControlFlow("for (int i = 0; i < BLOCK_BYTES; i++)")
				.addStatement("pad[i] = (byte) (keyBlock[i] ^ 0x5c)").endControlFlow()
				.addStatement("update(pad, 0, BLOCK_BYTES)").addStatement("update(innerDigest, 0, DIGEST_BYTES)")
				.addStatement("finish(mac, offset)").build());
		return SourceFiles.file(pack, FirmwareImage.ESP32, "SHA-256 and HMAC-SHA256", type.build());
	}

	private static void privateArray(TypeSpec.Builder type, TypeName element, String name, String size, String doc) {
		type.addField(FieldSpec.builder(ArrayTypeName.of(element), name, Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("$L\n", doc).initializer("new $T[$L]", element, size).build());
	}

	private static MethodSpec compress() {
		return MethodSpec.methodBuilder("compress").addModifiers(Modifier.PRIVATE)
				.addJavadoc("FIPS 180-4 6.2.2: one 512-bit block into the hash value.\n")
				.beginControlFlow("for (int t = 0; t < 16; t++)")
				.addStatement("schedule[t] = (block[4 * t] & 0xFF) << 24 | (block[4 * t + 1] & 0xFF) << 16"
						+ " | (block[4 * t + 2] & 0xFF) << 8 | (block[4 * t + 3] & 0xFF)")
				.endControlFlow()
				.beginControlFlow("for (int t = 16; t < 64; t++)")
				.addStatement("int w15 = schedule[t - 15]").addStatement("int w2 = schedule[t - 2]")
				.addStatement("int sigma0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3)")
				.addStatement("int sigma1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10)")
				.addStatement("schedule[t] = sigma1 + schedule[t - 7] + sigma0 + schedule[t - 16]")
				.endControlFlow()
				.addStatement("int a = hash[0]").addStatement("int b = hash[1]").addStatement("int c = hash[2]")
				.addStatement("int d = hash[3]").addStatement("int e = hash[4]").addStatement("int f = hash[5]")
				.addStatement("int g = hash[6]").addStatement("int h = hash[7]")
				.beginControlFlow("for (int t = 0; t < 64; t++)")
				.addStatement("int bigSigma1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11)"
						+ " ^ Integer.rotateRight(e, 25)")
				.addStatement("int choose = (e & f) ^ (~e & g)")
				.addStatement("int t1 = h + bigSigma1 + choose + K[t] + schedule[t]")
				.addStatement("int bigSigma0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13)"
						+ " ^ Integer.rotateRight(a, 22)")
				.addStatement("int majority = (a & b) ^ (a & c) ^ (b & c)")
				.addStatement("int t2 = bigSigma0 + majority")
				.addStatement("h = g").addStatement("g = f").addStatement("f = e").addStatement("e = d + t1")
				.addStatement("d = c").addStatement("c = b").addStatement("b = a").addStatement("a = t1 + t2")
				.endControlFlow()
				.addStatement("hash[0] += a").addStatement("hash[1] += b").addStatement("hash[2] += c")
				.addStatement("hash[3] += d").addStatement("hash[4] += e").addStatement("hash[5] += f")
				.addStatement("hash[6] += g").addStatement("hash[7] += h").build();
	}

	private static CodeBlock hexTable(int[] values) {
		CodeBlock.Builder table = CodeBlock.builder().add("{\n").indent();
		for (int i = 0; i < values.length; i += 8) {
			List<String> row = new ArrayList<>();
			for (int j = i; j < Math.min(values.length, i + 8); j++) {
				row.add(String.format("0x%08x", values[j]));
			}
			table.add("$L,\n", String.join(", ", row));
		}
		return table.unindent().add("}").build();
	}
}
