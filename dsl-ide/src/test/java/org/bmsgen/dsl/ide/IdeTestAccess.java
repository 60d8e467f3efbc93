package org.bmsgen.dsl.ide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Injector;

/**
 * The editor services as the language server calls them, on a model text placed beside the reference model
 * (so its imports of models/cells resolve): completion through Xtext's ContentAssistService, hover through
 * the bound IHoverService, code actions through the bound ICodeActionService2 with a language-server access
 * that serves the document. Diagnostics are converted from the validator's issues as the server publishes
 * them (code, issue data, 0-based range).
 */
public final class IdeTestAccess {

	public static final Injector INJECTOR = new BmsIdeSetup().createInjectorAndDoEMFRegistration();

	/** The reference model's folder, where test documents live (virtually) so that their imports resolve. */
	public static final Path MODELS = repositoryRoot().resolve("models");

	private IdeTestAccess() {
	}

	public static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no bmsgen checkout above " + Path.of("").toAbsolutePath());
	}

	public static String referenceModel() {
		try {
			return Files.readString(MODELS.resolve("smart4s.bms"));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static URI documentUri() {
		return URI.createFileURI(MODELS.resolve("edited-in-test.bms").toString());
	}

	public static XtextResource load(String text) {
		return load(text, INJECTOR.getInstance(XtextResourceSet.class));
	}

	private static XtextResource load(String text, ResourceSet resourceSet) {
		XtextResource resource = (XtextResource) resourceSet.createResource(documentUri());
		try {
			resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return resource;
	}

	/** The diagnostics the server would publish for the text. */
	public static List<Diagnostic> diagnostics(String text) {
		XtextResource resource = load(text);
		List<Issue> issues = INJECTOR.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
				CancelIndicator.NullImpl);
		return issues.stream().map(IdeTestAccess::toDiagnostic).collect(Collectors.toList());
	}

	public static List<Diagnostic> diagnostics(String text, String code) {
		return diagnostics(text).stream().filter(d -> d.getCode() != null && code.equals(d.getCode().getLeft()))
				.collect(Collectors.toList());
	}

	/** As LanguageServerImpl.toDiagnostic: lines and columns 0-based. */
	private static Diagnostic toDiagnostic(Issue issue) {
		Diagnostic diagnostic = new Diagnostic();
		diagnostic.setCode(issue.getCode());
		diagnostic.setData(issue.getData());
		diagnostic.setMessage(issue.getMessage());
		diagnostic.setSeverity(issue.getSeverity() == Severity.ERROR ? DiagnosticSeverity.Error
				: issue.getSeverity() == Severity.WARNING ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information);
		Position start = new Position(Math.max(0, issue.getLineNumber() - 1), Math.max(0, issue.getColumn() - 1));
		Position end = new Position(Math.max(0, issue.getLineNumberEnd() - 1), Math.max(0, issue.getColumnEnd() - 1));
		diagnostic.setRange(new Range(start, end));
		return diagnostic;
	}

	// ------------------------------------------------------------------ completion and hover

	/** Where completion is asked for in a text ("|" is a token of the language). */
	public static final String CURSOR = "<|>";

	/** Completion at the offset of {@link #CURSOR} in the text (the marker is removed). */
	public static List<CompletionItem> complete(String textWithCursor) {
		int offset = textWithCursor.indexOf(CURSOR);
		String text = textWithCursor.substring(0, offset) + textWithCursor.substring(offset + CURSOR.length());
		Document document = new Document(1, text);
		XtextResource resource = load(text);
		CompletionParams params = new CompletionParams(new TextDocumentIdentifier(documentUri().toString()),
				document.getPosition(offset));
		return INJECTOR.getInstance(ContentAssistService.class)
				.createCompletionList(document, resource, params, CancelIndicator.NullImpl).getItems();
	}

	public static List<String> labels(List<CompletionItem> items) {
		return items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
	}

	/** The hover text at an offset, "" when there is none. */
	public static String hover(String text, int offset) {
		Document document = new Document(1, text);
		XtextResource resource = load(text);
		HoverParams params = new HoverParams(new TextDocumentIdentifier(documentUri().toString()),
				document.getPosition(offset));
		Hover hover = INJECTOR.getInstance(IHoverService.class).hover(document, resource, params,
				CancelIndicator.NullImpl);
		return hover == null || hover.getContents() == null || hover.getContents().getRight() == null ? ""
				: hover.getContents().getRight().getValue();
	}

	/** The hover over the first occurrence of a piece of text (at its first character plus a shift). */
	public static String hover(String text, String over, int shift) {
		int at = text.indexOf(over);
		if (at < 0) {
			throw new IllegalArgumentException("'" + over + "' is not in the text");
		}
		return hover(text, at + shift);
	}

	// ------------------------------------------------------------------ code actions

	/** The quick fixes the server offers for one diagnostic, as a client asks for them (range = the diagnostic's). */
	public static List<CodeAction> codeActions(String text, Diagnostic diagnostic) {
		Document document = new Document(1, text);
		XtextResource resource = load(text);
		CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(documentUri().toString()),
				diagnostic.getRange(), new CodeActionContext(List.of(diagnostic)));
		ICodeActionService2.Options options = new ICodeActionService2.Options();
		options.setDocument(document);
		options.setResource(resource);
		options.setURI(documentUri().toString());
		options.setCodeActionParams(params);
		options.setCancelIndicator(CancelIndicator.NullImpl);
		options.setLanguageServerAccess(new DocumentAccess(text, document, resource));
		List<CodeAction> actions = new ArrayList<>();
		for (Either<Command, CodeAction> action : INJECTOR.getInstance(ICodeActionService2.class)
				.getCodeActions(options)) {
			if (action.isRight()) {
				actions.add(action.getRight());
			}
		}
		return actions;
	}

	/** The text after a code action's edits of the document. */
	public static String apply(String text, CodeAction action) {
		List<TextEdit> edits = action.getEdit().getChanges().getOrDefault(documentUri().toString(), List.of());
		return new Document(1, text).applyChanges(edits).getContents();
	}

	/** What the quick fixes need of the server: the open document and a fresh resource set holding it. */
	private static final class DocumentAccess implements ILanguageServerAccess {
		private final String text;
		private final Document document;
		private final XtextResource resource;

		DocumentAccess(String text, Document document, XtextResource resource) {
			this.text = text;
			this.document = document;
			this.resource = resource;
		}

		@Override
		public <T> T doSyncRead(String uri, Function<Context, T> function) {
			return function.apply(new Context(resource, document, true, CancelIndicator.NullImpl));
		}

		@Override
		public <T> CompletableFuture<T> doRead(String uri, Function<Context, T> function) {
			return CompletableFuture.completedFuture(doSyncRead(uri, function));
		}

		@Override
		public <T> CompletableFuture<T> doReadIndex(Function<? super IndexContext, ? extends T> function) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void addBuildListener(IBuildListener listener) {
		}

		@Override
		public LanguageClient getLanguageClient() {
			return null;
		}

		@Override
		public ResourceSet newLiveScopeResourceSet(URI uri) {
			XtextResourceSet resourceSet = INJECTOR.getInstance(XtextResourceSet.class);
			load(text, resourceSet);
			return resourceSet;
		}

		@Override
		public InitializeParams getInitializeParams() {
			WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
			WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
			edits.setDocumentChanges(false);
			workspace.setWorkspaceEdit(edits);
			ClientCapabilities capabilities = new ClientCapabilities();
			capabilities.setWorkspace(workspace);
			InitializeParams params = new InitializeParams();
			params.setCapabilities(capabilities);
			return params;
		}

		@Override
		public InitializeResult getInitializeResult() {
			return new InitializeResult();
		}
	}
}
