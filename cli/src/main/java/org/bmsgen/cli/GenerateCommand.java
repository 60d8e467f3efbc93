package org.bmsgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.bmsgen.dsl.bms.Element;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelLoader;
import org.bmsgen.generator.PackGenerator;
import org.bmsgen.generator.ir.LoadedPacks;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bmsgen generate MODEL|FOLDER [--pack NAME] -o DIR}: everything bmsgen generates for a checked model's packs
 * ({@link PackGenerator}: the artifacts, and the STM32 and ESP32 firmware under java/), each pack into DIR/<pack>/.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Generates, for each pack of a .bms model, the firmware of both images (Java 7, under"
				+ " DIR/<pack>/java/: org/bmsgen/firmware/<pack>/stm32 and .../esp32) and its artifacts: the CAN database"
				+ " (.dbc), the state machines as PlantUML source and SVG, and the configuration sheet (Markdown).",
				"MODEL is one file: the packs it defines are generated (not those it imports). FOLDER stands for every"
						+ " .bms file below it: every pack they define is generated once, so one command regenerates all"
						+ " variants.",
				"The models are checked first; a model with errors is refused with the diagnostics of 'bmsgen check'"
						+ " and nothing is written. Each pack goes into DIR/<pack>/, a folder bmsgen owns: a "
						+ GeneratedFolder.MARKER + " file there lists what bmsgen wrote, a regeneration replaces"
						+ " those files and removes the ones no longer produced (and the folders this empties), and any"
						+ " other file is left alone. A folder that holds files but no marker is refused, and so is a"
						+ " user's file (or a symbolic link) where bmsgen writes. The written files are listed on stdout,"
						+ " relative to DIR." },
		footerHeading = "%nExamples:%n  bmsgen generate models/smart4s.bms -o generated%n"
				+ "    writes generated/Smart4S/: Smart4S.dbc, Smart4S-Control.puml and .svg,%n"
				+ "    Smart4S-configuration.md, java/org/bmsgen/firmware/smart4s/{stm32,esp32}/*.java%n"
				+ "  bmsgen generate models -o generated-firmware%n"
				+ "    every pack of every model below models/ (what generated-firmware/ holds)%n%nExit codes:%n",
		footer = { "  0  generated", "  1  the model has errors (nothing written)",
				"  2  wrong usage, an unknown pack, a file that cannot be read, an output folder",
				"     that is not bmsgen's, or an internal error" })
public final class GenerateCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "MODEL|FOLDER",
			description = "The model file whose packs are generated, or a folder: every pack of every .bms file below it.")
	private Path model;

	@Option(names = "--pack", paramLabel = "NAME",
			description = "Generate only this pack (default: every pack the file, or the files of the folder, define).")
	private String packName;

	@Option(names = { "-o", "--output" }, required = true, paramLabel = "DIR",
			description = "The output folder; each pack is written into DIR/<pack>/.")
	private Path output;

	@Option(names = "--no-svg", description = "Skip rendering the state diagrams to SVG (about a second each).")
	private boolean noSvg;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		try {
			return generate(out, err);
		} finally {
			out.flush();
			err.flush();
		}
	}

	private int generate(PrintWriter out, PrintWriter err) throws IOException {
		boolean folderArgument = Files.isDirectory(model);
		FileArguments arguments = FileArguments.expand(List.of(model));
		if (!arguments.problems().isEmpty()) {
			arguments.problems().forEach(problem -> err.println(problem.format()));
			return ExitCodes.USAGE_OR_IO;
		}
		ModelLoader.LoadedModels loaded = new ModelLoader().load(arguments.files());
		CheckReport report = CheckReport.of(loaded);
		loaded.problems().forEach(problem -> err.println(problem.format()));
		if (loaded.hasErrors() || report.exitCode() != ExitCodes.OK) {
			err.println(report.summary() + ": nothing generated");
			return report.exitCode() == ExitCodes.OK ? ExitCodes.MODEL_ERRORS : report.exitCode();
		}
		String shownModel = folderArgument ? model.toString() : arguments.files().get(0).displayPath();
		List<Pack> defined = packsOf(loaded.models());
		List<String> packs = defined.stream().map(Pack::getName).distinct().toList();
		if (packs.isEmpty()) {
			err.println(shownModel + " defines no pack: nothing to generate");
			return ExitCodes.USAGE_OR_IO;
		}
		if (packName != null) {
			if (!packs.contains(packName)) {
				err.println("no pack " + packName + " in " + shownModel + " (packs: " + String.join(", ", packs) + ")");
				return ExitCodes.USAGE_OR_IO;
			}
			packs = List.of(packName);
		}
		// every file in memory and every folder checked before the first byte is written
		LoadedPacks lowered = new LoadedPacks(defined, loaded, commonFolder(loaded, folderArgument ? model : null));
		PackGenerator generator = new PackGenerator(!noSvg);
		Map<String, Map<String, byte[]>> artifacts = new LinkedHashMap<>();
		for (String pack : packs) {
			LoadedPacks.Result result = lowered.ir(pack);
			if (!result.succeeded()) {
				result.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> err.println(d.format()));
				err.println(pack + " cannot be generated: nothing generated");
				return ExitCodes.MODEL_ERRORS;
			}
			artifacts.put(pack, new TreeMap<>(generator.files(result.ir())));
		}
		if (Files.exists(output) && !Files.isDirectory(output)) {
			err.println(output + " exists and is not a folder: nothing was written; choose another output folder");
			return ExitCodes.USAGE_OR_IO;
		}
		Map<String, GeneratedFolder> folders = new LinkedHashMap<>();
		boolean refused = false;
		for (Map.Entry<String, Map<String, byte[]>> pack : artifacts.entrySet()) {
			GeneratedFolder folder = new GeneratedFolder(output.resolve(pack.getKey()),
					output.resolve(pack.getKey()).toString());
			String refusal;
			try {
				refusal = folder.refusal(pack.getValue().keySet());
			} catch (IOException e) {
				refusal = "cannot read the output folder " + output.resolve(pack.getKey()) + ": " + describe(e);
			}
			if (refusal != null) {
				err.println(refusal);
				refused = true;
			}
			folders.put(pack.getKey(), folder);
		}
		if (refused) {
			return ExitCodes.USAGE_OR_IO;
		}
		int written = 0;
		List<String> removed = new ArrayList<>();
		for (Map.Entry<String, Map<String, byte[]>> pack : artifacts.entrySet()) {
			try {
				for (String stale : folders.get(pack.getKey()).write(pack.getValue())) {
					removed.add(pack.getKey() + "/" + stale);
				}
			} catch (IOException e) {
				err.println("cannot write into " + output.resolve(pack.getKey()) + ": " + describe(e));
				return ExitCodes.USAGE_OR_IO;
			}
			for (String file : pack.getValue().keySet()) {
				out.println(pack.getKey() + "/" + file);
				written++;
			}
		}
		for (String stale : removed) {
			err.println("removed " + stale + " (generated before, no longer produced)");
		}
		err.println("generated " + CheckReport.plural(written, "file") + " for " + CheckReport.plural(artifacts.size(), "pack")
				+ " (" + String.join(", ", artifacts.keySet()) + ") into " + output
				+ (removed.isEmpty() ? "" : ", removed " + CheckReport.plural(removed.size(), "stale file")) + "; "
				+ report.summary());
		return ExitCodes.OK;
	}

	/** What went wrong with a file, in words rather than an exception's class name. */
	static String describe(IOException e) {
		if (e instanceof FileAlreadyExistsException exists) {
			return exists.getFile() + " exists and is not a folder";
		}
		if (e instanceof AccessDeniedException denied) {
			return denied.getFile() + ": permission denied";
		}
		if (e instanceof FileSystemException failed) {
			return failed.getFile() + ": " + (failed.getReason() != null ? failed.getReason() : "cannot be written");
		}
		return e.getMessage() != null ? e.getMessage() : "input/output error";
	}

	/** The packs the models define, each name once (a folder's variants and the packs they extend). */
	/** The named packs of the loaded models, in model order (generate and simulate choose among them). */
	static List<Pack> packsOf(List<Model> models) {
		List<Pack> packs = new ArrayList<>();
		for (Model model : models) {
			for (Element element : model.getElements()) {
				if (element instanceof Pack pack && pack.getName() != null) {
					packs.add(pack);
				}
			}
		}
		return packs;
	}

	/**
	 * The deepest folder holding every model file loaded (the one given and what it imports): the generated
	 * headers and traces name the files relative to it, so that they do not depend on where the model is checked
	 * out or from which folder bmsgen runs (models/smart4s.bms and its cells/ give "smart4s.bms" and
	 * "cells/...", as in the generator's own tests). A folder argument is part of it: `generate models` names
	 * models/variants/x.bms "variants/x.bms" even when no model sits at the top of models/.
	 */
	private static Path commonFolder(ModelLoader.LoadedModels loaded, Path folderArgument) {
		Path common = folderArgument == null ? null : folderArgument.toAbsolutePath().normalize();
		for (Resource resource : loaded.resourceSet().getResources()) {
			URI uri = resource.getURI();
			if (uri == null || !uri.isFile()) {
				continue;
			}
			Path folder = Path.of(uri.toFileString()).toAbsolutePath().normalize().getParent();
			if (common == null) {
				common = folder;
			} else {
				while (common != null && !folder.startsWith(common)) {
					common = common.getParent();
				}
			}
		}
		return common;
	}
}
