package org.bmsgen.cli.estimate;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A measured cell test in the layout of the shared Panasonic data (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1): a
 * header row naming the columns, then comma-separated rows with {@code time_s}, {@code voltage_V}, {@code current_A}
 * (negative = discharge), {@code ah_Ah} (the tester's Ah counter, 0 at the start, negative while discharging) and
 * {@code battery_temp_C}; other columns are ignored, plain or gzip ({@code .gz}).
 *
 * <p>Why a reader of its own: the fit-cell command's characterisation module will hold the shared one; the two are to
 * be unified when both have landed.
 */
public record MeasuredData(String name, double[] seconds, double[] volts, double[] amps, double[] ampHours,
		double[] temperatureC) {

	/** A file that cannot be used, with the file and row in the message. */
	public static final class DataException extends Exception {
		private static final long serialVersionUID = 1L;

		DataException(String message) {
			super(message);
		}
	}

	static final List<String> COLUMNS = List.of("time_s", "voltage_V", "current_A", "ah_Ah", "battery_temp_C");

	public int size() {
		return seconds.length;
	}

	public double duration() {
		return seconds[seconds.length - 1] - seconds[0];
	}

	public static MeasuredData read(Path file) throws DataException {
		String shown = file.toString();
		if (!Files.isRegularFile(file)) {
			throw new DataException(shown + ": no such file");
		}
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
			raw.mark(2);
			boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
			raw.reset();
			InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				return parse(shown, reader);
			}
		} catch (IOException e) {
			throw new DataException(shown + ": cannot be read: " + e.getMessage());
		}
	}

	private static MeasuredData parse(String shown, BufferedReader reader) throws IOException, DataException {
		String header = reader.readLine();
		if (header == null) {
			throw new DataException(shown + ": empty file (expected a header row " + String.join(",", COLUMNS) + ")");
		}
		List<String> names = Arrays.stream(header.split(",")).map(String::trim).toList();
		int[] index = new int[COLUMNS.size()];
		for (int c = 0; c < COLUMNS.size(); c++) {
			index[c] = names.indexOf(COLUMNS.get(c));
			if (index[c] < 0) {
				throw new DataException(shown + ":1: no column " + COLUMNS.get(c) + " in the header (expected "
						+ String.join(",", COLUMNS) + ", in any order; got " + header + ")");
			}
		}
		int width = Arrays.stream(index).max().getAsInt() + 1;
		double[][] columns = new double[COLUMNS.size()][1 << 12];
		int rows = 0;
		int row = 1;
		for (String line = reader.readLine(); line != null; line = reader.readLine()) {
			row++;
			if (line.isBlank()) {
				continue;
			}
			String[] fields = line.split(",", -1);
			if (fields.length < width) {
				throw new DataException(shown + ":" + row + ": " + fields.length + " fields, the header names "
						+ names.size());
			}
			if (rows == columns[0].length) {
				for (int c = 0; c < columns.length; c++) {
					columns[c] = Arrays.copyOf(columns[c], rows * 2);
				}
			}
			for (int c = 0; c < COLUMNS.size(); c++) {
				String field = fields[index[c]].trim();
				double value;
				try {
					value = Double.parseDouble(field);
				} catch (NumberFormatException e) {
					throw new DataException(shown + ":" + row + ": " + COLUMNS.get(c) + " '" + field + "' is not a number");
				}
				if (!Double.isFinite(value)) {
					throw new DataException(shown + ":" + row + ": " + COLUMNS.get(c) + " '" + field + "' is not finite");
				}
				columns[c][rows] = value;
			}
			if (rows > 0 && columns[0][rows] == columns[0][rows - 1]) {
				// the tester logs a last row at the same time stamp (the shared files end so): the first one stands
				continue;
			}
			if (rows > 0 && columns[0][rows] < columns[0][rows - 1]) {
				throw new DataException(String.format(Locale.ROOT, "%s:%d: time_s %s does not follow %s (time must"
						+ " increase)", shown, row, fields[index[0]].trim(), columns[0][rows - 1]));
			}
			double volts = columns[1][rows];
			if (volts <= 0 || volts > 10) {
				throw new DataException(shown + ":" + row + ": voltage_V " + fields[index[1]].trim()
						+ " is not a cell voltage (0..10 V)");
			}
			rows++;
		}
		if (rows < 2) {
			throw new DataException(shown + ": " + rows + " data rows; a test needs at least two");
		}
		String name = Path.of(shown).getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.csv$", "");
		for (int c = 0; c < columns.length; c++) {
			columns[c] = Arrays.copyOf(columns[c], rows);
		}
		return new MeasuredData(name, columns[0], columns[1], columns[2], columns[3], columns[4]);
	}
}
