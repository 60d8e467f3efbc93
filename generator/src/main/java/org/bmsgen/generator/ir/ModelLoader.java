package org.bmsgen.generator.ir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.dsl.BmsStandaloneSetup;
import org.bmsgen.dsl.bms.Element;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Injector;

/**
 * The toolchain's way from model files to the IR: load the files (and what they import) into one resource set,
 * validate every resource with all checks, and build the IR of a pack only when no resource has an error.
 * Warnings do not stop generation; they travel with the result.
 */
public final class ModelLoader {

	private static Injector injector;

	private final Path sourceRoot;

	/**
	 * @param sourceRoot the folder model files are reported relative to (a models/ folder); null to report bare
	 *        file names
	 */
	public ModelLoader(Path sourceRoot) {
		this.sourceRoot = sourceRoot == null ? null : sourceRoot.toAbsolutePath().normalize();
	}

	private static synchronized Injector injector() {
		if (injector == null) {
			injector = new BmsStandaloneSetup().createInjectorAndDoEMFRegistration();
		}
		return injector;
	}

	/** The loaded models: their packs and every diagnostic of every resource, sorted by file and line. */
	public record Loaded(List<Pack> packs, List<ModelDiagnostic> diagnostics, Path sourceRoot) {

		public boolean hasErrors() {
			return diagnostics.stream().anyMatch(ModelDiagnostic::isError);
		}

		public List<ModelDiagnostic> errors() {
			return diagnostics.stream().filter(ModelDiagnostic::isError).toList();
		}

		/** The pack of a name among the loaded files (their own packs first, then imported ones), or null. */
		public Pack pack(String name) {
			return packs.stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
		}

		/**
		 * The IR of a pack, or the errors that stop it (all errors of the loaded resources: an error in a base
		 * pack or an imported cell counts).
		 */
		public Result ir(String packName) {
			if (hasErrors()) {
				return new Result(null, diagnostics);
			}
			Pack pack = pack(packName);
			if (pack == null) {
				List<ModelDiagnostic> found = new ArrayList<>(diagnostics);
				found.add(new ModelDiagnostic(ModelDiagnostic.Severity.ERROR, "", 0, 0, "no pack " + packName
						+ " in the models loaded (packs: " + String.join(", ", packs.stream().map(Pack::getName).toList())
						+ ")", ""));
				return new Result(null, List.copyOf(found));
			}
			try {
				return new Result(new PackIrBuilder(sourceRoot).build(pack), diagnostics);
			} catch (IrBuildException e) {
				List<ModelDiagnostic> found = new ArrayList<>(diagnostics);
				found.add(new ModelDiagnostic(ModelDiagnostic.Severity.ERROR, e.trace().file(), e.trace().line(), 0,
						e.getMessage(), ""));
				return new Result(null, List.copyOf(found));
			}
		}
	}

	/** Either the IR (and the warnings) or, with {@code ir} null, the diagnostics that stopped it. */
	public record Result(PackIr ir, List<ModelDiagnostic> diagnostics) {

		public boolean succeeded() {
			return ir != null;
		}
	}

	/** Loads and validates the files; a file that does not exist is reported, not thrown. */
	public Loaded load(List<Path> files) {
		XtextResourceSet resourceSet = injector().getInstance(XtextResourceSet.class);
		List<ModelDiagnostic> diagnostics = new ArrayList<>();
		List<Resource> own = new ArrayList<>();
		for (Path file : files) {
			Path absolute = file.toAbsolutePath().normalize();
			if (!Files.isRegularFile(absolute)) {
				diagnostics.add(new ModelDiagnostic(ModelDiagnostic.Severity.ERROR, name(absolute), 0, 0,
						"no such model file: " + file, ""));
				continue;
			}
			own.add(resourceSet.getResource(URI.createFileURI(absolute.toString()), true));
		}
		for (Resource resource : own) {
			EcoreUtil.resolveAll(resource);
		}
		IResourceValidator validator = injector().getInstance(IResourceValidator.class);
		// resolving may have loaded imports: validate everything in the set, in a fixed order
		List<Resource> all = new ArrayList<>(resourceSet.getResources());
		all.sort(Comparator.comparing(r -> r.getURI().toString()));
		for (Resource resource : all) {
			String file = resource.getURI().isFile() ? name(Path.of(resource.getURI().toFileString())) : resource.getURI()
					.toString();
			if (resource instanceof XtextResource) {
				for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
					diagnostics.add(new ModelDiagnostic(severity(issue.getSeverity()), file,
							issue.getLineNumber() == null ? 0 : issue.getLineNumber(),
							issue.getColumn() == null ? 0 : issue.getColumn(), issue.getMessage(),
							issue.getCode() == null ? "" : issue.getCode()));
				}
			}
		}
		diagnostics.sort(Comparator.comparing(ModelDiagnostic::file).thenComparingInt(ModelDiagnostic::line)
				.thenComparingInt(ModelDiagnostic::column).thenComparing(ModelDiagnostic::message));
		List<Pack> packs = new ArrayList<>();
		List<Resource> ordered = new ArrayList<>(own);
		all.stream().filter(r -> !own.contains(r)).forEach(ordered::add);
		for (Resource resource : ordered) {
			for (Object content : resource.getContents()) {
				if (content instanceof Model model) {
					for (Element element : model.getElements()) {
						if (element instanceof Pack pack) {
							packs.add(pack);
						}
					}
				}
			}
		}
		return new Loaded(List.copyOf(packs), List.copyOf(diagnostics), sourceRoot);
	}

	private static ModelDiagnostic.Severity severity(Severity severity) {
		return switch (severity) {
			case ERROR -> ModelDiagnostic.Severity.ERROR;
			case WARNING -> ModelDiagnostic.Severity.WARNING;
			default -> ModelDiagnostic.Severity.INFO;
		};
	}

	private String name(Path path) {
		Path normal = path.toAbsolutePath().normalize();
		if (sourceRoot != null && normal.startsWith(sourceRoot)) {
			return sourceRoot.relativize(normal).toString().replace('\\', '/');
		}
		return normal.getFileName().toString();
	}
}
