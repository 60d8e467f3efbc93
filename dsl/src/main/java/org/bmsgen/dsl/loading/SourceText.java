package org.bmsgen.dsl.loading;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The text of one .bms file, or the reason it cannot be a model: every way a file can be unusable is
 * turned into a positioned {@link Diagnostic} here, before the parser sees it.
 */
public final class SourceText {

	/**
	 * Refused without reading: the largest reference model is a few KiB and even a pack with every
	 * OCV/ECM table written out stays far below 1 MiB. Xtext keeps a node model of roughly 100 bytes of
	 * heap per character, so 8 MiB of text would need about a gigabyte; a file that large is a log, an
	 * export or the wrong file, not a model someone wrote.
	 */
	public static final long MAX_BYTES = 8L * 1024 * 1024;

	/** The content problems, as diagnostic codes (the language's own codes start "bms."). */
	public static final String CODE_EMPTY = "empty-file";
	public static final String CODE_BINARY = "not-text";
	public static final String CODE_TOO_LARGE = "file-too-large";
	public static final String CODE_ENCODING = "encoding";

	private static final byte[] UTF8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private final String text;
	private final boolean byteOrderMark;
	private final Diagnostic problem;

	private SourceText(String text, boolean byteOrderMark, Diagnostic problem) {
		this.text = text;
		this.byteOrderMark = byteOrderMark;
		this.problem = problem;
	}

	/** The text, without a UTF-8 byte order mark; null when {@link #problem()} is set. */
	public String text() {
		return text;
	}

	/** Whether the file started with a UTF-8 byte order mark (kept when the file is rewritten). */
	public boolean byteOrderMark() {
		return byteOrderMark;
	}

	/** Why the content cannot be parsed, or null. */
	public Diagnostic problem() {
		return problem;
	}

	/**
	 * Reads a file, refusing it when it is too large before reading it.
	 *
	 * @throws NoSuchFileException when the file is missing; other IOExceptions when it cannot be read
	 */
	public static SourceText read(Path file, String displayPath) throws IOException {
		long size = Files.size(file);
		if (size > MAX_BYTES) {
			return failed(displayPath, 1, 1, "file is too large for a model (" + size + " bytes, the limit is "
					+ MAX_BYTES / (1024 * 1024) + " MiB)", CODE_TOO_LARGE);
		}
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			// read at most one byte beyond the limit: the file may have grown since it was measured
			bytes = in.readNBytes((int) MAX_BYTES + 1);
		}
		if (bytes.length > MAX_BYTES) {
			return failed(displayPath, 1, 1, "file is too large for a model (more than " + MAX_BYTES / (1024 * 1024)
					+ " MiB)", CODE_TOO_LARGE);
		}
		return of(bytes, displayPath);
	}

	/** Decodes the content of a file; the checks of {@link #read} but the size. */
	public static SourceText of(byte[] bytes, String displayPath) {
		if (bytes.length == 0) {
			return failed(displayPath, 1, 1, "file is empty", CODE_EMPTY);
		}
		if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
				|| (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
			return failed(displayPath, 1, 1, "file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8",
					CODE_ENCODING);
		}
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				int[] position = position(bytes, i);
				return failed(displayPath, position[0], position[1],
						"not a text file (NUL byte at byte offset " + i + ")", CODE_BINARY);
			}
		}
		boolean bom = bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
		int start = bom ? 3 : 0;
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
		CharBuffer out = CharBuffer.allocate(bytes.length);
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			int offset = in.position();
			int[] position = position(bytes, offset);
			return failed(displayPath, position[0], position[1], String.format(
					"not valid UTF-8: byte 0x%02X at byte offset %d cannot start or continue a character; save the file as UTF-8",
					bytes[offset] & 0xFF, offset), CODE_ENCODING);
		}
		out.flip();
		return new SourceText(out.toString(), bom, null);
	}

	/** Line and column (1-based, counting characters of the valid UTF-8 before) of a byte offset. */
	private static int[] position(byte[] bytes, int offset) {
		int line = 1;
		int column = 1;
		for (int i = 0; i < offset; i++) {
			if (bytes[i] == '\n') {
				line++;
				column = 1;
			} else if ((bytes[i] & 0xC0) != 0x80) {
				column++;
			}
		}
		return new int[] { line, column };
	}

	private static SourceText failed(String path, int line, int column, String message, String code) {
		return new SourceText(null, false, Diagnostic.error(path, line, column, message, code));
	}
}
