package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.BmsLanguage;
import org.bmsgen.dsl.loading.ModelLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.dsl.formatting2.BmsFormatting;

import com.google.inject.Injector;

/**
 * Formats model files safely: a file with syntax errors is left alone, and the formatted text is written
 * only when it lexes to exactly the tokens of the original apart from whitespace (comments included), so
 * formatting can never lose a comment or a byte of meaning. Files are replaced through a temporary file
 * and an atomic move, so an interrupted run leaves either the old or the new file, never half of one.
 */
public final class ModelFormatter {

	/** What formatting one file came to. */
	public enum Outcome {
		/** Already formatted. */
		UNCHANGED,
		/** Rewritten (or, with --check, would be). */
		CHANGED,
		/** Not formatted: the file has problems (see the diagnostics). */
		REFUSED
	}

	public record Result(ModelFile file, Outcome outcome, List<Diagnostic> diagnostics) {
	}

	/** A statement repeated where it may appear once; the check of duplicates reports it too, when it exists. */
	public static final String CODE_REPEATED = "repeated-statement";

	private final ModelLoader checker;
	private final BmsFormatting formatting;

	public ModelFormatter() {
		this(BmsLanguage.injector());
	}

	public ModelFormatter(Injector injector) {
		this.checker = new ModelLoader(injector);
		this.formatting = injector.getInstance(BmsFormatting.class);
	}

	/**
	 * Formats one file; with {@code write} false only finds out whether it would change.
	 *
	 * @throws IOException when the file cannot be read or written
	 */
	public Result format(ModelFile file, boolean write) throws IOException {
		ModelLoader.ParsedFile parsed = checker.parse(file);
		if (parsed.resource() == null) {
			return new Result(file, Outcome.REFUSED, parsed.syntaxErrors());
		}
		if (!parsed.syntaxErrors().isEmpty()) {
			return new Result(file, Outcome.REFUSED, parsed.syntaxErrors());
		}
		String original = parsed.source().text();
		String formatted;
		try {
			formatted = formatting.format(parsed.resource());
		} catch (BmsFormatting.UnformattableException e) {
			return new Result(file, Outcome.REFUSED,
					List.of(Diagnostic.error(file.displayPath(), e.line(), 1, e.getMessage(), CODE_REPEATED)));
		}
		String difference = BmsFormatting.firstDifference(original, formatted);
		if (difference != null) {
			return new Result(file, Outcome.REFUSED, List.of(Diagnostic.error(file.displayPath(), 1, 1,
					"not formatted: the formatter would change the meaning (" + difference + "); please report this",
					"format-unsafe")));
		}
		if (formatted.equals(original)) {
			return new Result(file, Outcome.UNCHANGED, List.of());
		}
		if (write) {
			String content = (parsed.source().byteOrderMark() ? "\uFEFF" : "") + formatted;
			AtomicFile.replace(file.path(), content.getBytes(StandardCharsets.UTF_8));
		}
		return new Result(file, Outcome.CHANGED, List.of());
	}
}
