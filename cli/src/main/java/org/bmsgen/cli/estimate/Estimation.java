package org.bmsgen.cli.estimate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.bmsgen.characterisation.data.MeasuredCsv;
import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;
import org.bmsgen.cli.simulate.CompiledFirmware;
import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;

/** What {@code bmsgen estimate} does for one pack: run measured files through its compiled filter and report. */
public final class Estimation {

	/** A data file or a run that cannot be done, with the file (and row) in the message. */
	public static final class EstimationException extends Exception {
		private static final long serialVersionUID = 1L;

		EstimationException(String message) {
			super(message);
		}
	}

	/** One file's run. */
	public record Result(EstimationRun run, Double initialSoc, double startAtS, double voltageOffsetMv) {

		/** The figures as issue 7 names them, in % SoC. */
		public EstimationRun.Errors filter() {
			return run.filter();
		}
	}

	private final PackIr pack;
	private final Double initialSoc;
	private final double startAtS;
	private final double voltageOffsetMv;

	public Estimation(PackIr pack, Double initialSoc, double startAtS, double voltageOffsetMv) {
		this.pack = pack;
		this.initialSoc = initialSoc;
		this.startAtS = startAtS;
		this.voltageOffsetMv = voltageOffsetMv;
	}

	/** "0.8" or "80%" (or "80 %") as a fraction 0..1; null when it is neither. */
	public static Double parseSoc(String text) {
		String t = text.trim();
		boolean percent = t.endsWith("%");
		if (percent) {
			t = t.substring(0, t.length() - 1).trim();
		}
		double value;
		try {
			value = Double.parseDouble(t);
		} catch (NumberFormatException e) {
			return null;
		}
		if (percent) {
			value /= 100;
		}
		return Double.isFinite(value) && value >= 0 && value <= 1 ? value : null;
	}

	/** The reference board's pack around a cell of a cells-only file (see {@link ReferenceBoard}). */
	public static String referenceBoard(String importPath, String cell) {
		return ReferenceBoard.pack(importPath, cell);
	}

	public Result run(CompiledFirmware firmware, Path file) throws EstimationException {
		MeasuredData data;
		try {
			// the AFE's thermistor reading is an input of the filter: the cell temperature column is required;
			// readings interpolate over time, so a repeated time stamp's later rows go
			data = MeasuredCsv.read(file, file.toString(), MeasuredCsv.CELL_TEMPERATURE).withoutRepeatedTimes();
		} catch (MeasuredDataException | IOException e) {
			throw new EstimationException(e.getMessage());
		}
		double period = pack.control().periodMs() / 1000.0;
		if (startAtS >= data.duration()) {
			throw new EstimationException(String.format(Locale.ROOT, "%s: --start-at %.0f s is beyond the test's %.0f s",
					file, startAtS, data.duration()));
		}
		AfeIr afe = pack.afe();
		AfeIr.Thermistor ntc = afe.thermistors().stream().filter(t -> t.beta() > 0).findFirst().orElse(null);
		double capacityAh = pack.cell().capacityMah() / 1000.0;
		int parallel = pack.cell().parallelCells();
		AfeReadings readings = AfeReadings.of(data, period, startAtS, parallel, afe.shuntMicroOhm(),
				ntc == null ? 0 : ntc.nominalOhm(), ntc == null ? 0 : ntc.beta(), voltageOffsetMv, capacityAh);
		if (readings.size() < 2) {
			throw new EstimationException(file + ": shorter than two control periods from --start-at");
		}
		FirmwareEstimator filter;
		try {
			filter = new FirmwareEstimator(firmware);
		} catch (ReflectiveOperationException e) {
			throw new EstimationException("the generated firmware of " + pack.name() + " has no usable SocEstimator: " + e);
		}
		double meanTemperature = 0;
		for (int t : readings.temperatureCentiDegC()) {
			meanTemperature += t / 100.0;
		}
		meanTemperature /= readings.size();
		EstimationRun run = EstimationRun.run(data.name(), readings, filter, initialSoc, capacityAh, parallel,
				readings.seconds()[0] - period, meanTemperature);
		return new Result(run, initialSoc, startAtS, voltageOffsetMv);
	}

	public static String json(List<Result> results) {
		StringBuilder json = new StringBuilder();
		if (results.size() > 1) {
			json.append("[\n");
		}
		for (int i = 0; i < results.size(); i++) {
			Result r = results.get(i);
			EstimationRun run = r.run();
			json.append(String.format(Locale.ROOT, "{\"data\": \"%s\", \"mean_temperature_c\": %.1f, \"periods\": %d,"
					+ " \"reference_soc_at_start\": %.4f, \"initial_soc\": %s, \"start_at_s\": %s, \"voltage_offset_mv\": %s, ",
					run.name(), run.meanTemperatureC(), run.readings().size(), run.readings().referenceSoc()[0],
					r.initialSoc() == null ? "null" : String.format(Locale.ROOT, "%.4f", r.initialSoc()),
					number(r.startAtS()), number(r.voltageOffsetMv())));
			json.append(run.filter().json());
			json.append(", \"coulomb_counting\": {").append(run.coulombCounting().json()).append("}");
			json.append(", \"ocv_lookup\": {").append(run.ocv().json()).append("}}");
			if (results.size() > 1) {
				json.append(i + 1 < results.size() ? ",\n" : "\n]");
			}
		}
		return json.toString();
	}

	private static String number(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	public static String text(PackIr pack, List<Result> results) {
		StringBuilder text = new StringBuilder();
		for (Result r : results) {
			EstimationRun run = r.run();
			text.append(String.format(Locale.ROOT, "%s: pack %s, cell %s, %d periods of %d ms, mean %.1f degC, start %s%s%s%n",
					run.name(), pack.name(), pack.cell().name(), run.readings().size(), pack.control().periodMs(),
					run.meanTemperatureC(), r.initialSoc() == null ? "from OCV" : String.format(Locale.ROOT, "at %.1f %%",
							r.initialSoc() * 100),
					r.startAtS() > 0 ? String.format(Locale.ROOT, " after %.0f s", r.startAtS()) : "",
					r.voltageOffsetMv() != 0 ? String.format(Locale.ROOT, ", voltage offset %+.1f mV", r.voltageOffsetMv())
							: ""));
			text.append(String.format(Locale.ROOT, "  %-18s %8s %8s %8s   %14s %14s%n", "% SoC", "RMSE", "MAE", "max",
					"RMSE >10 min", "max >10 min"));
			line(text, "EKF (generated)", run.filter());
			line(text, "coulomb counting", run.coulombCounting());
			line(text, "OCV lookup", run.ocv());
		}
		return text.toString();
	}

	private static void line(StringBuilder text, String what, EstimationRun.Errors e) {
		text.append(String.format(Locale.ROOT, "  %-18s %8.2f %8.2f %8.2f   %14.2f %14.2f%n", what, e.rmse() * 100,
				e.mae() * 100, e.max() * 100, e.rmseAfter() * 100, e.maxAfter() * 100));
	}

	/** The run's series, one row a period: what the report plots, for a spreadsheet. */
	public static String csv(Result result) {
		EstimationRun run = result.run();
		AfeReadings r = run.readings();
		StringBuilder csv = new StringBuilder("time_s,cell_mv,pack_ma,temperature_centi_degc,reference_soc,ekf_soc,"
				+ "coulomb_counting_soc,ocv_lookup_soc,ekf_residual_v\n");
		for (int k = 0; k < r.size(); k++) {
			csv.append(String.format(Locale.ROOT, "%.2f,%d,%d,%d,%.5f,%.5f,%.5f,%.5f,%.5f%n", r.seconds()[k],
					r.cellMv()[k], r.packMa()[k], r.temperatureCentiDegC()[k], r.referenceSoc()[k], run.estimated()[k],
					run.coulombCounted()[k], run.ocvLookup()[k], run.residualVolts()[k]));
		}
		return csv.toString();
	}

	public static String html(PackIr pack, Result result) {
		return EstimateReport.render(pack, result, text(pack, List.of(result)));
	}
}
