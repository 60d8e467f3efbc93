package org.bmsgen.dsl.ide.symbols;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;

import com.google.inject.Singleton;

/**
 * Xtext's flat symbol service, which answers workspace symbols (and the outline of clients without hierarchical
 * symbols), with the kinds of the outline: it has its own kind mapping, every element a property by default.
 */
@Singleton
public class BmsDocumentSymbolService extends DocumentSymbolService {

	@Override
	protected SymbolKind getSymbolKind(EClass type) {
		return BmsOutline.kindOf(type);
	}
}
