package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelLoader;

import java.util.List;

/**
 * What checking a set of model files found: diagnostics in the models (exit 1 when any is an error),
 * files that could not be read at all (exit 2), and errors the language infrastructure logged while
 * checking (exit 2: the model was not fully checked).
 */
public record CheckReport(List<Diagnostic> diagnostics, int fileCount, List<Diagnostic> ioProblems,
		List<String> internalErrors) {

	/** The report of loading models: what {@code bmsgen check} prints. */
	public static CheckReport of(ModelLoader.LoadedModels loaded) {
		return new CheckReport(loaded.diagnostics(), loaded.fileCount(), loaded.ioProblems(), loaded.internalErrors());
	}

	public long errorCount() {
		return diagnostics.stream().filter(Diagnostic::isError).count() + ioProblems.size();
	}

	public long warningCount() {
		return diagnostics.stream().filter(d -> !d.isError()).count();
	}

	public int exitCode() {
		if (!ioProblems.isEmpty() || !internalErrors.isEmpty()) {
			return ExitCodes.USAGE_OR_IO;
		}
		return errorCount() > 0 ? ExitCodes.MODEL_ERRORS : ExitCodes.OK;
	}

	/** "2 errors, 1 warning in 3 files". */
	public String summary() {
		return plural(errorCount(), "error") + ", " + plural(warningCount(), "warning") + " in " + plural(fileCount, "file");
	}

	static String plural(long count, String noun) {
		return count + " " + noun + (count == 1 ? "" : "s");
	}
}
