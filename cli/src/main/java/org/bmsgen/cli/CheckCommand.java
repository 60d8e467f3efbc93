package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelLoader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bmsgen check FILE...}: parse, link and validate models and print what is wrong. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Checks .bms models: syntax, references, imports and every validation rule.",
				"Diagnostics go to stderr as 'path:line:col: error|warning: message [code]', sorted by file and"
						+ " position, followed by a summary line. Imported files are checked too." },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  no errors (warnings allowed)", "  1  the models have errors",
				"  2  wrong usage, a file that cannot be read, or an internal error" })
public final class CheckCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "FILE",
			description = "Model files; a directory stands for every .bms file below it.")
	private List<Path> files;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter err = spec.commandLine().getErr();
		FileArguments arguments = FileArguments.expand(files);
		CheckReport checked = arguments.files().isEmpty()
				? new CheckReport(List.of(), 0, List.of(), List.of())
				: CheckReport.of(new ModelLoader().load(arguments.files()));
		List<Diagnostic> ioProblems = new ArrayList<>(arguments.problems());
		ioProblems.addAll(checked.ioProblems());
		CheckReport report = new CheckReport(checked.diagnostics(), checked.fileCount(), ioProblems,
				checked.internalErrors());
		ioProblems.forEach(problem -> err.println(problem.format()));
		report.diagnostics().forEach(diagnostic -> err.println(diagnostic.format()));
		for (String internal : report.internalErrors()) {
			err.println("internal error: " + internal);
		}
		if (!report.internalErrors().isEmpty()) {
			err.println("The models may not be fully checked. This is a bug in bmsgen, not in your model: please report it.");
		}
		err.println(report.summary());
		err.flush();
		return report.exitCode();
	}
}
