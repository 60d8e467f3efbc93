package org.bmsgen.generator.firmware;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code CommandAuthenticator.java} (ESP32 image): the trust boundary of the board's commands. A client asks for
 * a nonce (16 random bytes from the {@code RandomSource}), computes HMAC-SHA256(secret, nonce || command name) with
 * the model's secret and sends command, nonce and MAC; the authenticator accepts a command only if it is one the
 * model lists, the nonce was issued by it, is unused and not expired, and the MAC matches (constant-time compare).
 * The result is the command's code on the link ({@code LinkFrames.COMMAND_*}).
 * A nonce is spent by the first attempt that presents it, whatever the outcome: one guess per nonce, no replay.
 * Without a secret in the model every command is refused. None of the link's commands switches a
 * protection off.
 */
public final class CommandAuthenticatorEmitter {

	public static final String TYPE_NAME = "CommandAuthenticator";

	/** Nonce length: 128 bits, beyond guessing within a nonce's life. */
	static final int NONCE_BYTES = 16;
	/** Nonces outstanding at once: a few clients (phone, laptop) asking at the same time. */
	static final int NONCE_SLOTS = 4;
	/** A nonce's life: enough for a user to confirm a command on a phone, short enough to bound a replay window. */
	static final int NONCE_LIFETIME_MS = 30_000;

	public GeneratedSource emit(PackIr pack) {
		RadioIr radio = pack.radio();
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName random = ClassName.get("org.bmsgen.platform", "RandomSource");
		ClassName linkFrames = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.ESP32), "LinkFrames");
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Authenticates pack $L's remote commands: HMAC-SHA256 with the model's secret over a nonce"
						+ " this class issued\nand the command's name, {@code HMAC(secret, nonce || name)}; each nonce is"
						+ " good for one attempt and {@link #NONCE_LIFETIME_MICROS}.\nOnly the modelled commands exist"
						+ " here; none of them switches a protection off.\n$L\n", pack.name(),
						SourceFiles.traceLine(radio.trace()));
		type.addField(SourceFiles.intConstant("NONCE_BYTES", NONCE_BYTES, "Bytes of a nonce (128 bits).", radio.trace()));
		type.addField(SourceFiles.intConstant("MAC_BYTES", 32, "Bytes of an HMAC-SHA256.", radio.trace()));
		type.addField(SourceFiles.intConstant("NONCE_SLOTS", NONCE_SLOTS, "Nonces outstanding at once; issuing one"
				+ " more replaces the oldest.", radio.trace()));
		type.addField(SourceFiles.constant(TypeName.LONG, "NONCE_LIFETIME_MICROS", CodeBlock.of("$LL",
				NONCE_LIFETIME_MS * 1000L), "How long an issued nonce is good (30 s).", radio.trace()));
		type.addField(SourceFiles.intConstant("COMMAND_COUNT", radio.commands().size(), "Commands the model lets a"
				+ " client send.", radio.trace()));
		List<CodeBlock> names = new ArrayList<>();
		List<CodeBlock> codes = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (String command : radio.commands()) {
			names.add(CodeBlock.of("$S", command));
			codes.add(CodeBlock.of("$T.$L", linkFrames, LinkFramesEmitter.commandConstant(command)));
			comments.add(command);
		}
		type.addField(SourceFiles.intConstant("REJECTED_UNKNOWN_COMMAND", -20, "Refused: not a command of the model.",
				radio.trace()));
		type.addField(SourceFiles.intConstant("REJECTED_NONCE", -21, "Refused: a nonce not issued here, already"
				+ " presented once, or expired.", radio.trace()));
		type.addField(SourceFiles.intConstant("REJECTED_MAC", -22, "Refused: the MAC is not the secret's over nonce"
				+ " and command.", radio.trace()));
		type.addField(SourceFiles.intConstant("REJECTED_NO_SECRET", -23, "Refused: the model has no secret, so no"
				+ " command can be authenticated.", radio.trace()));
		type.addField(FieldSpec.builder(ArrayTypeName.of(String.class), "COMMAND_NAMES", Modifier.PRIVATE,
				Modifier.STATIC, Modifier.FINAL).addJavadoc("The commands' names as the model writes them, model order.\n")
				.initializer(names.isEmpty() ? CodeBlock.of("{}") : SourceFiles.table(names, comments)).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "COMMAND_CODES", Modifier.PRIVATE,
				Modifier.STATIC, Modifier.FINAL).addJavadoc("Each command's link code, model order.\n")
				.initializer(codes.isEmpty() ? CodeBlock.of("{}") : SourceFiles.table(codes, comments)).build());
		byte[] secret = radio.secret().getBytes(StandardCharsets.UTF_8);
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "SECRET", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("The model's secret, UTF-8 ($L bytes; empty: commands disabled).\n$L\n",
						secret.length, SourceFiles.traceLine(radio.trace()))
				.initializer(secretInitializer(secret)).build());
		type.addField(FieldSpec.builder(random, "random", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(ClassName.get(FirmwarePackage.of(pack, FirmwareImage.ESP32), Sha256Emitter.TYPE_NAME), "sha", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new $L()", Sha256Emitter.TYPE_NAME).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "nonces", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("The outstanding nonces, slot after slot.\n")
				.initializer("new byte[NONCE_SLOTS * NONCE_BYTES]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.LONG), "issuedMicros", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new long[NONCE_SLOTS]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BOOLEAN), "outstanding", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new boolean[NONCE_SLOTS]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "expected", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("The MAC computed here, compared with the client's.\n").initializer("new byte[MAC_BYTES]")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "nextSlot", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "accepted", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "rejected", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(random, "random")
				.addJavadoc("@param random the source of the nonces (the ESP32's hardware RNG)\n")
				.addStatement("this.random = random").build());
		type.addMethod(MethodSpec.methodBuilder("issueNonce").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.LONG, "nowMicros").addParameter(byte[].class, "into")
				.addParameter(TypeName.INT, "offset")
				.addJavadoc("Draws a new nonce, good once until {@link #NONCE_LIFETIME_MICROS} from now; it replaces the"
						+ " oldest slot.\n@param nowMicros the time now\n@param into destination of {@link #NONCE_BYTES}"
						+ " bytes\n@param offset first byte written\n@return {@link $T#OK}, or the random source's"
						+ " failure (no nonce issued)\n", status)
				.addStatement("int slot = nextSlot")
				.addStatement("int drawn = random.fill(nonces, slot * NONCE_BYTES, NONCE_BYTES)")
				.beginControlFlow("if (drawn < 0)").addStatement("outstanding[slot] = false").addStatement("return drawn")
				.endControlFlow()
				.addStatement("issuedMicros[slot] = nowMicros").addStatement("outstanding[slot] = true")
				.addStatement("nextSlot = (slot + 1) % NONCE_SLOTS")
				.addStatement("System.arraycopy(nonces, slot * NONCE_BYTES, into, offset, NONCE_BYTES)")
				.addStatement("return $T.OK", status).build());
		type.addMethod(MethodSpec.methodBuilder("commandIndex").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(byte[].class, "text").addParameter(TypeName.INT, "offset")
				.addParameter(TypeName.INT, "length")
				.addJavadoc("Finds a command by its name in ASCII bytes (an HTTP body).\n@param text source\n@param"
						+ " offset first byte of the name\n@param length bytes of the name\n@return the command's index"
						+ " in model order, or -1 when the model has no command of that name\n")
				.beginControlFlow("for (int command = 0; command < COMMAND_COUNT; command++)")
				.addStatement("String name = COMMAND_NAMES[command]")
				.beginControlFlow("if (name.length() != length)").addStatement("continue").endControlFlow()
				.addStatement("boolean same = true")
				.beginControlFlow("for (int i = 0; i < length && same; i++)")
				.addStatement("same = (text[offset + i] & 0xFF) == name.charAt(i)").endControlFlow()
				.beginControlFlow("if (same)").addStatement("return command").endControlFlow()
				.endControlFlow().addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("commandName").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(String.class).addParameter(TypeName.INT, "command")
				.addJavadoc("@param command an index from {@link #commandIndex}\n@return the command's model name (a"
						+ " constant)\n")
				.addStatement("return COMMAND_NAMES[command]").build());
		type.addMethod(MethodSpec.methodBuilder("linkCode").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "command")
				.addJavadoc("@param command an index from {@link #commandIndex}\n@return the command's link code\n")
				.addStatement("return COMMAND_CODES[command]").build());
		type.addMethod(MethodSpec.methodBuilder("authenticate").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "command").addParameter(byte[].class, "nonce")
				.addParameter(TypeName.INT, "nonceOffset").addParameter(byte[].class, "mac")
				.addParameter(TypeName.INT, "macOffset").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("Checks a client's command. The nonce is spent whatever the outcome.\n@param command an"
						+ " index from {@link #commandIndex}, or -1\n@param nonce source of the {@link #NONCE_BYTES}"
						+ " nonce\n@param nonceOffset first nonce byte\n@param mac source of the {@link #MAC_BYTES}"
						+ " MAC\n@param macOffset first MAC byte\n@param nowMicros the time now\n@return the command's"
						+ " link code (positive) if it is authentic, else a {@code REJECTED_*} code\n")
				.beginControlFlow("if (command < 0 || command >= COMMAND_COUNT)")
				.addStatement("rejected++").addStatement("return REJECTED_UNKNOWN_COMMAND").endControlFlow()
				.addStatement("int slot = -1")
				.beginControlFlow("for (int candidate = 0; candidate < NONCE_SLOTS; candidate++)")
				.addStatement("boolean live = outstanding[candidate]"
						+ " && nowMicros - issuedMicros[candidate] <= NONCE_LIFETIME_MICROS")
				.beginControlFlow("if (live && sameBytes(nonces, candidate * NONCE_BYTES, nonce, nonceOffset,"
						+ " NONCE_BYTES))")
				.addStatement("slot = candidate").endControlFlow().endControlFlow()
				.beginControlFlow("if (slot < 0)").addStatement("rejected++").addStatement("return REJECTED_NONCE")
				.endControlFlow()
				.addStatement("outstanding[slot] = false")
				.beginControlFlow("if (SECRET.length == 0)").addStatement("rejected++")
				.addStatement("return REJECTED_NO_SECRET").endControlFlow()
				.addStatement("sha.hmacStart(SECRET, 0, SECRET.length)")
				.addStatement("sha.update(nonces, slot * NONCE_BYTES, NONCE_BYTES)")
				.addStatement("sha.updateAscii(COMMAND_NAMES[command])")
				.addStatement("sha.hmacFinish(expected, 0)")
				.beginControlFlow("if (!sameBytes(expected, 0, mac, macOffset, MAC_BYTES))")
				.addStatement("rejected++").addStatement("return REJECTED_MAC").endControlFlow()
				.addStatement("accepted++").addStatement("return COMMAND_CODES[command]").build());
		type.addMethod(MethodSpec.methodBuilder("sameBytes").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(byte[].class, "a").addParameter(TypeName.INT, "aOffset")
				.addParameter(byte[].class, "b").addParameter(TypeName.INT, "bOffset").addParameter(TypeName.INT, "length")
				.addJavadoc("Compares in a time that does not depend on where the bytes differ (no early exit), so a"
						+ " client cannot find a MAC byte by byte from the answer's timing.\n")
				.addStatement("int difference = 0")
				.beginControlFlow("for (int i = 0; i < length; i++)")
				.addStatement("difference |= a[aOffset + i] ^ b[bOffset + i]").endControlFlow()
				.addStatement("return difference == 0").build());
		type.addMethod(MethodSpec.methodBuilder("accepted").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return commands authenticated so far\n").addStatement("return accepted").build());
		type.addMethod(MethodSpec.methodBuilder("rejected").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return commands refused so far\n").addStatement("return rejected").build());
		return SourceFiles.file(pack, FirmwareImage.ESP32, "Command authenticator", type.build());
	}

	private static CodeBlock secretInitializer(byte[] secret) {
		if (secret.length == 0) {
			return CodeBlock.of("{}");
		}
		CodeBlock.Builder table = CodeBlock.builder().add("{\n").indent();
		for (int i = 0; i < secret.length; i += 12) {
			List<String> row = new ArrayList<>();
			for (int j = i; j < Math.min(secret.length, i + 12); j++) {
				int value = secret[j] & 0xFF;
				row.add(value > 0x7F ? "(byte) " + SourceFiles.hex(value) : SourceFiles.hex(value));
			}
			table.add("$L,\n", String.join(", ", row));
		}
		return table.unindent().add("}").build();
	}
}
