package org.bmsgen.dsl;

import org.bmsgen.dsl.conversion.BmsValueConverters;
import org.bmsgen.dsl.linking.BmsLinkingDiagnosticMessages;
import org.bmsgen.dsl.naming.BmsQualifiedNameProvider;
import org.bmsgen.dsl.scoping.BmsImportUriGlobalScopeProvider;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;

/** Guice bindings of the .bms language beyond what the grammar generator contributes. */
public class BmsRuntimeModule extends AbstractBmsRuntimeModule {

	@Override
	public Class<? extends IValueConverterService> bindIValueConverterService() {
		return BmsValueConverters.class;
	}

	@Override
	public Class<? extends IQualifiedNameProvider> bindIQualifiedNameProvider() {
		return BmsQualifiedNameProvider.class;
	}

	/** A model sees what it imports ({@code import "cells.bms"}), not every file that happens to be loaded. */
	@Override
	public Class<? extends IGlobalScopeProvider> bindIGlobalScopeProvider() {
		return BmsImportUriGlobalScopeProvider.class;
	}

	public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
		return BmsLinkingDiagnosticMessages.class;
	}
}
