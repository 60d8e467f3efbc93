package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsgen estimate}: the reference pack's generated SoC filter over the measured Panasonic NCR18650PF drive
 * cycles (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1; ../shared/data beside the checkout). The bounds are issue 7's
 * targets for a 20 % wrong start at 25 degC, per file; the reference SoC is the tester's Ah counter, independent of
 * the filter.
 */
class EstimateCommandTest {

	@TempDir
	Path temp;

	private static String reference() {
		return Run.models().resolve("smart4s.bms").toString();
	}

	private static Path data(String name) {
		Path file = Run.repositoryRoot().resolve("../shared/data/cells/panasonic-18650pf/csv/" + name + "_Pan18650PF.csv.gz")
				.normalize();
		Assumptions.assumeTrue(Files.isRegularFile(file), "the shared data is not beside the checkout: " + file);
		return file;
	}

	private static double figure(String json, String key) {
		Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.]+)").matcher(json);
		assertTrue(m.find(), key + " in " + json);
		return Double.parseDouble(m.group(1));
	}

	/** The top-level figures of the filter (the first occurrence of a key; the baselines' follow in their objects). */
	private static void assertWithinTargets(String json, double rmseAfter, double maxAfter) {
		assertTrue(figure(json, "rmse_after_10min") <= rmseAfter, json);
		assertTrue(figure(json, "max_after_10min") <= maxAfter, json);
	}

	/** Issue 7, 25 degC: RMSE after 10 min at most 1 % for every file, max error at most 2 %, from 80 % while full. */
	@Test
	void la92At25degC_twentyPercentWrongStart_withinTheTargets() {
		Run run = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", data("25degC_LA92").toString(),
				"--initial-soc", "80%", "--json").exits(0).clean();
		assertWithinTargets(run.out(), 1.0, 2.0);
		// coulomb counting keeps the 20 % it started with; the filter does not
		String counting = run.out().substring(run.out().indexOf("\"coulomb_counting\""));
		assertTrue(Math.abs(figure(counting, "rmse") - 20) < 0.5, counting);
		assertTrue(figure(run.out(), "rmse") < figure(run.out().substring(run.out().indexOf("\"ocv_lookup\"")), "rmse"));
	}

	/** The objects of a JSON array of results, one string each (the filter's figures come first in each). */
	private static String[] results(String json) {
		String[] parts = json.split("\\{\"data\": ");
		String[] results = new String[parts.length - 1];
		System.arraycopy(parts, 1, results, 0, results.length);
		return results;
	}

	/**
	 * Issue 7, 25 degC, every drive cycle of the data from a 20 % wrong start: mean RMSE after 10 min at most 0.5 %,
	 * every file at most 1 %, max error after 10 min at most 2 %.
	 */
	@Test
	void everyDriveCycleAt25degC_twentyPercentWrongStart_meetsTheTargets() {
		Run run = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", data("25degC_US06").toString(),
				"--data", data("25degC_HWFTa").toString(), "--data", data("25degC_LA92").toString(), "--data",
				data("25degC_NN").toString(), "--data", data("25degC_Cycle_1").toString(), "--initial-soc", "0.8",
				"--json").exits(0).clean();
		String[] files = results(run.out());
		assertEquals(5, files.length, run.out());
		double sum = 0;
		for (String file : files) {
			assertWithinTargets(file, 1.0, 2.0);
			sum += figure(file, "rmse_after_10min");
		}
		assertTrue(sum / files.length <= 0.5, "mean RMSE after 10 min " + sum / files.length + ": " + run.out());
	}

	/** Issue 7: with a +-10 mV sense offset the 25 degC RMSE after 10 min stays within 1 % (LA92, Cycle_1). */
	@Test
	void la92AndCycle1At25degC_tenMillivoltOffset_withinOnePercent() {
		for (String offset : new String[] { "10", "-10" }) {
			Run run = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", data("25degC_LA92").toString(),
					"--data", data("25degC_Cycle_1").toString(), "--initial-soc", "80%", "--voltage-offset", offset,
					"--json").exits(0).clean();
			String[] files = results(run.out());
			assertEquals(2, files.length, run.out());
			for (String file : files) {
				assertTrue(figure(file, "rmse_after_10min") <= 1.0, offset + " mV: " + file);
			}
		}
	}

	/** Issue 7, below 10 degC (the circuit is fitted at 25 degC only): RMSE after 10 min at most 2 % on US06. */
	@Test
	void us06At0AndMinus10degC_twentyPercentWrongStart_withinTwoPercent() {
		Run run = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", data("0degC_US06").toString(),
				"--data", data("n10degC_US06").toString(), "--initial-soc", "80%", "--json").exits(0).clean();
		String[] files = results(run.out());
		assertEquals(2, files.length, run.out());
		for (String file : files) {
			assertTrue(figure(file, "rmse_after_10min") <= 2.0, file);
		}
	}

	/** A cells-only file runs on the reference board (250 ms, BQ76920) and gives the same keys. */
	@Test
	void cellsOnlyModel_runsOnTheReferenceBoard_textAndReport() throws IOException {
		String cells = Run.models().resolve("cells/panasonic-ncr18650pf.bms").toString();
		Run run = Run.of("estimate", cells, "--cell", "NCR18650PF", "--data", data("25degC_LA92").toString(),
				"--initial-soc", "80%", "--report", temp.toString()).exits(0).clean();
		assertTrue(run.out().contains("periods of 250 ms"), run.out());
		assertTrue(run.out().contains("EKF (generated)") && run.out().contains("coulomb counting")
				&& run.out().contains("OCV lookup"), run.out());
		String html = Files.readString(temp.resolve("25degC_LA92_Pan18650PF.html"), StandardCharsets.UTF_8);
		assertTrue(html.contains("<svg") && html.contains("voltage residual") && html.contains("wykht8y7tg"), html);
		assertTrue(Files.readAllLines(temp.resolve("25degC_LA92_Pan18650PF.csv")).size() > 50_000);
	}

	@Test
	void badInput_clearMessages_noStackTrace() throws IOException {
		Path bad = temp.resolve("bad.csv");
		Files.writeString(bad, "time_s,voltage_V,current_A,ah_Ah,battery_temp_C\n0,4.1,0,0,25\n0.1,4.1,x,0,25\n");
		Run row = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", bad.toString()).exits(2).clean();
		assertTrue(row.err().contains("bad.csv:3: column 'current_A': 'x' is not a number"), row.err());

		Path header = temp.resolve("header.csv");
		Files.writeString(header, "time,voltage_V\n0,4.1\n");
		Run columns = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", header.toString()).exits(2).clean();
		assertTrue(columns.err().contains("header.csv:1: no column 'time_s'"), columns.err());

		Run missing = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", temp.resolve("none.csv").toString())
				.exits(2).clean();
		assertTrue(missing.err().contains("none.csv: no such file"), missing.err());

		Run cell = Run.of("estimate", reference(), "--cell", "NOPE", "--data", bad.toString()).exits(2).clean();
		assertTrue(cell.err().contains("no cell NOPE") && cell.err().contains("NCR18650PF"), cell.err());

		Run soc = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", bad.toString(), "--initial-soc", "1.5")
				.exits(2).clean();
		assertTrue(soc.err().contains("--initial-soc '1.5'"), soc.err());
	}

	/** 0.8 and 80% are the same start. */
	@Test
	void initialSoc_fractionAndPercentage_agree() {
		String file = data("25degC_HWFTa").toString();
		Run fraction = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", file, "--initial-soc", "0.8",
				"--json").exits(0);
		Run percent = Run.of("estimate", reference(), "--cell", "NCR18650PF", "--data", file, "--initial-soc", "80 %",
				"--json").exits(0);
		assertEquals(fraction.out(), percent.out());
	}
}
