package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;

/**
 * Assertions over {@link ValidationTestHelper#validate} with JUnit 5 failures that list every issue found
 * (the helper's own assert methods fail through JUnit 4, which is not on the test class path).
 */
final class IssueAssertions {

	private IssueAssertions() {
	}

	static Issue assertError(ValidationTestHelper helper, EObject model, EClass on, String code, String fragment) {
		return assertIssue(helper, model, on, code, Severity.ERROR, fragment);
	}

	static Issue assertWarning(ValidationTestHelper helper, EObject model, EClass on, String code, String fragment) {
		return assertIssue(helper, model, on, code, Severity.WARNING, fragment);
	}

	/** No issue of the code anywhere in the model (wherever a check would put it). */
	static void assertNoIssue(ValidationTestHelper helper, EObject model, String code) {
		List<Issue> issues = helper.validate(model);
		List<Issue> matching = issues.stream().filter(i -> code.equals(i.getCode())).collect(Collectors.toList());
		if (!matching.isEmpty()) {
			fail("expected no " + code + " but got:\n" + describe(matching));
		}
	}

	private static Issue assertIssue(ValidationTestHelper helper, EObject model, EClass on, String code, Severity severity,
			String fragment) {
		List<Issue> issues = helper.validate(model);
		for (Issue issue : issues) {
			if (code.equals(issue.getCode()) && issue.getSeverity() == severity
					&& (fragment == null || issue.getMessage().contains(fragment)) && isOn(model, issue, on)) {
				return issue;
			}
		}
		fail("expected " + severity + " " + code + " on " + (on == null ? "any element" : on.getName()) + " containing '"
				+ fragment + "' but got:\n" + describe(issues));
		return null;
	}

	private static boolean isOn(EObject model, Issue issue, EClass on) {
		if (on == null || issue.getUriToProblem() == null) {
			return on == null;
		}
		EObject target = model.eResource().getResourceSet() == null
				? model.eResource().getEObject(issue.getUriToProblem().fragment())
				: model.eResource().getResourceSet().getEObject(issue.getUriToProblem(), true);
		return target != null && on.isSuperTypeOf(target.eClass());
	}

	static String describe(List<Issue> issues) {
		return issues.isEmpty() ? "  (no issues)"
				: issues.stream().map(i -> "  " + i.getLineNumber() + ": " + i.getSeverity() + " " + i.getCode() + " " + i.getMessage())
						.collect(Collectors.joining("\n"));
	}
}
