package org.bmsgen.cli.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.sim.plant.CurrentProfile;

/**
 * A pack current profile: one {@code time,current} row a line, seconds and amperes, positive current charges the
 * pack; lines starting with '#' and one header line (starting with a letter) are skipped; times ascend. A bad row is
 * reported with its file, line and column.
 */
public final class ProfileCsv {

	private ProfileCsv() {
	}

	/** A row that is not a profile row, with its position ("file:line:column: ..."). */
	public static final class ProfileException extends Exception {
		private static final long serialVersionUID = 1L;

		ProfileException(String message) {
			super(message);
		}
	}

	public static CurrentProfile read(Path file) throws IOException, ProfileException {
		List<double[]> rows = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			boolean headerSeen = false;
			while ((line = reader.readLine()) != null) {
				number++;
				String trimmed = line.strip();
				if (trimmed.isEmpty() || trimmed.startsWith("#")) {
					continue;
				}
				if (!headerSeen && rows.isEmpty() && Character.isLetter(trimmed.charAt(0))) {
					headerSeen = true;
					continue;
				}
				String[] fields = line.split(",", -1);
				if (fields.length < 2) {
					throw new ProfileException(file + ":" + number + ":1: expected 'time,current' (seconds, amperes), found '"
							+ line + "'");
				}
				double[] row = new double[2];
				int column = 1;
				for (int f = 0; f < 2; f++) {
					String field = fields[f].strip();
					try {
						row[f] = Double.parseDouble(field);
					} catch (NumberFormatException e) {
						row[f] = Double.NaN;
					}
					if (!Double.isFinite(row[f])) {
						throw new ProfileException(file + ":" + number + ":" + column + ": expected a number ("
								+ (f == 0 ? "time in s" : "current in A") + "), found '" + field + "'");
					}
					column += fields[f].length() + 1;
				}
				if (!rows.isEmpty() && row[0] < rows.get(rows.size() - 1)[0]) {
					throw new ProfileException(file + ":" + number + ":1: time " + row[0]
							+ " s is before the previous row's " + rows.get(rows.size() - 1)[0] + " s: times must ascend");
				}
				rows.add(row);
			}
		}
		if (rows.size() < 2) {
			throw new ProfileException(file + ": a profile needs at least two 'time,current' rows, found " + rows.size());
		}
		double[] seconds = new double[rows.size()];
		double[] amps = new double[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			seconds[i] = rows.get(i)[0] - rows.get(0)[0];
			amps[i] = rows.get(i)[1];
		}
		return new CurrentProfile(seconds, amps, CurrentProfile.Sign.POSITIVE_IS_CHARGE, 1.0);
	}
}
