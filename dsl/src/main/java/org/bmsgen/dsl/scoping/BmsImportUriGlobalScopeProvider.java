package org.bmsgen.dsl.scoping;

import java.util.LinkedHashSet;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.FileExtensionProvider;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;

import com.google.inject.Inject;

/**
 * Imports name .bms files. Xtext's provider throws (an IllegalStateException out of linking) for an import
 * it has no language for, such as {@code import "#cells.bms"} or {@code import "notes.txt"}; such an import
 * contributes nothing here instead, and the reference it was meant for is reported as unresolved.
 */
public class BmsImportUriGlobalScopeProvider extends ImportUriGlobalScopeProvider {

	@Inject
	private FileExtensionProvider fileExtensions;

	@Override
	protected LinkedHashSet<URI> getImportedUris(Resource resource) {
		LinkedHashSet<URI> uris = super.getImportedUris(resource);
		uris.removeIf(uri -> uri.hasFragment() || uri.hasQuery() || uri.fileExtension() == null
				|| !fileExtensions.isValid(uri.fileExtension()));
		return uris;
	}
}
