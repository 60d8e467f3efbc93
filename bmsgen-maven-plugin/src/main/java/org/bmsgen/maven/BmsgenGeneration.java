package org.bmsgen.maven;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.bmsgen.cli.Bmsgen;

/**
 * One {@code bmsgen generate MODELS -o OUTPUT [--pack NAME] [--no-svg]}, run in process through the command line's
 * own code path (so a Maven build writes exactly what the CLI writes, into a folder bmsgen owns), with what it said
 * taken apart for Maven: the packs written, the diagnostics ({@code file:line:col: error: ... [code]}) and the rest.
 */
final class BmsgenGeneration {

	/** A diagnostic line of bmsgen: {@code file:line:col: error|warning: message [code]}. */
	static final Pattern DIAGNOSTIC = Pattern.compile(".+:\\d+:\\d+: (error|warning): .+");

	/** What one run did. */
	record Result(int exitCode, Set<String> packs, List<String> errors, List<String> warnings, List<String> messages) {

		boolean succeeded() {
			return exitCode == 0;
		}
	}

	private BmsgenGeneration() {
	}

	static Result run(File models, File output, String pack, boolean svg) {
		List<String> args = new ArrayList<>(List.of("generate", models.getAbsolutePath(), "-o", output.getAbsolutePath()));
		if (pack != null && !pack.isBlank()) {
			args.add("--pack");
			args.add(pack);
		}
		if (!svg) {
			args.add("--no-svg");
		}
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
		Set<String> packs = new LinkedHashSet<>();
		for (String line : out.toString().split("\n")) {
			int slash = line.indexOf('/');
			if (slash > 0) {
				packs.add(line.substring(0, slash)); // stdout lists the written files as <pack>/<path>
			}
		}
		List<String> errors = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		for (String line : Arrays.asList(err.toString().split("\n"))) {
			if (line.isBlank()) {
				continue;
			}
			if (DIAGNOSTIC.matcher(line).matches()) {
				(line.contains(": error: ") ? errors : warnings).add(line);
			} else {
				messages.add(line);
			}
		}
		return new Result(exitCode, packs, errors, warnings, messages);
	}
}
