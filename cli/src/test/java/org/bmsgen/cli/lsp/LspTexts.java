package org.bmsgen.cli.lsp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Text arithmetic a client does: positions to offsets, edits applied. */
final class LspTexts {

	private LspTexts() {
	}

	static int offset(String text, Position position) {
		int offset = 0;
		for (int line = 0; line < position.getLine(); line++) {
			offset = text.indexOf('\n', offset) + 1;
			if (offset == 0) {
				throw new IllegalArgumentException("no line " + position.getLine());
			}
		}
		return offset + position.getCharacter();
	}

	/** Applies edits as LSP defines them: all ranges refer to the original text and do not overlap. */
	static String apply(String text, List<? extends TextEdit> edits) {
		List<TextEdit> sorted = new ArrayList<>(edits);
		sorted.sort(Comparator.comparingInt((TextEdit edit) -> offset(text, edit.getRange().getStart())).reversed());
		StringBuilder result = new StringBuilder(text);
		for (TextEdit edit : sorted) {
			result.replace(offset(text, edit.getRange().getStart()), offset(text, edit.getRange().getEnd()),
					edit.getNewText());
		}
		return result.toString();
	}

	/** The edits of a workspace edit by document uri, whichever of its two forms the server used. */
	static Map<String, List<TextEdit>> editsByUri(WorkspaceEdit edit) {
		Map<String, List<TextEdit>> result = new HashMap<>();
		if (edit.getChanges() != null) {
			edit.getChanges().forEach((uri, edits) -> result.computeIfAbsent(uri, u -> new ArrayList<>()).addAll(edits));
		}
		if (edit.getDocumentChanges() != null) {
			for (Either<TextDocumentEdit, ResourceOperation> change : edit.getDocumentChanges()) {
				if (change.isLeft()) {
					result.computeIfAbsent(change.getLeft().getTextDocument().getUri(), u -> new ArrayList<>())
							.addAll(change.getLeft().getEdits().stream().map(e -> {
								if (e.isRight()) {
									throw new AssertionError("a snippet edit where a text edit was due: " + e);
								}
								return e.getLeft();
							}).toList());
				} else {
					throw new AssertionError("a rename must not create, move or delete files: " + change.getRight());
				}
			}
		}
		return result;
	}
}
