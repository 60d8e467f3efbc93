package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Inject;

/**
 * Parses a model (failing on any syntax error, so that a "valid" model cannot pass by not parsing) and
 * asserts on the diagnostics of one issue code.
 */
public class CheckAssertions {

	@Inject
	private ParseHelper<Model> parser;

	@Inject
	private ValidationTestHelper validation;

	public List<Issue> issues(String text) {
		try {
			Model model = parser.parse(text);
			assertTrue(model.eResource().getErrors().isEmpty(), () -> "syntax errors: " + model.eResource().getErrors());
			return validation.validate(model);
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	/** Exactly the issues of this code; their messages contain the parts given (each in one of them). */
	public List<Issue> assertIssue(String text, String code, Severity severity, String... messageParts) {
		List<Issue> all = issues(text);
		List<Issue> matching = all.stream().filter(i -> code.equals(i.getCode()) && i.getSeverity() == severity)
				.collect(Collectors.toList());
		if (matching.isEmpty()) {
			fail("expected a " + severity + " " + code + ", got:\n" + describe(all));
		}
		for (String part : messageParts) {
			assertTrue(matching.stream().anyMatch(i -> i.getMessage().contains(part)),
					() -> "no " + code + " message contains '" + part + "':\n" + describe(matching));
		}
		return matching;
	}

	public void assertNoIssue(String text, String code) {
		List<Issue> all = issues(text);
		List<Issue> matching = all.stream().filter(i -> code.equals(i.getCode())).collect(Collectors.toList());
		assertEquals("", describe(matching), "unexpected " + code);
	}

	public static String describe(List<Issue> issues) {
		return issues.stream().map(i -> i.getLineNumber() + ":" + i.getColumn() + " " + i.getSeverity() + " ["
				+ i.getCode() + "] " + i.getMessage()).collect(Collectors.joining("\n"));
	}
}
