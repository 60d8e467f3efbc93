package org.bmsgen.dsl.ide.server;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.validation.Issue;

/**
 * Xtext's server, with every diagnostic it publishes marked as bmsgen's: editors show the source beside the
 * message ("bmsgen(bms.duplicate-can-id)" in VS Code's problems view, the marker's source in Eclipse) and a user
 * with several language servers on one file sees whose check it is. Xtext leaves the source empty.
 */
public class BmsLanguageServerImpl extends LanguageServerImpl {

	/** The {@code source} of every published diagnostic. */
	public static final String SOURCE = "bmsgen";

	@Override
	protected Diagnostic toDiagnostic(Issue issue) {
		Diagnostic diagnostic = super.toDiagnostic(issue);
		diagnostic.setSource(SOURCE);
		return diagnostic;
	}
}
