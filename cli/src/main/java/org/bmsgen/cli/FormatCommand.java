package org.bmsgen.cli;

import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.ModelLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bmsgen format FILE... [--check]}: rewrite models in the language's layout. */
@Command(name = "format", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Formats .bms models in place: tabs, one statement per line, one blank line between top-level"
				+ " elements; comments are kept byte for byte.",
				"A file with syntax errors is not touched. The result is written only if it has exactly the tokens of"
						+ " the original apart from whitespace, through a temporary file and an atomic move." },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  all files formatted (with --check: all already formatted)",
				"  1  a file has syntax errors, or (with --check) a file is not formatted",
				"  2  wrong usage, a file that cannot be read or written, or an internal error" })
public final class FormatCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "FILE",
			description = "Model files; a directory stands for every .bms file below it.")
	private List<Path> files;

	@Option(names = "--check", description = "Write nothing; list the files that would change (on stdout).")
	private boolean check;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		FileArguments arguments = FileArguments.expand(files);
		boolean ioProblem = !arguments.problems().isEmpty();
		arguments.problems().forEach(problem -> err.println(problem.format()));
		ModelFormatter formatter = arguments.files().isEmpty() ? null : new ModelFormatter();
		int changed = 0;
		int refused = 0;
		for (ModelFile file : arguments.files()) {
			ModelFormatter.Result result;
			try {
				result = formatter.format(file, !check);
			} catch (IOException e) {
				err.println(file.displayPath() + ":1:1: error: cannot " + (check ? "read" : "read or write") + ": " + e
						+ " [" + ModelLoader.CODE_IO + "]");
				ioProblem = true;
				continue;
			}
			switch (result.outcome()) {
			case REFUSED:
				refused++;
				result.diagnostics().forEach(diagnostic -> err.println(diagnostic.format()));
				err.println(file.displayPath() + ": not formatted: fix the errors above first");
				break;
			case CHANGED:
				changed++;
				out.println(check ? file.displayPath() : "formatted " + file.displayPath());
				break;
			default:
				break;
			}
		}
		int total = arguments.files().size();
		if (check) {
			err.println(CheckReport.plural(changed, "file") + " of " + total + " would be reformatted"
					+ (refused > 0 ? ", " + refused + " could not be formatted" : ""));
		} else {
			err.println(CheckReport.plural(changed, "file") + " reformatted, " + (total - changed - refused) + " unchanged"
					+ (refused > 0 ? ", " + refused + " not formatted" : ""));
		}
		err.flush();
		out.flush();
		if (ioProblem) {
			return ExitCodes.USAGE_OR_IO;
		}
		return refused > 0 || (check && changed > 0) ? ExitCodes.MODEL_ERRORS : ExitCodes.OK;
	}
}
