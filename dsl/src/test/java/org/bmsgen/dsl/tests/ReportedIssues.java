package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Pack;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * The issues validation reported on one model, with every assertion check tests make: that a code is absent,
 * present once or more with a severity and message parts, on which element (by its EClass) and in which pack it
 * landed (an inherited issue lands on the variant). Failures are JUnit 5 failures that list every issue found
 * ({@link org.eclipse.xtext.testing.validation.ValidationTestHelper}'s own assert methods fail through JUnit 4, which is not on the test class path).
 * Get one from {@link ModelSnippets#check}, which fails the test on a syntax error in the test model, so that a
 * check test never passes on a model the parser did not understand.
 */
public final class ReportedIssues {

	private final EObject model;
	private final List<Issue> issues;

	public ReportedIssues(EObject model, List<Issue> issues) {
		this.model = model;
		this.issues = issues;
	}

	public List<Issue> all() {
		return issues;
	}

	public List<Issue> withCode(String code) {
		return issues.stream().filter(i -> code.equals(i.getCode())).collect(Collectors.toList());
	}

	/** No issue of the code anywhere in the model (wherever a check would put it). */
	public void assertNone(String code) {
		assertEquals(List.of(), withCode(code).stream().map(ReportedIssues::describe).collect(Collectors.toList()),
				"unexpected " + code);
	}

	/** Exactly one issue of the code, of the severity, whose message contains every part. */
	public Issue assertOne(String code, Severity severity, String... messageParts) {
		List<Issue> found = withCode(code);
		assertEquals(1, found.size(), () -> "expected one " + code + ", got: " + describeAll());
		Issue issue = found.get(0);
		assertEquals(severity, issue.getSeverity(), () -> describe(issue));
		for (String part : messageParts) {
			assertTrue(issue.getMessage().contains(part), () -> "'" + part + "' not in: " + issue.getMessage());
		}
		return issue;
	}

	/** Exactly one error of the code, whose message contains every part. */
	public Issue assertError(String code, String... messageParts) {
		return assertOne(code, Severity.ERROR, messageParts);
	}

	/** At least one issue of the code (of any severity); each message part must appear in one of them. */
	public List<Issue> assertSome(String code, String... messageParts) {
		return assertSome(withCode(code), code, messageParts);
	}

	/** At least one issue of the code and severity; each message part must appear in one of those. */
	public List<Issue> assertSome(String code, Severity severity, String... messageParts) {
		return assertSome(withCode(code).stream().filter(i -> i.getSeverity() == severity).collect(Collectors.toList()),
				severity + " " + code, messageParts);
	}

	private List<Issue> assertSome(List<Issue> found, String what, String... messageParts) {
		assertFalse(found.isEmpty(), () -> "expected " + what + ", got: " + describeAll());
		for (String part : messageParts) {
			assertTrue(found.stream().anyMatch(i -> i.getMessage().contains(part)), () -> "'" + part + "' in none of: "
					+ found.stream().map(ReportedIssues::describe).collect(Collectors.toList()));
		}
		return found;
	}

	/** An error of the code marked on an element of the class (any, when null) whose message contains the fragment. */
	public Issue assertError(EClass on, String code, String fragment) {
		return assertOn(on, code, Severity.ERROR, fragment);
	}

	/** A warning of the code marked on an element of the class (any, when null) whose message contains the fragment. */
	public Issue assertWarning(EClass on, String code, String fragment) {
		return assertOn(on, code, Severity.WARNING, fragment);
	}

	private Issue assertOn(EClass on, String code, Severity severity, String fragment) {
		for (Issue issue : issues) {
			if (code.equals(issue.getCode()) && issue.getSeverity() == severity
					&& (fragment == null || issue.getMessage().contains(fragment)) && isOn(issue, on)) {
				return issue;
			}
		}
		return fail("expected " + severity + " " + code + " on " + (on == null ? "any element" : on.getName())
				+ " containing '" + fragment + "', got: " + describeAll());
	}

	private boolean isOn(Issue issue, EClass on) {
		if (on == null) {
			return true;
		}
		EObject target = issue.getUriToProblem() == null ? null : elementOf(issue);
		return target != null && on.isSuperTypeOf(target.eClass());
	}

	/** The model element an issue is marked on (in the model's resource set when it has one, e.g. an import). */
	public EObject elementOf(Issue issue) {
		return model.eResource().getResourceSet() == null ? model.eResource().getEObject(issue.getUriToProblem().fragment())
				: model.eResource().getResourceSet().getEObject(issue.getUriToProblem(), true);
	}

	/** The name of the pack an issue is marked in, or null when it is outside every pack. */
	public String packOf(Issue issue) {
		Pack pack = EcoreUtil2.getContainerOfType(elementOf(issue), Pack.class);
		return pack == null ? null : pack.getName();
	}

	/** The text an issue is marked on, as written. */
	public String markedText(Issue issue) {
		String text = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(model).getRootNode().getText();
		return text.substring(issue.getOffset(), issue.getOffset() + issue.getLength());
	}

	public String describeAll() {
		return describe(issues);
	}

	/** Issues one a line, each with position, severity, code and message. */
	public static String describe(List<Issue> issues) {
		return issues.isEmpty() ? "no issues"
				: issues.stream().map(ReportedIssues::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
	}

	private static String describe(Issue issue) {
		return issue.getLineNumber() + ":" + issue.getColumn() + " " + issue.getSeverity() + " [" + issue.getCode() + "] "
				+ issue.getMessage();
	}

	@Override
	public String toString() {
		return describeAll();
	}
}
