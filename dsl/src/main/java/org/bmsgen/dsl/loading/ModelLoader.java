package org.bmsgen.dsl.loading;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bmsgen.dsl.bms.Import;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.validation.IssueCodes;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LineAndColumn;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Injector;

/**
 * The one way from model files to checked models, for every tool: loads files into one resource set, follows
 * their imports through the same safe reading ({@link SourceText}: empty, binary, huge and badly encoded files
 * become positioned diagnostics before the parser sees them), validates everything and returns the models with
 * positioned {@link Diagnostic}s. It never exits the JVM and never prints.
 * <p>
 * It lives in the language module because loading and checking are about the language, not about any one tool:
 * the command line ({@code bmsgen check}, {@code format}) and the generator (which refuses to build the IR of a
 * model with errors) both depend on the language module, while the generator must not depend on the command
 * line; a loader here is shared without adding an edge to the module graph.
 */
public final class ModelLoader {

	/** Codes of the diagnostics Xtext raises itself, shortened for the {@code [code]} of the output. */
	public static final String CODE_SYNTAX = "syntax";
	public static final String CODE_UNRESOLVED_REFERENCE = "unresolved-reference";
	/** A file that names nothing readable (missing, unreadable, not a regular file). */
	public static final String CODE_IO = "io";
	/** An error the language infrastructure logged while checking: the model was not fully checked. */
	public static final String CODE_INTERNAL = "internal";

	private final Injector injector;
	private final Function<Path, String> displayPath;

	/** A loader of the language set up once per JVM, naming imported files relative to the working directory. */
	public ModelLoader() {
		this(BmsLanguage.injector());
	}

	public ModelLoader(Injector injector) {
		this(injector, ModelFile::displayPath);
	}

	/**
	 * @param displayPath how files reached through imports are named in diagnostics (the files given are named
	 *        by their {@link ModelFile#displayPath()})
	 */
	public ModelLoader(Injector injector, Function<Path, String> displayPath) {
		this.injector = injector;
		this.displayPath = displayPath;
	}

	/** Loads, links and validates files as they are on disk. Use the models only when there are no errors. */
	public LoadedModels load(List<ModelFile> files) {
		Map<ModelFile, byte[]> contents = new LinkedHashMap<>();
		files.forEach(file -> contents.put(file, null));
		return load(contents);
	}

	/** Loads one file with the given content in place of what is on disk; its imports are read from disk. */
	public LoadedModels load(ModelFile file, byte[] content) {
		Map<ModelFile, byte[]> contents = new LinkedHashMap<>();
		contents.put(file, content);
		return load(contents);
	}

	/**
	 * The models of one load in one resource set.
	 *
	 * @param models the given files' models in the order given
	 * @param importedModels the models of the files reached through imports, in the order they were reached
	 * @param diagnostics what the checks found in the models (and in file contents refused before parsing),
	 *        sorted by {@link Diagnostic#ORDER}
	 * @param fileCount the files loaded, imported ones included
	 * @param ioProblems files that could not be read at all
	 * @param internalErrors errors the language infrastructure logged while checking (the models were not fully
	 *        checked)
	 */
	public record LoadedModels(XtextResourceSet resourceSet, List<Model> models, List<Model> importedModels,
			List<Diagnostic> diagnostics, int fileCount, List<Diagnostic> ioProblems, List<String> internalErrors) {

		/** The given files' models, then the imported ones. */
		public List<Model> allModels() {
			List<Model> all = new ArrayList<>(models);
			all.addAll(importedModels);
			return List.copyOf(all);
		}

		/** Whether the models must not be used: an error in a model, a file not read, or a check not run. */
		public boolean hasErrors() {
			return !errors().isEmpty();
		}

		/** Unreadable files, errors in the models, then internal errors (positioned at the first file). */
		public List<Diagnostic> errors() {
			return problems().stream().filter(Diagnostic::isError).toList();
		}

		/** Every diagnostic: unreadable files, what the checks found, then internal errors. */
		public List<Diagnostic> problems() {
			List<Diagnostic> all = new ArrayList<>(ioProblems);
			all.addAll(diagnostics);
			for (String internal : internalErrors) {
				all.add(Diagnostic.error(firstPath(), 1, 1, "internal error: " + internal, CODE_INTERNAL));
			}
			return List.copyOf(all);
		}

		private String firstPath() {
			return !diagnostics.isEmpty() ? diagnostics.get(0).path() : !ioProblems.isEmpty() ? ioProblems.get(0).path() : "";
		}
	}

	private LoadedModels load(Map<ModelFile, byte[]> contents) {
		BmsLanguage.InternalErrors.drain();
		Session session = new Session(injector.getInstance(XtextResourceSet.class));
		contents.forEach(session::load);
		int given = session.loaded.size();
		session.followImports();
		List<Model> models = new ArrayList<>();
		List<Model> imported = new ArrayList<>();
		int index = 0;
		for (XtextResource resource : session.loaded.keySet()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Model) {
				(index < given ? models : imported).add((Model) resource.getContents().get(0));
			}
			index++;
		}
		List<Diagnostic> diagnostics = new ArrayList<>(session.diagnostics);
		for (Map.Entry<XtextResource, String> loaded : session.loaded.entrySet()) {
			XtextResource resource = loaded.getKey();
			IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
			for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
				Diagnostic diagnostic = toDiagnostic(loaded.getValue(), issue);
				if (diagnostic != null) {
					diagnostics.add(diagnostic);
				}
			}
		}
		diagnostics.sort(Diagnostic.ORDER);
		session.ioProblems.sort(Diagnostic.ORDER);
		return new LoadedModels(session.resourceSet, List.copyOf(models), List.copyOf(imported),
				List.copyOf(diagnostics), session.fileCount, List.copyOf(session.ioProblems),
				BmsLanguage.InternalErrors.drain());
	}

	/** The parse of one file on its own (no imports, no validation): what {@code format} works on. */
	public ParsedFile parse(ModelFile file) throws IOException {
		return parse(file, SourceText.read(file.path(), file.displayPath()));
	}

	/** The parse of one file with the given content in place of what is on disk. */
	public ParsedFile parse(ModelFile file, byte[] content) throws IOException {
		return parse(file, SourceText.of(content, file.displayPath()));
	}

	private ParsedFile parse(ModelFile file, SourceText source) throws IOException {
		if (source.problem() != null) {
			return new ParsedFile(file, source, null, List.of(source.problem()));
		}
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = loadText(resourceSet, uriOf(file.path()), source.text());
		List<Diagnostic> syntaxErrors = new ArrayList<>();
		for (Resource.Diagnostic error : resource.getErrors()) {
			syntaxErrors.add(Diagnostic.error(file.displayPath(), error.getLine(), Math.max(1, error.getColumn()),
					error.getMessage(), CODE_SYNTAX));
		}
		return new ParsedFile(file, source, resource, syntaxErrors);
	}

	/** A file as the parser saw it; {@code resource} is null when the content was refused before parsing. */
	public record ParsedFile(ModelFile file, SourceText source, XtextResource resource, List<Diagnostic> syntaxErrors) {
	}

	/**
	 * A resource of the .bms language whatever the file is called: the resource set would pick the language
	 * by file extension and find none for "model.txt".
	 */
	private XtextResource loadText(XtextResourceSet resourceSet, URI uri, String text) throws IOException {
		XtextResource resource = injector.getInstance(XtextResource.class);
		resource.setURI(uri);
		resourceSet.getResources().add(resource);
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
				Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
		return resource;
	}

	private static URI uriOf(Path path) {
		return URI.createFileURI(path.toAbsolutePath().normalize().toString());
	}

	private static Diagnostic toDiagnostic(String path, Issue issue) {
		Diagnostic.Severity severity;
		switch (issue.getSeverity()) {
		case ERROR:
			severity = Diagnostic.Severity.ERROR;
			break;
		case WARNING:
			severity = Diagnostic.Severity.WARNING;
			break;
		default:
			return null;
		}
		int line = issue.getLineNumber() == null ? 1 : Math.max(1, issue.getLineNumber());
		int column = issue.getColumn() == null ? 1 : Math.max(1, issue.getColumn());
		return new Diagnostic(path, line, column, severity, issue.getMessage(), shortCode(issue.getCode()));
	}

	/** Xtext's own codes ("org.eclipse.xtext.diagnostics.Diagnostic.Linking") in the short form of the output. */
	static String shortCode(String code) {
		if (code == null || code.equals(org.eclipse.xtext.diagnostics.Diagnostic.SYNTAX_DIAGNOSTIC)) {
			return CODE_SYNTAX;
		}
		if (code.equals(org.eclipse.xtext.diagnostics.Diagnostic.LINKING_DIAGNOSTIC)) {
			return CODE_UNRESOLVED_REFERENCE;
		}
		String prefix = "org.eclipse.xtext.diagnostics.Diagnostic.";
		if (code.startsWith(prefix)) {
			return code.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT);
		}
		return code;
	}

	/** The files of one check, loaded into one resource set. */
	private final class Session {

		final XtextResourceSet resourceSet;
		final Map<XtextResource, String> loaded = new LinkedHashMap<>();
		final Map<URI, String> displayPaths = new HashMap<>();
		final List<Diagnostic> diagnostics = new ArrayList<>();
		final List<Diagnostic> ioProblems = new ArrayList<>();
		int fileCount;

		Session(XtextResourceSet resourceSet) {
			this.resourceSet = resourceSet;
		}

		void load(ModelFile file, byte[] content) {
			URI uri = uriOf(file.path());
			if (displayPaths.containsKey(uri)) {
				return;
			}
			displayPaths.put(uri, file.displayPath());
			fileCount++;
			SourceText source;
			try {
				source = content == null ? SourceText.read(file.path(), file.displayPath())
						: SourceText.of(content, file.displayPath());
			} catch (NoSuchFileException e) {
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "no such file", CODE_IO));
				return;
			} catch (IOException e) {
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "cannot read: " + e, CODE_IO));
				return;
			}
			if (source.problem() != null) {
				diagnostics.add(source.problem());
				placeholder(uri);
				return;
			}
			try {
				loaded.put(loadText(resourceSet, uri, source.text()), file.displayPath());
			} catch (IOException e) {
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "cannot read: " + e, CODE_IO));
			}
		}

		/**
		 * Loads what the models import, transitively, through the same checks as the files given, so a
		 * broken imported file is reported like any other instead of failing inside the linker.
		 */
		void followImports() {
			for (int i = 0; i < loaded.size(); i++) {
				XtextResource resource = new ArrayList<>(loaded.keySet()).get(i);
				String importer = loaded.get(resource);
				if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model)) {
					continue;
				}
				for (Import anImport : ((Model) resource.getContents().get(0)).getImports()) {
					followImport(resource, importer, anImport);
				}
			}
		}

		private void followImport(XtextResource importer, String importerPath, Import anImport) {
			String target = anImport.getImportURI();
			if (target == null || target.isEmpty()) {
				return;
			}
			URI uri;
			try {
				uri = URI.createURI(target);
				if (uri.isRelative()) {
					uri = uri.resolve(importer.getURI());
				}
			} catch (IllegalArgumentException e) {
				// reported by the language's import check (ModelStructureChecks.checkImportResolves)
				return;
			}
			if (uri.hasFragment() || uri.hasQuery() || !"bms".equals(uri.fileExtension())) {
				return;
			}
			if (!uri.isFile() || displayPaths.containsKey(uri)) {
				return;
			}
			Path path;
			try {
				path = Path.of(uri.toFileString());
			} catch (RuntimeException e) {
				diagnostics.add(atImport(importerPath, anImport, "import \"" + target + "\" is not a valid file name"));
				return;
			}
			if (!java.nio.file.Files.isRegularFile(path)) {
				// a missing file is the import check's to report; a directory would pass it and fail to load
				if (java.nio.file.Files.isDirectory(path)) {
					diagnostics.add(atImport(importerPath, anImport, "imported file \"" + target + "\" is a directory ("
							+ displayPath.apply(path) + ")"));
				}
				placeholder(uri);
				return;
			}
			load(new ModelFile(path, displayPath.apply(path)), null);
		}

		/**
		 * An empty model where a file was refused or is missing, so that the linker finds this instead of
		 * loading the file itself (a huge or binary file, a directory) past the checks.
		 */
		private void placeholder(URI uri) {
			if (resourceSet.getResource(uri, false) == null) {
				try {
					loadText(resourceSet, uri, "");
				} catch (IOException e) {
					throw new java.io.UncheckedIOException(e); // cannot happen: nothing is read
				}
			}
		}

		private Diagnostic atImport(String path, Import anImport, String message) {
			ICompositeNode node = NodeModelUtils.findActualNodeFor(anImport);
			int line = 1;
			int column = 1;
			if (node != null) {
				LineAndColumn position = NodeModelUtils.getLineAndColumn(node, node.getOffset());
				line = position.getLine();
				column = position.getColumn();
			}
			return Diagnostic.error(path, line, column, message, IssueCodes.UNRESOLVED_IMPORT);
		}
	}
}
