package org.bmsgen.generator.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.ir.ControlIr;
import org.bmsgen.generator.ir.EstimatorsIr;
import org.bmsgen.generator.ir.PackIr;

/**
 * A drive cycle as a pack current: the EPA UDDS speed schedule (public domain, bundled as
 * {@code epa-udds-speed.csv} with its source) through a small vehicle model, scaled to the pack's modelled current
 * ratings. What the generated estimator harness drives the simulated pack with, so that a user's CI needs no data
 * file.
 *
 * <p>The vehicle (a generic compact electric car; only the shape of the power trace matters, the scale is set by the
 * pack): mass {@value #MASS_KG} kg, rolling resistance {@value #ROLLING_RESISTANCE}, drag area C_d A
 * {@value #DRAG_AREA_M2} m^2 in air of {@value #AIR_DENSITY_KG_M3} kg/m^3. Over each second of the schedule, at the
 * mean of its two speeds v and with a = the speed change in that second, the wheels take
 * {@code P = v (m a + m g C_rr + rho C_d A v^2 / 2)}; the battery delivers P / {@value #DRIVETRAIN_EFFICIENCY} while
 * driving and takes back {@value #REGENERATION_SHARE} of it while braking (the rest is friction braking and losses).
 * The pack voltage is taken as constant, so the pack current is proportional to the battery power.
 *
 * <p>Scaling to the pack: amperes per watt chosen so that the highest discharge is the pack's peak rating and the
 * RMS discharge at most its continuous rating, then lowered (in 1 % steps) until no stretch above the continuous
 * rating lasts longer than the peak's duration; regeneration is cut at the charge rating. Ratings: the model's
 * {@code current continuous .. peak .. for .. charge ..}, lowered to the {@code limits} block's discharge and charge
 * limits where those are lower; a rating not written is taken as the C-rate the simulate command uses
 * (continuous 1C, peak 2C, charge C/2, peak duration 10 s).
 */
public final class DriveCycle {

	/** The bundled schedule, next to this class. */
	static final String RESOURCE = "epa-udds-speed.csv";
	/** What the generated javadoc cites. */
	public static final String SOURCE = "EPA Urban Dynamometer Driving Schedule (UDDS), US EPA, "
			+ "https://www.epa.gov/vehicle-and-fuel-emissions-testing/dynamometer-drive-schedules (public domain)";

	static final double MPH = 0.44704;
	static final double MASS_KG = 1500;
	static final double GRAVITY = 9.81;
	static final double ROLLING_RESISTANCE = 0.010;
	static final double DRAG_AREA_M2 = 0.65;
	static final double AIR_DENSITY_KG_M3 = 1.2;
	static final double DRIVETRAIN_EFFICIENCY = 0.90;
	static final double REGENERATION_SHARE = 0.60;
	/** A peak rating without a duration: the simulate command's 10 s. */
	static final int DEFAULT_PEAK_MS = 10_000;

	/**
	 * The pack current of each second of the schedule, printed compactly: in per mille of its highest discharge.
	 *
	 * @param permille pack current from second i to i + 1 in per mille of {@code highestDischargeMa}, positive =
	 *        charge (the plant's and the AFE's sign): -1000 at the highest discharge
	 * @param highestDischargeMa the scale, mA (at most the peak rating)
	 * @param peakMa the pack's peak discharge rating the scaling used
	 * @param continuousMa its continuous rating
	 * @param peakDurationMs how long the peak may last
	 * @param chargeMa its charge rating (regeneration cut there)
	 */
	public record PackProfile(int[] permille, int highestDischargeMa, int peakMa, int continuousMa, int peakDurationMs,
			int chargeMa) {

		/** The pack current of second s, mA. */
		public double currentMa(int s) {
			return permille[s] * (double) highestDischargeMa / 1000;
		}

		public int seconds() {
			return permille.length;
		}

		/** The highest charge (regeneration), mA. */
		public double highestChargeMa() {
			double highest = 0;
			for (int s = 0; s < permille.length; s++) {
				highest = Math.max(highest, currentMa(s));
			}
			return highest;
		}

		/** RMS over the whole profile, mA. */
		public double rmsMa() {
			double squares = 0;
			for (int s = 0; s < permille.length; s++) {
				squares += currentMa(s) * currentMa(s);
			}
			return Math.sqrt(squares / permille.length);
		}

		/** Net charge into the pack over the profile, mAh (negative: the drive discharges). */
		public double netChargeMah() {
			double sum = 0;
			for (int s = 0; s < permille.length; s++) {
				sum += currentMa(s);
			}
			return sum / 3600.0;
		}

		/** The longest run of consecutive seconds discharging above the continuous rating, s. */
		public int longestAboveContinuousS() {
			double[] ma = new double[permille.length];
			for (int s = 0; s < ma.length; s++) {
				ma[s] = currentMa(s);
			}
			return longestAbove(ma, continuousMa);
		}

		/** The first second, from {@code fromS}, discharging at least this share of the highest; -1 if none. */
		public int firstDischargeAtLeast(int fromS, double share) {
			for (int s = fromS; s < permille.length; s++) {
				if (-permille[s] >= share * 1000) {
					return s;
				}
			}
			return -1;
		}
	}

	private DriveCycle() {
	}

	/** The schedule's speeds, m/s, one a second from 0 s. */
	static double[] speeds() {
		InputStream in = DriveCycle.class.getResourceAsStream(RESOURCE);
		if (in == null) {
			throw new IllegalStateException("the generator lacks its bundled drive cycle " + RESOURCE);
		}
		List<Double> speeds = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split(",");
				int second = Integer.parseInt(fields[0].trim());
				if (second != speeds.size()) {
					throw new IllegalStateException(RESOURCE + ": expected second " + speeds.size() + ", found " + second);
				}
				speeds.add(Double.parseDouble(fields[1].trim()) * MPH);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return speeds.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** Battery power of each second, W, positive = the battery delivers (see the class comment). */
	static double[] batteryWatts(double[] speeds) {
		double[] watts = new double[speeds.length];
		for (int s = 0; s + 1 < speeds.length; s++) {
			double v = (speeds[s] + speeds[s + 1]) / 2;
			double a = speeds[s + 1] - speeds[s];
			double rolling = v > 0 ? MASS_KG * GRAVITY * ROLLING_RESISTANCE : 0;
			double wheels = v * (MASS_KG * a + rolling + AIR_DENSITY_KG_M3 * DRAG_AREA_M2 * v * v / 2);
			watts[s] = wheels > 0 ? wheels / DRIVETRAIN_EFFICIENCY : wheels * REGENERATION_SHARE;
		}
		// the last second has no next speed: the schedule ends standing
		return watts;
	}

	/** The UDDS as the pack's current. */
	public static PackProfile udds(PackIr pack) {
		ControlIr control = pack.control();
		int packMah = pack.cell().packCapacityMah();
		EstimatorsIr.CurrentLimits limits = pack.estimators() == null ? null : pack.estimators().limits();
		int continuous = control != null && control.continuousMa() > 0 ? control.continuousMa() : packMah;
		int peak = control != null && control.peakMa() > 0 ? control.peakMa() : 2 * packMah;
		int charge = control != null && control.chargeMa() > 0 ? control.chargeMa() : packMah / 2;
		if (limits != null && limits.dischargeMa() > 0) {
			peak = Math.min(peak, limits.dischargeMa());
		}
		if (limits != null && limits.chargeMa() > 0) {
			charge = Math.min(charge, limits.chargeMa());
		}
		continuous = Math.min(continuous, peak);
		int peakMs = control != null && control.peakDurationMs() > 0 ? control.peakDurationMs() : DEFAULT_PEAK_MS;
		return scaled(batteryWatts(speeds()), peak, continuous, peakMs, charge);
	}

	static PackProfile scaled(double[] watts, int peakMa, int continuousMa, int peakMs, int chargeMa) {
		double highest = 0;
		double squares = 0;
		for (double w : watts) {
			highest = Math.max(highest, w);
			squares += w > 0 ? w * w : 0;
		}
		double rms = Math.sqrt(squares / watts.length);
		double maPerWatt = Math.min(peakMa / highest, continuousMa / rms);
		double[] current = currents(watts, maPerWatt, chargeMa);
		int peakSeconds = peakMs / 1000;
		// bounded: each step takes 1 %, and a scale near 0 has no second above the continuous rating
		for (int step = 0; step < 500 && longestAbove(current, continuousMa) > peakSeconds; step++) {
			maPerWatt *= 0.99;
			current = currents(watts, maPerWatt, chargeMa);
		}
		double highestDischarge = 0;
		for (double ma : current) {
			highestDischarge = Math.max(highestDischarge, -ma);
		}
		int scale = (int) Math.floor(highestDischarge);
		int[] permille = new int[current.length];
		for (int s = 0; s < current.length; s++) {
			permille[s] = (int) Math.round(current[s] * 1000 / scale);
		}
		return new PackProfile(permille, scale, peakMa, continuousMa, peakMs, chargeMa);
	}

	private static double[] currents(double[] watts, double maPerWatt, int chargeMa) {
		double[] current = new double[watts.length];
		for (int s = 0; s < watts.length; s++) {
			current[s] = Math.min(chargeMa, -watts[s] * maPerWatt);
		}
		return current;
	}

	private static int longestAbove(double[] currentMa, int continuousMa) {
		int longest = 0;
		int run = 0;
		for (double ma : currentMa) {
			run = -ma > continuousMa ? run + 1 : 0;
			longest = Math.max(longest, run);
		}
		return longest;
	}
}
