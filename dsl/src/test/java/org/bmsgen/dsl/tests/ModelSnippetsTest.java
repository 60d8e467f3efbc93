package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/** The fixture every check test starts from must itself be a clean model, or "valid" cases prove nothing. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ModelSnippetsTest {

	@Inject
	private ModelSnippets snippets;

	@Test
	void defaultModel_checksClean() {
		ReportedIssues issues = snippets.model().check();
		assertEquals("no issues", issues.describeAll());
	}
}
