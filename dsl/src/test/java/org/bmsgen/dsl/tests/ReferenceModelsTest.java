package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** Every model in models/ parses, links and validates without an error or a warning. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ReferenceModelsTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	static Stream<Path> models() throws IOException {
		try (Stream<Path> files = Files.walk(RepositoryRoot.models())) {
			List<Path> bms = files.filter(p -> p.toString().endsWith(".bms")).sorted().collect(Collectors.toList());
			assertFalse(bms.isEmpty(), "no .bms files in models/");
			return bms.stream();
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void modelChecksClean(Path model) {
		XtextResourceSet resourceSet = resourceSets.get();
		Resource resource = resourceSet.getResource(URI.createFileURI(model.toString()), true);
		List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		assertEquals("", issues.stream().map(i -> i.getLineNumber() + ":" + i.getColumn() + " " + i.getSeverity() + " " + i.getMessage())
				.collect(Collectors.joining("\n")), model.toString());
	}
}
