package org.bmsgen.cli;

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
 * Loads model files into one resource set, follows their imports, validates everything and returns
 * positioned diagnostics. This is what {@code bmsgen check} runs and what the fuzz test calls: it never
 * exits the JVM and never prints.
 */
public final class ModelChecker {

	/** Codes of the diagnostics Xtext raises itself, shortened for the {@code [code]} of the output. */
	public static final String CODE_SYNTAX = "syntax";
	public static final String CODE_UNRESOLVED_REFERENCE = "unresolved-reference";

	private final Injector injector;

	public ModelChecker() {
		this(BmsLanguage.injector());
	}

	public ModelChecker(Injector injector) {
		this.injector = injector;
	}

	/** Checks files as they are on disk. */
	public CheckReport check(List<ModelFile> files) {
		return load(files).report();
	}

	/** Checks one file with the given content in place of what is on disk; its imports are read from disk. */
	public CheckReport check(ModelFile file, byte[] content) {
		Map<ModelFile, byte[]> contents = new LinkedHashMap<>();
		contents.put(file, content);
		return load(contents).report();
	}

	/**
	 * Loads, links and validates files as they are on disk, keeping the models: what commands that go on
	 * to use a model (generate, simulate) start from. Use the models only when the report has no errors.
	 */
	public LoadedModels load(List<ModelFile> files) {
		Map<ModelFile, byte[]> contents = new LinkedHashMap<>();
		files.forEach(file -> contents.put(file, null));
		return load(contents);
	}

	/**
	 * The models of one check in one resource set: {@code models} holds the given files' models in the
	 * order given (imported files are in the resource set but not in the list).
	 */
	public record LoadedModels(XtextResourceSet resourceSet, List<Model> models, CheckReport report) {
	}

	private LoadedModels load(Map<ModelFile, byte[]> contents) {
		BmsLanguage.InternalErrors.drain();
		Session session = new Session(injector.getInstance(XtextResourceSet.class));
		contents.forEach(session::load);
		List<Model> models = new ArrayList<>();
		for (XtextResource resource : session.loaded.keySet()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Model) {
				models.add((Model) resource.getContents().get(0));
			}
		}
		session.followImports();
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
		CheckReport report = new CheckReport(List.copyOf(diagnostics), session.fileCount,
				List.copyOf(session.ioProblems), BmsLanguage.InternalErrors.drain());
		return new LoadedModels(session.resourceSet, List.copyOf(models), report);
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
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "no such file", FileArguments.CODE_IO));
				return;
			} catch (IOException e) {
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "cannot read: " + e, FileArguments.CODE_IO));
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
				ioProblems.add(Diagnostic.error(file.displayPath(), 1, 1, "cannot read: " + e, FileArguments.CODE_IO));
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
							+ ModelFile.displayPath(path) + ")"));
				}
				placeholder(uri);
				return;
			}
			load(ModelFile.of(path), null);
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
