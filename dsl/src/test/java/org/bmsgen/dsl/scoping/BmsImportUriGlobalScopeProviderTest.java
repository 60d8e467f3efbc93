package org.bmsgen.dsl.scoping;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.validation.IssueCodes;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.StringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** An import no .bms file can be behind leaves the reference unresolved instead of failing the linker. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class BmsImportUriGlobalScopeProviderTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	@ParameterizedTest
	@ValueSource(strings = { "#cells.bms", "notes.txt", "cells.bms?x", "noextension" })
	void importThatCannotNameABmsFile_referenceUnresolved(String target) throws Exception {
		XtextResourceSet resourceSet = resourceSets.get();
		// a file that exists, so that Xtext's own provider would try to load what the import names
		URI uri = URI.createFileURI(java.nio.file.Files.createTempFile("importer", ".bms").toString());
		XtextResource resource = (XtextResource) resourceSet.createResource(uri);
		resource.load(new StringInputStream("import \"" + target + "\"\npack P {\n\tcells 4S1P Missing\n}\n", "UTF-8"), null);
		List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		List<String> codes = issues.stream().map(Issue::getCode).collect(Collectors.toList());
		assertTrue(codes.contains(IssueCodes.UNRESOLVED_IMPORT), issues.toString());
		assertTrue(issues.stream().anyMatch(i -> Diagnostic.LINKING_DIAGNOSTIC.equals(i.getCode())
				&& i.getMessage().contains("Missing")), issues.toString());
	}
}
