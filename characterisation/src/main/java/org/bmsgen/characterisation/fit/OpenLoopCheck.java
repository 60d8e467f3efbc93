package org.bmsgen.characterisation.fit;

import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;

/**
 * The fitted cell run open loop over a measured drive cycle that starts fully charged: SoC by counting the file's Ah
 * against the OCV table's capacity, the OCV table as it is, R0 and the two RC pairs of the ECM table; no correction,
 * the cell's warming ignored. The terminal-voltage error bounds what an uncorrected model does on data it was not
 * fitted to: it holds the OCV table's and the capacity's mismatch as well as the circuit's.
 */
public final class OpenLoopCheck {

	/**
	 * The error over one file.
	 *
	 * @param file the drive cycle as the user named it
	 * @param rmsV RMS of (model - measured) over every sample
	 * @param maxV largest |model - measured|
	 * @param aboveTwentyPercentRmsV RMS over the samples above 20 % SoC (below, the cell is diffusion-limited)
	 * @param endSoc SoC at the last sample, by Ah counting
	 * @param samples number of samples
	 */
	public record Result(String file, double rmsV, double maxV, double aboveTwentyPercentRmsV, double endSoc, int samples) {
	}

	private OpenLoopCheck() {
	}

	/**
	 * Runs the fitted cell over a drive cycle.
	 *
	 * @throws MeasuredDataException when the file is too short to say anything
	 */
	public static Result run(MeasuredData data, OcvFit.Result ocv, EcmTable ecm) throws MeasuredDataException {
		if (data.size() < 2) {
			throw new MeasuredDataException(data.file(), 0, "one sample: nothing to run the model over");
		}
		double q = ocv.capacityAh();
		double startAh = data.ampHours()[0];
		double u1 = 0;
		double u2 = 0;
		double sum = 0;
		double max = 0;
		double sumAbove = 0;
		int above = 0;
		double soc = 1;
		for (int i = 0; i < data.size(); i++) {
			double dt = i == 0 ? 0 : data.seconds()[i] - data.seconds()[i - 1];
			soc = 1 + (data.ampHours()[i] - startAh) / q;
			double discharge = -data.amps()[i];
			double e1 = StrictMath.exp(-dt / ecm.tau1At(soc));
			double e2 = StrictMath.exp(-dt / ecm.tau2At(soc));
			u1 = u1 * e1 + discharge * ecm.r1At(soc) * (1 - e1);
			u2 = u2 * e2 + discharge * ecm.r2At(soc) * (1 - e2);
			double error = ocv.ocvAt(soc) - discharge * ecm.r0At(soc) - u1 - u2 - data.volts()[i];
			sum += error * error;
			max = Math.max(max, Math.abs(error));
			if (soc > 0.2) {
				sumAbove += error * error;
				above++;
			}
		}
		return new Result(data.file(), Math.sqrt(sum / data.size()), max,
				above == 0 ? Double.NaN : Math.sqrt(sumAbove / above), soc, data.size());
	}
}
