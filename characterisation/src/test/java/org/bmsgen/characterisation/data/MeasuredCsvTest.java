package org.bmsgen.characterisation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredCsvTest {

	private static final String HEADER = "time_s,voltage_V,current_A,ah_Ah,wh_Wh,power_W,battery_temp_C,chamber_temp_C\n";
	private static final String ROWS = "0.0000,4.18398,0.00000,0.02958,0.12424,0.00000,25.86607,25.00\n"
			+ "60.0030,4.18398,-0.14454,0.02718,0.12424,0.00000,25.64191,25.00\n"
			+ "60.0030,4.17000,-0.14454,0.02718,0.12424,0.00000,25.64191,25.00\n";

	@TempDir
	Path folder;

	private Path write(String name, String content) throws IOException {
		Path file = folder.resolve(name);
		Files.writeString(file, content);
		return file;
	}

	private String problem(String content) throws IOException {
		Path file = write("test.csv", content);
		return assertThrows(MeasuredDataException.class, () -> MeasuredCsv.read(file, "lab/test.csv")).getMessage();
	}

	@Test
	void readsTheSharedLayoutPlainAndGzipped() throws Exception {
		Path plain = write("plain.csv", HEADER + ROWS);
		Path gzip = folder.resolve("packed.csv.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
			out.write((HEADER + ROWS).getBytes(StandardCharsets.US_ASCII));
		}
		MeasuredData a = MeasuredCsv.read(plain, "plain.csv");
		MeasuredData b = MeasuredCsv.read(gzip, "packed.csv.gz");
		assertEquals(3, a.size());
		assertArrayEquals(new double[] { 0, 60.003, 60.003 }, a.seconds(), "a repeated time stamp is accepted");
		assertArrayEquals(new double[] { 0, -0.14454, -0.14454 }, a.amps());
		assertArrayEquals(new double[] { 0.02958, 0.02718, 0.02718 }, a.ampHours());
		assertArrayEquals(new int[] { 2, 3, 4 }, a.lines());
		assertArrayEquals(a.volts(), b.volts());
		assertEquals(25.0, a.testDegC(0, 2), 1e-12, "the chamber's temperature names the test");
		assertEquals((25.86607 + 2 * 25.64191) / 3, a.cellDegC(0, 2), 1e-12);
		assertEquals(60.003, a.duration(), 1e-12);
		assertEquals("plain", a.name());
		assertEquals("packed", b.name(), "named without folder, .csv and .gz");
	}

	@Test
	void aRepeatedTimeStampIsDroppedOnRequestTheFirstRowStanding() throws Exception {
		MeasuredData all = MeasuredCsv.read(write("plain.csv", HEADER + ROWS), "plain.csv");
		MeasuredData strict = all.withoutRepeatedTimes();
		assertArrayEquals(new double[] { 0, 60.003 }, strict.seconds());
		assertArrayEquals(new double[] { 4.18398, 4.18398 }, strict.volts(), "line 4's 4.17 V is dropped");
		assertArrayEquals(new double[] { 0, -0.14454 }, strict.amps());
		assertArrayEquals(new double[] { 0.02958, 0.02718 }, strict.ampHours());
		assertArrayEquals(new double[] { 25.86607, 25.64191 }, strict.cellDegC());
		assertArrayEquals(new double[] { 25, 25 }, strict.ambientDegC());
		assertArrayEquals(new int[] { 2, 3 }, strict.lines());
		assertEquals("plain.csv", strict.file());
		assertTrue(strict == strict.withoutRepeatedTimes(), "nothing left to drop: the same test");
		MeasuredData noTemperature = MeasuredCsv.read(write("t.csv", "time_s,voltage_V,current_A,ah_Ah\n0,4,0,0\n0,4,1,0\n"
				+ "1,4,1,0\n"), "t.csv").withoutRepeatedTimes();
		assertArrayEquals(new double[] { 0, 1 }, noTemperature.seconds());
		assertNull(noTemperature.cellDegC());
		assertNull(noTemperature.ambientDegC());
	}

	@Test
	void anOptionalTemperatureColumnWithGapsIsLeftOut() throws Exception {
		// as the shared 0 degC drive cycles are written: no chamber reading
		MeasuredData data = MeasuredCsv.read(write("t.csv", HEADER + "0,4.1,0,0,0,0,0.55,nan\n0.1,4.1,0,0,0,0,0.56,NaN\n"),
				"t.csv");
		assertNull(data.ambientDegC());
		assertArrayEquals(new double[] { 0.55, 0.56 }, data.cellDegC());
		assertEquals(0.555, data.testDegC(0, 1), 1e-12, "the cell's temperature names the test then");
		MeasuredData oneGap = MeasuredCsv.read(write("u.csv", HEADER + "0,4.1,0,0,0,0,nan,25\n0.1,4.1,0,0,0,0,0.56,25\n"),
				"u.csv");
		assertNull(oneGap.cellDegC());
		assertArrayEquals(new double[] { 25, 25 }, oneGap.ambientDegC());
		Path required = write("v.csv", HEADER + "0,4.1,0,0,0,0,0.55,25\n0.1,4.1,0,0,0,0,nan,25\n");
		assertEquals("lab/v.csv:3: column 'battery_temp_C': 'nan' is not a number", assertThrows(MeasuredDataException.class,
				() -> MeasuredCsv.read(required, "lab/v.csv", MeasuredCsv.CELL_TEMPERATURE)).getMessage());
	}

	@Test
	void aRequiredOptionalColumnIsChecked() throws Exception {
		Path file = write("t.csv", "ah_Ah,current_A,voltage_V,time_s\n-0.1,-1.5,3.9,12.5\n-0.1,-1.5,3.9,12.6\n");
		String message = assertThrows(MeasuredDataException.class,
				() -> MeasuredCsv.read(file, "lab/t.csv", MeasuredCsv.CELL_TEMPERATURE)).getMessage();
		assertTrue(message.startsWith("lab/t.csv:1: no column 'battery_temp_C' in the header"), message);
	}

	@Test
	void aVoltageThatIsNotACellsNamesTheLine() throws Exception {
		assertEquals("lab/test.csv:3: column 'voltage_V': '41.8' is not a cell voltage (0..10 V)",
				problem(HEADER + "0,4.1,0,0,0,0,25,25\n0.1,41.8,0,0,0,0,25,25\n"));
		assertEquals("lab/test.csv:2: column 'voltage_V': '0' is not a cell voltage (0..10 V)",
				problem(HEADER + "0,0,0,0,0,0,25,25\n0.1,4.1,0,0,0,0,25,25\n"));
	}

	@Test
	void columnsInAnyOrderAndTemperatureOptional() throws Exception {
		MeasuredData data = MeasuredCsv.read(write("t.csv", "ah_Ah,current_A,voltage_V,time_s\n-0.1,-1.5,3.9,12.5\n"
				+ "-0.1,-1.5,3.9,12.6\n"), "t.csv");
		assertEquals(12.5, data.seconds()[0]);
		assertEquals(-1.5, data.amps()[0]);
		assertNull(data.cellDegC());
		assertTrue(Double.isNaN(data.testDegC(0, 0)));
	}

	@Test
	void missingColumnNamesFileLineAndColumn() throws Exception {
		String message = problem("time_s,voltage_V,current_A\n0,4.1,0\n");
		assertTrue(message.startsWith("lab/test.csv:1: no column 'ah_Ah'"), message);
	}

	@Test
	void notANumberNamesLineAndColumn() throws Exception {
		String message = problem(HEADER + ROWS + "120.0,4.1x,0,0,0,0,25,25\n");
		assertEquals("lab/test.csv:5: column 'voltage_V': '4.1x' is not a number", message);
		assertTrue(problem(HEADER + "0,NaN,0,0,0,0,25,25\n").startsWith("lab/test.csv:2: column 'voltage_V': 'NaN'"));
		assertTrue(problem(HEADER + "0,4.1,0,0,0,0,,25\n").startsWith("lab/test.csv:2: column 'battery_temp_C': ''"));
	}

	@Test
	void timeRunningBackwardsNamesTheLine() throws Exception {
		String message = problem(HEADER + ROWS + "59.0,4.1,0,0,0,0,25,25\n");
		assertTrue(message.startsWith("lab/test.csv:5: time runs backwards: 59.0 s after 60.003 s"), message);
	}

	@Test
	void shortRowNamesTheLine() throws Exception {
		assertEquals("lab/test.csv:3: 3 fields, but the header names 8 columns", problem(HEADER + ROWS.split("\n")[0] + "\n1,2,3\n"));
	}

	@Test
	void emptyFileAndHeaderOnly() throws Exception {
		assertTrue(problem("").startsWith("lab/test.csv: the file is empty"), problem(""));
		assertEquals("lab/test.csv: no data rows after the header", problem(HEADER));
		assertEquals("lab/test.csv: one data row after the header; a test needs at least two",
				problem(HEADER + "0,4.1,0,0,0,0,25,25\n"));
	}

	@Test
	void truncatedGzipNamesTheFile() throws Exception {
		Path gzip = folder.resolve("cut.csv.gz");
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(bytes)) {
			out.write((HEADER + ROWS + ROWS + ROWS).getBytes(StandardCharsets.US_ASCII));
		}
		Files.write(gzip, java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
		IOException e = assertThrows(IOException.class, () -> MeasuredCsv.read(gzip, "lab/cut.csv.gz"));
		assertTrue(e.getMessage().startsWith("lab/cut.csv.gz: cannot be read: "), e.getMessage());
	}

	@Test
	void missingFileIsAnIoProblem() {
		NoSuchFileException e = assertThrows(NoSuchFileException.class,
				() -> MeasuredCsv.read(folder.resolve("none.csv"), "lab/none.csv"));
		assertEquals("lab/none.csv: no such file", e.getMessage());
	}
}
