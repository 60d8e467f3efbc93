package org.bmsgen.dsl.ide.symbols;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolNameProvider;

import com.google.inject.Singleton;

/**
 * Outline names: the simple name ("Standby", not "Smart4S.Control.Standby": the outline's nesting already
 * says where it is), and null for what the outline leaves out.
 */
@Singleton
public class BmsDocumentSymbolNameProvider extends DocumentSymbolNameProvider {

	@Override
	public String getName(EObject object) {
		return object == null ? null : BmsOutline.nameOf(object);
	}
}
