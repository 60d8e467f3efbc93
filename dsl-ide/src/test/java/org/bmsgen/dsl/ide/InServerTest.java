package org.bmsgen.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.bmsgen.dsl.validation.IssueCodes;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;

/**
 * The services as Xtext's own language server dispatches them (in process, no transport): the bindings of
 * BmsIdeModule reach the server, its capabilities announce completion, hover and code actions, and a quick
 * fix requested for a diagnostic the server published edits the document as expected.
 */
class InServerTest {

	@TempDir
	Path workspace;

	private LanguageServerImpl server;
	private final Map<String, List<Diagnostic>> published = new ConcurrentHashMap<>();

	@BeforeEach
	void start() throws Exception {
		IdeTestAccess.INJECTOR.getClass(); // registers the language with EMF's registry
		Files.createDirectories(workspace.resolve("cells"));
		Files.copy(IdeTestAccess.MODELS.resolve("cells/panasonic-ncr18650pf.bms"),
				workspace.resolve("cells/panasonic-ncr18650pf.bms"));
		server = Guice.createInjector(new ServerModule()).getInstance(LanguageServerImpl.class);
		server.connect(new RecordingClient());
	}

	@AfterEach
	void stop() throws Exception {
		server.shutdown().get(30, TimeUnit.SECONDS);
	}

	@Test
	void aQuickFixRequestedFromTheServerRemovesTheDiagnosticItPublished() throws Exception {
		String text = IdeTestAccess.referenceModel().replace("overcurrent above 56 A", "overcurrent above 60 A");
		Path model = workspace.resolve("pack.bms");
		Files.writeString(model, text);
		InitializeParams params = new InitializeParams();
		params.setRootUri(workspace.toUri().toString());
		InitializeResult result = server.initialize(params).get(60, TimeUnit.SECONDS);
		assertTrue(result.getCapabilities().getCodeActionProvider() != null, "code actions announced");
		assertNotNull(result.getCapabilities().getHoverProvider(), "hover announced");
		assertNotNull(result.getCapabilities().getCompletionProvider(), "completion announced");
		server.initialized(new InitializedParams());

		String uri = model.toUri().toString();
		String serverUri = openAndWait(uri, text);
		Diagnostic quantised = published.get(serverUri).stream()
				.filter(d -> IssueCodes.AFE_THRESHOLD_QUANTISED.equals(d.getCode().getLeft())).findFirst()
				.orElseThrow(() -> new AssertionError("published: " + published));

		List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions = server.codeAction(new CodeActionParams(
				new TextDocumentIdentifier(serverUri), quantised.getRange(), new CodeActionContext(List.of(quantised))))
				.get(60, TimeUnit.SECONDS);
		List<CodeAction> fixes = actions.stream().filter(Either::isRight).map(Either::getRight).collect(Collectors.toList());
		assertEquals(List.of("Write what the AFE is programmed with: 56 A"),
				fixes.stream().map(CodeAction::getTitle).collect(Collectors.toList()));
		List<TextEdit> edits = fixes.get(0).getEdit().getChanges() != null
				? fixes.get(0).getEdit().getChanges().get(serverUri)
				: fixes.get(0).getEdit().getDocumentChanges().get(0).getLeft().getEdits().stream().map(Either::getLeft)
						.collect(Collectors.toList());
		assertEquals(IdeTestAccess.referenceModel(), new Document(1, text).applyChanges(edits).getContents());

		String hover = server.hover(new HoverParams(new TextDocumentIdentifier(serverUri),
				new Document(1, text).getPosition(text.indexOf("for 640 ms") + 5))).get(60, TimeUnit.SECONDS)
				.getContents().getRight().getValue();
		assertTrue(hover.contains("**0.64 s**") && hover.contains("OCD_DELAY = 0x6"), hover);

		int afterArrow = text.indexOf("on ship-mode -> Ship") + "on ship-mode -> ".length();
		List<String> states = server.completion(new CompletionParams(new TextDocumentIdentifier(serverUri),
				new Document(1, text).getPosition(afterArrow))).get(60, TimeUnit.SECONDS).getRight().getItems().stream()
				.map(item -> item.getLabel()).collect(Collectors.toList());
		assertTrue(states.containsAll(List.of("Standby", "Fault", "Ship")), states.toString());
	}

	/** Opens the document and waits for the server's diagnostics of it; returns the URI the server uses. */
	private String openAndWait(String uri, String text) throws Exception {
		server.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "bms", 1, text)));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			for (Map.Entry<String, List<Diagnostic>> entry : published.entrySet()) {
				if (entry.getKey().endsWith("/pack.bms") && !entry.getValue().isEmpty()) {
					return entry.getKey();
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no diagnostics published for " + uri + ": " + published.keySet());
	}

	private final class RecordingClient implements LanguageClient {
		@Override
		public void telemetryEvent(Object object) {
		}

		@Override
		public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
			published.put(diagnostics.getUri(), diagnostics.getDiagnostics());
		}

		@Override
		public void showMessage(MessageParams messageParams) {
		}

		@Override
		public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void logMessage(MessageParams message) {
		}
	}
}
