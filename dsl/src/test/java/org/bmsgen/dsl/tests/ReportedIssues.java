package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * The issues validation reported on one model, with the assertions check tests make: that a code is
 * absent, or present with a severity and message parts, and on which element and pack it landed.
 */
public final class ReportedIssues {

	private final Model model;
	private final List<Issue> issues;

	public ReportedIssues(Model model, List<Issue> issues) {
		this.model = model;
		this.issues = issues;
	}

	public List<Issue> withCode(String code) {
		return issues.stream().filter(i -> code.equals(i.getCode())).collect(Collectors.toList());
	}

	public void assertNone(String code) {
		assertEquals(List.of(), withCode(code).stream().map(ReportedIssues::describe).collect(Collectors.toList()),
				"unexpected " + code);
	}

	/** Exactly one issue of the code, of the severity, whose message contains every part. */
	public Issue assertOne(String code, Severity severity, String... messageParts) {
		List<Issue> found = withCode(code);
		assertEquals(1, found.size(), "expected one " + code + ", got: " + describeAll());
		Issue issue = found.get(0);
		assertEquals(severity, issue.getSeverity(), describe(issue));
		for (String part : messageParts) {
			assertTrue(issue.getMessage().contains(part), "'" + part + "' not in: " + issue.getMessage());
		}
		return issue;
	}

	public Issue assertError(String code, String... messageParts) {
		return assertOne(code, Severity.ERROR, messageParts);
	}

	/** At least one issue of the code; each message part must appear in one of them. */
	public List<Issue> assertSome(String code, String... messageParts) {
		List<Issue> found = withCode(code);
		assertFalse(found.isEmpty(), "expected " + code + ", got: " + describeAll());
		for (String part : messageParts) {
			assertTrue(found.stream().anyMatch(i -> i.getMessage().contains(part)),
					"'" + part + "' in none of: " + found.stream().map(Issue::getMessage).collect(Collectors.toList()));
		}
		return found;
	}

	/** The model element an issue is marked on. */
	public EObject elementOf(Issue issue) {
		return model.eResource().getEObject(issue.getUriToProblem().fragment());
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
		return issues.isEmpty() ? "no issues"
				: issues.stream().map(ReportedIssues::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
	}

	private static String describe(Issue issue) {
		return issue.getLineNumber() + ": " + issue.getSeverity() + " [" + issue.getCode() + "] " + issue.getMessage();
	}

	@Override
	public String toString() {
		return describeAll();
	}
}
