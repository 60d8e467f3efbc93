package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsgen fit-cell}: on a synthetic lab test of a cell whose parameters are known, on broken files, and on the
 * measured NCR18650PF, whose committed cell file must be exactly what fit-cell writes.
 */
class FitCellCommandTest {

	@TempDir
	Path folder;

	private Path c20;
	private Path hppc;

	@BeforeEach
	void labTests() throws IOException {
		c20 = folder.resolve("c20.csv");
		hppc = folder.resolve("hppc.csv");
		Files.writeString(c20, LabTest.c20());
		Files.writeString(hppc, LabTest.hppc());
	}

	private Run fit(Path output, String... more) {
		String[] args = new String[7 + more.length];
		String[] base = { "fit-cell", "--ocv", c20.toString(), "--hppc", hppc.toString(), "-o", output.toString() };
		System.arraycopy(base, 0, args, 0, 7);
		System.arraycopy(more, 0, args, 7, more.length);
		return Run.of(args);
	}

	@Test
	void fitsAndWritesACellDefinitionThatChecks() throws IOException {
		Path output = folder.resolve("synth.bms");
		Run run = fit(output, "--name", "Synth", "--check-on", hppc.toString()).exits(0).clean();
		// the pulse test run open loop: the circuit is exact, the C/20 table lies 8.25 mV below the true OCV
		assertTrue(run.out().contains("Open loop over " + hppc + " ("), run.toString());
		assertTrue(run.out().contains("OCV at 25 degC from " + c20 + ": capacity 3.0000 Ah"), run.toString());
		assertTrue(run.out().contains("3 set points, 3 fitted"), run.toString());
		assertTrue(run.out().contains("whole test:"), run.toString());
		String text = Files.readString(output);
		assertTrue(text.startsWith("// Written by bmsgen fit-cell"), text);
		assertTrue(text.contains("cell Synth {"), text);
		assertTrue(text.contains("TODO ratings"), text);
		assertTrue(text.contains("\tcapacity 3.000 Ah\n"), text);
		// R0 of the synthetic cell is 30 mOhm at every set point
		assertTrue(text.contains("r0 over soc {\n\t\t\t35.8 %: 30.0 mOhm, 67.9 %: 30.0 mOhm, 100.0 %: 30.0 mOhm\n"), text);
		Run.of("check", output.toString()).exits(0).clean();
		Run.of("format", "--check", output.toString()).exits(0).clean();
	}

	@Test
	void keepsTheRatingsAndIsReproducible() throws IOException {
		Path output = folder.resolve("rated.bms");
		Files.writeString(output, """
				// Ratings: from the product sheet of the synthetic cell.
				cell Rated {
					chemistry NMC
					// the window the test ran in
					voltage nominal 3.6 V minimum 3.0 V maximum 4.2 V
					capacity 2.9 Ah
					thermal {
						mass 40 J/K
						resistance 15 K/W
					}
				}
				""");
		fit(output, "--ratings-from", output.toString()).exits(2).clean();
		fit(output, "--ratings-from", output.toString(), "--force").exits(0).clean();
		String first = Files.readString(output);
		assertTrue(first.contains("// Ratings: from the product sheet of the synthetic cell.\ncell Rated {\n\tchemistry NMC\n"
				+ "\t// the window the test ran in\n\tvoltage nominal 3.6 V minimum 3.0 V maximum 4.2 V\n"), first);
		assertFalse(first.contains("capacity 2.9 Ah"), first);
		assertTrue(first.contains("\tthermal {\n\t\tmass 40 J/K\n"), first);
		Run.of("check", output.toString()).exits(0).clean();
		// fit-cell's own file is replaced without --force, and fitting again gives the same bytes
		fit(output, "--ratings-from", output.toString()).exits(0).clean();
		assertEquals(first, Files.readString(output));
	}

	@Test
	void neverOverwritesAFileTheUserWrote() throws IOException {
		Path output = folder.resolve("mine.bms");
		Files.writeString(output, "cell Mine {\n}\n");
		Run run = fit(output, "--name", "Synth").exits(2).clean();
		assertTrue(run.err().contains("mine.bms exists and fit-cell did not write it"), run.toString());
		assertTrue(run.err().contains("--force"), run.toString());
		assertEquals("cell Mine {\n}\n", Files.readString(output));
		fit(output, "--name", "Synth", "--force").exits(0).clean();
		assertTrue(Files.readString(output).contains("cell Synth {"));
	}

	private Run broken(String c20Content, String expected) throws IOException {
		Files.writeString(c20, c20Content);
		Path output = folder.resolve("out.bms");
		Run run = fit(output, "--name", "Synth").exits(2).clean();
		assertTrue(run.err().contains(expected), "expected '" + expected + "' in\n" + run);
		assertFalse(Files.exists(output), "nothing written");
		return run;
	}

	@Test
	void missingColumnNamesFileAndColumn() throws IOException {
		broken("time_s,voltage_V,current_A\n0,4.1,0\n", c20 + ":1: no column 'ah_Ah'");
	}

	@Test
	void nonNumberNamesFileLineAndColumn() throws IOException {
		String[] lines = LabTest.c20().split("\n");
		lines[5] = lines[5].replaceFirst(",[0-9.]+,", ",4.1O,");
		broken(String.join("\n", lines) + "\n", c20 + ":6: column 'voltage_V': '4.1O' is not a number");
	}

	@Test
	void timeRunningBackwardsNamesTheLine() throws IOException {
		String[] lines = LabTest.c20().split("\n");
		String swap = lines[3];
		lines[3] = lines[4];
		lines[4] = swap;
		broken(String.join("\n", lines) + "\n", c20 + ":5: time runs backwards");
	}

	@Test
	void emptyFile() throws IOException {
		broken("", c20 + ": the file is empty");
	}

	@Test
	void noPulsesInThePulseTest() throws IOException {
		Files.writeString(hppc, LabTest.c20());
		Run run = fit(folder.resolve("out.bms"), "--name", "Synth").exits(2).clean();
		assertTrue(run.err().contains(hppc + ": no discharge pulses found"), run.toString());
	}

	@Test
	void missingFileAndMissingName() {
		Run missing = Run.of("fit-cell", "--ocv", folder.resolve("none.csv").toString(), "--hppc", hppc.toString(), "-o",
				folder.resolve("out.bms").toString(), "--name", "X").exits(2).clean();
		assertTrue(missing.err().contains("none.csv: no such file"), missing.toString());
		Run unnamed = fit(folder.resolve("out.bms")).exits(2).clean();
		assertTrue(unnamed.err().contains("the cell needs a name"), unnamed.toString());
		Run badOcvAt = fit(folder.resolve("out.bms"), "--name", "X", "--ocv-at", "ten=" + c20).exits(2).clean();
		assertTrue(badOcvAt.err().contains("expected TEMP=FILE"), badOcvAt.toString());
	}

	@Test
	void anOcvTableAtAnotherTemperature() throws IOException {
		Path output = folder.resolve("two.bms");
		Run run = fit(output, "--name", "Two", "--ocv-at", "10=" + c20).exits(0).clean();
		String text = Files.readString(output);
		assertTrue(text.indexOf("ocv at 10 degC {") < text.indexOf("ocv at 25 degC {"), text);
		assertTrue(run.out().contains("warning: " + c20 + ": filed under 10 degC, but the test's mean temperature is 25.0"),
				run.toString());
		fit(output, "--name", "Two", "--ocv-at", "25=" + c20).exits(2).clean();
	}

	/**
	 * The committed cell file of the reference model is fit-cell's output on the measured data (Kollmeyer 2018,
	 * doi:10.17632/wykht8y7tg.1) with the file itself as the ratings: refitting changes no byte.
	 */
	@Test
	void theReferenceCellFileIsWhatFitCellWrites() throws IOException {
		Path data = Run.repositoryRoot().resolve("../shared/data/cells/panasonic-18650pf/csv").normalize();
		assumeTrue(Files.isDirectory(data), "shared data not found at " + data + ": the reference cell's fit is not re-run");
		Path committed = Run.models().resolve("cells/panasonic-ncr18650pf.bms");
		Path output = folder.resolve("panasonic-ncr18650pf.bms");
		Run run = Run.of("fit-cell", "--ocv", data.resolve("C20_OCV_Test_C20_25dC.csv.gz").toString(), "--hppc",
				data.resolve("25degC_5Pulse_HPPC_Pan18650PF.csv.gz").toString(), "--ratings-from", committed.toString(), "-o",
				output.toString()).exits(0).clean();
		assertEquals(Files.readString(committed), Files.readString(output),
				"models/cells/panasonic-ncr18650pf.bms is not what fit-cell writes; regenerate it (docs/characterisation.md)\n"
						+ run.out());
	}

	/** A synthetic lab test of a cell with known parameters (as in the characterisation module's tests). */
	static final class LabTest {
		static final double Q = 3.0;
		private final StringBuilder csv = new StringBuilder(
				"time_s,voltage_V,current_A,ah_Ah,wh_Wh,power_W,battery_temp_C,chamber_temp_C\n");
		private double time;
		private double ah;
		private double u1;
		private double u2;
		private double amps;

		private void sample() {
			double volts = 3.0 + 1.2 * (1 + ah / Q) + amps * 0.030 - u1 - u2;
			csv.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f,%.5f,0,0,25.50000,25.00%n", time, volts, amps, ah));
		}

		private void hold(double current, double seconds, double step) {
			amps = current;
			for (int k = 0; k < Math.round(seconds / step); k++) {
				u1 = u1 * Math.exp(-step / 5) - amps * 0.005 * (1 - Math.exp(-step / 5));
				u2 = u2 * Math.exp(-step / 60) - amps * 0.020 * (1 - Math.exp(-step / 60));
				ah += amps * step / 3600;
				time += step;
				sample();
			}
		}

		static String c20() {
			LabTest cell = new LabTest();
			cell.sample();
			cell.hold(0, 600, 60);
			cell.hold(-Q / 20, 20 * 3600, 60);
			cell.hold(0, 600, 60);
			return cell.csv.toString();
		}

		static String hppc() {
			LabTest cell = new LabTest();
			cell.sample();
			cell.hold(0, 10, 1);
			for (int set = 0; set < 3; set++) {
				for (double rate : new double[] { 0.5, 1, 2, 4 }) {
					cell.hold(-rate * Q, 10, 0.1);
					cell.hold(0, 10, 0.1);
					cell.hold(0, 1190, 1);
				}
				cell.ah -= 0.3 * Q;
				cell.u1 = 0;
				cell.u2 = 0;
				cell.time += 3600;
				cell.sample();
				cell.hold(0, 10, 1);
			}
			return cell.csv.toString();
		}
	}
}
