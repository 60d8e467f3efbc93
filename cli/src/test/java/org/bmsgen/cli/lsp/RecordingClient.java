package org.bmsgen.cli.lsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** An LSP client that keeps the diagnostics the server publishes, so a test can wait for the ones it expects. */
final class RecordingClient implements LanguageClient {

	private final Map<String, List<List<Diagnostic>>> published = new HashMap<>();

	private final List<String> messages = new ArrayList<>();

	@Override
	public synchronized void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
		published.computeIfAbsent(diagnostics.getUri(), uri -> new ArrayList<>()).add(diagnostics.getDiagnostics());
		notifyAll();
	}

	/** Publications for the uri so far (each a complete list of its diagnostics). */
	synchronized int publications(String uri) {
		return published.getOrDefault(uri, List.of()).size();
	}

	/**
	 * Waits for a publication for the uri after the first {@code after} ones that satisfies the predicate,
	 * and returns it.
	 */
	synchronized List<Diagnostic> awaitDiagnostics(String uri, int after, Predicate<List<Diagnostic>> wanted,
			long timeoutMillis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		int seen = after;
		while (true) {
			List<List<Diagnostic>> lists = published.getOrDefault(uri, List.of());
			for (; seen < lists.size(); seen++) {
				if (wanted.test(lists.get(seen))) {
					return lists.get(seen);
				}
			}
			long left = deadline - System.currentTimeMillis();
			if (left <= 0) {
				throw new AssertionError("no matching diagnostics for " + uri + " within " + timeoutMillis
						+ " ms; published: " + lists);
			}
			wait(left);
		}
	}

	synchronized List<String> messages() {
		return List.copyOf(messages);
	}

	@Override
	public void telemetryEvent(Object object) {
	}

	@Override
	public synchronized void showMessage(MessageParams message) {
		messages.add(message.getType() + ": " + message.getMessage());
	}

	@Override
	public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public synchronized void logMessage(MessageParams message) {
		messages.add(message.getType() + ": " + message.getMessage());
	}
}
