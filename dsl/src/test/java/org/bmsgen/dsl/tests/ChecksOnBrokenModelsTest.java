package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Half-written models are what an editor validates most of the time: every check must cope with missing
 * parts and report, never throw. A check that throws shows up as Xtext's "Error executing EValidator"
 * diagnostic; this test cuts the reference model at every line and drops every single line, and asserts
 * that none of the resulting models makes a check throw.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ChecksOnBrokenModelsTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	@Test
	void noCheckThrowsOnAPrefixOrALineDropOfTheReferenceModel() throws IOException {
		Path model = RepositoryRoot.models().resolve("smart4s.bms");
		List<String> lines = Files.readAllLines(model);
		List<String> failures = new ArrayList<>();
		for (int cut = 0; cut < lines.size(); cut++) {
			check(model, String.join("\n", lines.subList(0, cut)), "first " + cut + " lines", failures);
			List<String> dropped = new ArrayList<>(lines);
			dropped.remove(cut);
			check(model, String.join("\n", dropped), "without line " + (cut + 1), failures);
		}
		assertEquals("", String.join("\n", failures));
	}

	private void check(Path model, String text, String variant, List<String> failures) throws IOException {
		XtextResourceSet resourceSet = resourceSets.get();
		// loaded under the reference model's own path so that its relative import resolves
		Resource resource = resourceSet.createResource(URI.createFileURI(model.toString()));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		String thrown = issues.stream().filter(i -> i.getMessage() != null && i.getMessage().contains("Error executing"))
				.map(i -> variant + ": " + i.getMessage()).collect(Collectors.joining("\n"));
		if (!thrown.isEmpty()) {
			failures.add(thrown);
		}
	}
}
