package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.BmsLanguage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.log4j.Logger;
import org.junit.jupiter.api.Test;

/** Exit codes and summary of a check, and errors Xtext logs while checking turning into exit 2. */
class CheckReportTest {

	private static final Diagnostic ERROR = Diagnostic.error("a.bms", 1, 1, "bad", "syntax");
	private static final Diagnostic WARNING = new Diagnostic("a.bms", 2, 1, Diagnostic.Severity.WARNING, "odd", "bms.x");

	@Test
	void summaryAndExitCodes() {
		assertEquals("0 errors, 0 warnings in 1 file", new CheckReport(List.of(), 1, List.of(), List.of()).summary());
		assertEquals(0, new CheckReport(List.of(WARNING), 1, List.of(), List.of()).exitCode());
		CheckReport withError = new CheckReport(List.of(ERROR, WARNING), 3, List.of(), List.of());
		assertEquals("1 error, 1 warning in 3 files", withError.summary());
		assertEquals(1, withError.exitCode());
		assertEquals(2, new CheckReport(List.of(ERROR), 1, List.of(ERROR), List.of()).exitCode());
		assertEquals(2, new CheckReport(List.of(), 1, List.of(), List.of("a check threw")).exitCode());
	}

	@Test
	void errorsLoggedByXtextAreKeptForTheReport() {
		BmsLanguage.injector();
		BmsLanguage.InternalErrors.drain();
		Logger.getLogger(CheckReportTest.class).error("Error executing EValidator", new IllegalStateException("boom"));
		Logger.getLogger(CheckReportTest.class).warn("only a warning");
		assertEquals(List.of("Error executing EValidator: java.lang.IllegalStateException: boom"),
				BmsLanguage.InternalErrors.drain());
		assertEquals(List.of(), BmsLanguage.InternalErrors.drain());
	}
}
