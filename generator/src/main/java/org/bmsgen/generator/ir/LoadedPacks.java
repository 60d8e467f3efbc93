package org.bmsgen.generator.ir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.dsl.bms.Element;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.loading.BmsLanguage;
import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.ModelLoader;

/**
 * The toolchain's way from model files to the IR: the files (and what they import) loaded and checked by the
 * language's {@link ModelLoader} (the loader {@code bmsgen check} uses, with its safe reading of bad files), and
 * the IR of a pack built only when nothing loaded has an error. Warnings do not stop generation; they travel with
 * the result.
 *
 * @param packs the packs of the files given (in the order given), then those of imported files
 * @param loaded what the loader found
 * @param sourceRoot the folder files are named relative to in diagnostics and traces (a models/ folder), or null
 */
public record LoadedPacks(List<Pack> packs, ModelLoader.LoadedModels loaded, Path sourceRoot) {

	/** A pack asked for that the loaded files do not hold. */
	public static final String CODE_UNKNOWN_PACK = "unknown-pack";
	/** A checked model the IR cannot represent (see {@link IrBuildException}). */
	public static final String CODE_NOT_LOWERABLE = "not-lowerable";

	/**
	 * Loads and checks the files; a file that does not exist or cannot be a model is reported, not thrown.
	 *
	 * @param sourceRoot the folder model files are reported relative to (a models/ folder); null to report bare
	 *        file names
	 */
	public static LoadedPacks load(Path sourceRoot, List<Path> files) {
		Path root = sourceRoot == null ? null : sourceRoot.toAbsolutePath().normalize();
		ModelLoader loader = new ModelLoader(BmsLanguage.injector(), path -> name(root, path));
		ModelLoader.LoadedModels loaded = loader.load(files.stream().map(f -> new ModelFile(f, name(root, f))).toList());
		List<Pack> packs = new ArrayList<>();
		for (Model model : loaded.allModels()) {
			for (Element element : model.getElements()) {
				if (element instanceof Pack pack) {
					packs.add(pack);
				}
			}
		}
		return new LoadedPacks(List.copyOf(packs), loaded, root);
	}

	/** Every diagnostic of loading: unreadable files, then what the checks found, sorted by file and line. */
	public List<Diagnostic> diagnostics() {
		return loaded.problems();
	}

	public boolean hasErrors() {
		return loaded.hasErrors();
	}

	public List<Diagnostic> errors() {
		return loaded.errors();
	}

	/** The pack of a name among the loaded files (their own packs first, then imported ones), or null. */
	public Pack pack(String name) {
		return packs.stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
	}

	/**
	 * The IR of a pack, or the errors that stop it (all errors of the loaded resources: an error in a base pack or
	 * an imported cell counts).
	 */
	public Result ir(String packName) {
		List<Diagnostic> diagnostics = diagnostics();
		if (hasErrors()) {
			return new Result(null, diagnostics);
		}
		Pack pack = pack(packName);
		if (pack == null) {
			return refused(diagnostics, Diagnostic.error("", 1, 1, "no pack " + packName + " in the models loaded (packs: "
					+ String.join(", ", packs.stream().map(Pack::getName).toList()) + ")", CODE_UNKNOWN_PACK));
		}
		try {
			return new Result(new PackIrBuilder(sourceRoot).build(pack), diagnostics);
		} catch (IrBuildException e) {
			return refused(diagnostics, Diagnostic.error(e.trace().file(), Math.max(1, e.trace().line()), 1, e.getMessage(),
					CODE_NOT_LOWERABLE));
		}
	}

	private static Result refused(List<Diagnostic> diagnostics, Diagnostic reason) {
		List<Diagnostic> found = new ArrayList<>(diagnostics);
		found.add(reason);
		return new Result(null, List.copyOf(found));
	}

	/** Either the IR (and the warnings) or, with {@code ir} null, the diagnostics that stopped it. */
	public record Result(PackIr ir, List<Diagnostic> diagnostics) {

		public boolean succeeded() {
			return ir != null;
		}
	}

	/** Relative to the source root when below it (with '/'), the bare file name otherwise. */
	private static String name(Path root, Path path) {
		Path normal = path.toAbsolutePath().normalize();
		if (root != null && normal.startsWith(root)) {
			return root.relativize(normal).toString().replace('\\', '/');
		}
		return normal.getFileName().toString();
	}
}
