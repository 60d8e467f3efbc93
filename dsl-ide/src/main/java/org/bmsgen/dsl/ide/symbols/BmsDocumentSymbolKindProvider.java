package org.bmsgen.dsl.ide.symbols;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolKindProvider;

import com.google.inject.Singleton;

/** Symbol kinds of the outline and of workspace symbols (see {@link BmsOutline#kindOf}). */
@Singleton
public class BmsDocumentSymbolKindProvider extends DocumentSymbolKindProvider {

	@Override
	protected SymbolKind getSymbolKind(EClass type) {
		return BmsOutline.kindOf(type);
	}
}
