package org.bmsgen.characterisation.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a measured cell test in the CSV layout of the shared data (shared/data/cells/panasonic-18650pf/README.txt):
 * a header row, comma separated, columns {@code time_s, voltage_V, current_A, ah_Ah} (required) and
 * {@code battery_temp_C, chamber_temp_C} (optional unless the caller requires them), in any order; other columns are
 * ignored. Plain or gzip compressed (recognised by its magic bytes, whatever the file is called). The one reader of
 * that layout: {@code bmsgen fit-cell} and {@code bmsgen estimate} both use it.
 * <p>
 * Every problem is a {@link MeasuredDataException} that names the file and line ({@code file:line: what}): a missing
 * column, a row with too few fields, a field that is not a finite number (but {@code nan} in an optional temperature
 * column leaves that column out), a voltage that is not a cell's, time that
 * runs backwards, a file with fewer than two data rows. Repeated time stamps are read as written: the tester logs
 * some samples twice at the end of a step (153 in the HPPC test of the shared data), and the fits use both rows
 * (dropping one moves fit-cell's R0 at 12.9 % SoC of the shared data by 0.1 mOhm, so the committed cell file);
 * a caller that interpolates over time drops them with {@link MeasuredData#withoutRepeatedTimes()}.
 */
public final class MeasuredCsv {

	/** Time since the start of the test, s. */
	public static final String TIME = "time_s";
	/** Terminal voltage, V. */
	public static final String VOLTAGE = "voltage_V";
	/** Current, A, below zero when discharging. */
	public static final String CURRENT = "current_A";
	/** Charge counter, Ah, below zero after a net discharge. */
	public static final String AMP_HOURS = "ah_Ah";
	/** Cell case temperature, degC. */
	public static final String CELL_TEMPERATURE = "battery_temp_C";
	/** Chamber temperature, degC. */
	public static final String AMBIENT_TEMPERATURE = "chamber_temp_C";

	private static final List<String> REQUIRED = List.of(TIME, VOLTAGE, CURRENT, AMP_HOURS);

	private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

	private MeasuredCsv() {
	}

	/** The highest terminal voltage a cell test can show, V: a larger value is a module's or a wrong column. */
	static final double MAX_CELL_VOLTS = 10;

	/**
	 * Reads a file.
	 *
	 * @param file the file
	 * @param shownName how messages name it (as the user wrote it)
	 * @param alsoRequired optional columns this caller cannot do without ({@link #CELL_TEMPERATURE},
	 *            {@link #AMBIENT_TEMPERATURE})
	 * @throws MeasuredDataException when the content cannot be used (names file and line)
	 * @throws IOException when the file cannot be read at all (a missing file is a {@link NoSuchFileException} whose
	 *             message is {@code shownName: no such file})
	 */
	public static MeasuredData read(Path file, String shownName, String... alsoRequired)
			throws MeasuredDataException, IOException {
		if (Files.isDirectory(file)) {
			throw new IOException(shownName + ": is a folder, not a measured-data file");
		}
		if (!Files.exists(file)) {
			throw new NoSuchFileException(shownName, null, "no such file");
		}
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
			raw.mark(2);
			int first = raw.read();
			int second = raw.read();
			raw.reset();
			InputStream content = first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8),
					1 << 16)) {
				return read(reader, shownName, alsoRequired);
			}
		} catch (NoSuchFileException e) {
			throw e;
		} catch (IOException e) {
			// a truncated .gz, a file without read permission: say which file
			throw new IOException(shownName + ": cannot be read: " + e.getMessage(), e);
		}
	}

	/** Reads CSV text (what {@link #read(Path, String, String...)} does after opening the file). */
	public static MeasuredData read(BufferedReader reader, String shownName, String... alsoRequired)
			throws MeasuredDataException, IOException {
		String header = reader.readLine();
		while (header != null && header.isBlank()) {
			header = reader.readLine();
		}
		if (header == null) {
			throw new MeasuredDataException(shownName, 0, "the file is empty: expected a header row with "
					+ String.join(", ", REQUIRED) + " and battery_temp_C");
		}
		if (header.startsWith("\uFEFF")) {
			header = header.substring(1);
		}
		List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
		List<String> mustHave = new ArrayList<>(REQUIRED);
		mustHave.addAll(List.of(alsoRequired));
		for (String column : mustHave) {
			if (!names.contains(column)) {
				throw new MeasuredDataException(shownName, 1, "no column '" + column + "' in the header ("
						+ String.join(",", names) + "); the measured CSV layout has " + String.join(", ", REQUIRED)
						+ " (current below zero when discharging) and battery_temp_C, chamber_temp_C");
			}
		}
		int[] required = new int[REQUIRED.size()];
		for (int i = 0; i < REQUIRED.size(); i++) {
			required[i] = names.indexOf(REQUIRED.get(i));
		}
		int cellColumn = names.indexOf(CELL_TEMPERATURE);
		int ambientColumn = names.indexOf(AMBIENT_TEMPERATURE);
		int needed = Math.max(Math.max(cellColumn, ambientColumn), Arrays.stream(required).max().getAsInt()) + 1;

		// an optional temperature column with a 'nan' (the shared data's 0 and 10 degC files have no chamber reading)
		// is left out as a whole: a test is not named by a column with gaps
		boolean cellRequired = mustHave.contains(CELL_TEMPERATURE);
		boolean ambientRequired = mustHave.contains(AMBIENT_TEMPERATURE);
		boolean cellGaps = false;
		boolean ambientGaps = false;
		Columns columns = new Columns();
		int line = 1;
		double previousTime = Double.NEGATIVE_INFINITY;
		String text;
		while ((text = reader.readLine()) != null) {
			line++;
			if (text.isBlank()) {
				continue;
			}
			String[] fields = text.split(",", -1);
			if (fields.length < needed) {
				throw new MeasuredDataException(shownName, line, fields.length + (fields.length == 1 ? " field" : " fields")
						+ ", but the header names " + names.size() + " columns");
			}
			double time = number(fields, required[0], names, shownName, line);
			if (time < previousTime) {
				throw new MeasuredDataException(shownName, line, "time runs backwards: " + fields[required[0]].trim()
						+ " s after " + previousTime + " s on the line before; the samples must be in time order");
			}
			double volts = number(fields, required[1], names, shownName, line);
			double amps = number(fields, required[2], names, shownName, line);
			double ampHours = number(fields, required[3], names, shownName, line);
			double cellDegC = 0;
			if (cellColumn >= 0 && (cellRequired || !missing(fields[cellColumn]))) {
				cellDegC = number(fields, cellColumn, names, shownName, line);
			} else if (cellColumn >= 0) {
				cellGaps = true;
			}
			double ambientDegC = 0;
			if (ambientColumn >= 0 && (ambientRequired || !missing(fields[ambientColumn]))) {
				ambientDegC = number(fields, ambientColumn, names, shownName, line);
			} else if (ambientColumn >= 0) {
				ambientGaps = true;
			}
			if (volts <= 0 || volts > MAX_CELL_VOLTS) {
				throw new MeasuredDataException(shownName, line, "column '" + VOLTAGE + "': '" + fields[required[1]].trim()
						+ "' is not a cell voltage (0.." + (int) MAX_CELL_VOLTS + " V)");
			}
			previousTime = time;
			columns.add(line, time, volts, amps, ampHours, cellDegC, ambientDegC);
		}
		if (columns.size == 0) {
			throw new MeasuredDataException(shownName, 0, "no data rows after the header");
		}
		if (columns.size == 1) {
			throw new MeasuredDataException(shownName, 0, "one data row after the header; a test needs at least two");
		}
		return columns.toData(shownName, cellColumn >= 0 && !cellGaps, ambientColumn >= 0 && !ambientGaps);
	}

	/** How the shared data writes a reading the tester did not take. */
	private static boolean missing(String field) {
		return field.trim().equalsIgnoreCase("nan");
	}

	private static double number(String[] fields, int column, List<String> names, String file, int line)
			throws MeasuredDataException {
		String field = fields[column].trim();
		// Double.parseDouble would also take "NaN", "Infinity", "1d" and hexadecimal: a lab file has none of them
		if (!DECIMAL.matcher(field).matches()) {
			throw new MeasuredDataException(file, line, "column '" + names.get(column) + "': '" + field
					+ "' is not a number");
		}
		double value = Double.parseDouble(field);
		if (!Double.isFinite(value)) {
			throw new MeasuredDataException(file, line, "column '" + names.get(column) + "': '" + field
					+ "' is out of range");
		}
		return value;
	}

	/** Growable primitive columns (the drive cycles have 140 000 rows: no boxing). */
	private static final class Columns {
		int size;
		int[] lines = new int[1024];
		double[][] values = new double[6][1024];

		void add(int line, double... row) {
			if (size == lines.length) {
				lines = Arrays.copyOf(lines, size * 2);
				for (int c = 0; c < values.length; c++) {
					values[c] = Arrays.copyOf(values[c], size * 2);
				}
			}
			lines[size] = line;
			for (int c = 0; c < values.length; c++) {
				values[c][size] = row[c];
			}
			size++;
		}

		MeasuredData toData(String file, boolean hasCell, boolean hasAmbient) {
			List<double[]> trimmed = new ArrayList<>();
			for (double[] column : values) {
				trimmed.add(Arrays.copyOf(column, size));
			}
			return new MeasuredData(file, Arrays.copyOf(lines, size), trimmed.get(0), trimmed.get(1), trimmed.get(2),
					trimmed.get(3), hasCell ? trimmed.get(4) : null, hasAmbient ? trimmed.get(5) : null);
		}
	}
}
