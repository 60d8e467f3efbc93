package org.bmsgen.dsl.ide.server;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The language server builds the workspace to index and validate it, and Xtext's builder runs the language's
 * generator on every build that validates clean, writing into the workspace (src-gen/ by default). Generated
 * firmware is written on request only, by {@code bmsgen generate} or the Maven plugin, never as a side
 * effect of opening a model in an editor: the server's builder generates nothing.
 */
public class NoGeneratedFiles implements IShouldGenerate {

	@Override
	public boolean shouldGenerate(Resource resource, CancelIndicator cancelIndicator) {
		return false;
	}
}
