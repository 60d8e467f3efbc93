package org.bmsgen.dsl.ide.codeactions;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.codeActions.QuickFixCodeActionService;

/**
 * Xtext's quick-fix code actions, without the ones whose fix turns out to change nothing: a fix declines
 * (returns no edit) when the diagnostic does not mark what it fixes, e.g. a problem of an inherited element
 * reported on a variant's {@code extends}, or an FD frame too long to become classic. Offering those would
 * show the engineer a fix that does nothing.
 */
public class BmsCodeActionService extends QuickFixCodeActionService {

	@Override
	protected List<Either<Command, CodeAction>> getCodeActions(Options options, Diagnostic diagnostic) {
		return super.getCodeActions(options, diagnostic).stream().filter(action -> action.isLeft()
				|| changesSomething(action.getRight().getEdit())).collect(Collectors.toList());
	}

	private static boolean changesSomething(WorkspaceEdit edit) {
		if (edit == null) {
			return false;
		}
		boolean changes = edit.getChanges() != null
				&& edit.getChanges().values().stream().anyMatch(edits -> edits != null && !edits.isEmpty());
		boolean documentChanges = edit.getDocumentChanges() != null && edit.getDocumentChanges().stream()
				.anyMatch(change -> change.isRight() || !change.getLeft().getEdits().isEmpty());
		return changes || documentChanges;
	}
}
