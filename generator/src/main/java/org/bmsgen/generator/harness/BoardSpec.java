package org.bmsgen.generator.harness;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.CellIr;
import org.bmsgen.generator.ir.ControlIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

/**
 * The simulated board of one pack, in the simulator's base units (Ah, ohm, farad, J/K, K/W, volt, degC, fractions),
 * read off the pack's IR once: the one mapping from a model to a {@code SimBoard.Builder}. The generated test class
 * {@code SimulatedPack} prints these values as literals ({@link SimulatedPackEmitter}); {@code bmsgen simulate} hands
 * them to the simulator directly. Both therefore build the same board for the same model.
 *
 * <p>Values the model does not hold are the simulator's reference-board values and are named so here:
 * {@link #INITIAL_SOC}, {@link #AMBIENT_CELSIUS}, {@link #BALANCING_OHMS}, the AFE's trim and noise
 * ({@link #AFE_GAIN_UV_PER_LSB}, {@link #AFE_OFFSET_MV}, {@link #AFE_NOISE_LSB}), the plant's step.
 *
 * @param pack the pack's name
 * @param seriesCells series elements (the plant's cells)
 * @param parallelCells cells in parallel in each element (the plant scales one cell by it)
 * @param capacityAh one cell's capacity
 * @param heatCapacityJoulePerKelvin one cell's
 * @param thermalResistanceKelvinPerWatt one cell's, to ambient
 * @param ecm the cell's equivalent circuit, one set per temperature, in model order
 * @param ocv the cell's OCV tables, ascending in temperature
 * @param capacitySpread one standard deviation, fraction
 * @param resistanceSpread one standard deviation, fraction
 * @param socSpread one standard deviation of the initial SoC, absolute fraction
 * @param shuntOhms the sense resistor
 * @param fetOnOhms what each of the plant's two series FETs (charge, discharge) stands for: the modelled FET's
 *        on-resistance divided by the FETs in parallel per direction (half the modelled count)
 * @param thermistorOhmsAt25 the NTC on the AFE's first TS input
 * @param thermistorBeta its B constant in K
 * @param afeVariant the bq769x0 family member ("BQ76920")
 * @param channels the VC channel of each physical cell, bottom first
 * @param canNominalBitRate bit/s
 * @param canDataBitRate bit/s (the nominal rate for classic CAN)
 * @param uartBaud the STM32-ESP32 UART
 * @param controlPeriodMicros the firmware's control period
 */
public record BoardSpec(String pack, int seriesCells, int parallelCells, double capacityAh,
		double heatCapacityJoulePerKelvin, double thermalResistanceKelvinPerWatt, List<EcmSet> ecm, List<Ocv> ocv,
		double capacitySpread, double resistanceSpread, double socSpread, double shuntOhms, double fetOnOhms,
		double thermistorOhmsAt25, double thermistorBeta, String afeVariant, List<Integer> channels,
		long canNominalBitRate, long canDataBitRate, int uartBaud, long controlPeriodMicros, Traces traces) {

	/** Mean initial SoC of the cells (the simulator's reference board). */
	public static final double INITIAL_SOC = 0.8;
	/** Ambient temperature, degC; the cells start at it. */
	public static final double AMBIENT_CELSIUS = 25.0;
	/** Bleed resistor of a balancing switch (the reference board's 33 Ohm; not in the language). */
	public static final double BALANCING_OHMS = 33.0;
	/** The cell the NTC on TS1 sits on, 1-based. */
	public static final int THERMISTOR_CELL = 1;
	/** A typical factory trim of the bq769x0 (DS 9.2: 382 uV/LSB, 0 mV); every chip has its own. */
	public static final int AFE_GAIN_UV_PER_LSB = 382;
	public static final int AFE_OFFSET_MV = 0;
	/** Standard deviation of the cell ADC's noise, LSB. */
	public static final double AFE_NOISE_LSB = 0.5;
	/** How often the simulated AFE samples the shunt between step changes, us. */
	public static final long AFE_SHUNT_SAMPLE_MICROS = 10_000;
	/** The plant's integration step, us. */
	public static final long PLANT_STEP_MICROS = 10_000;
	/** The UART FIFOs of both MCUs (the firmware's DMA rings), bytes. */
	public static final int UART_FIFO_BYTES = 256;

	/** One equivalent-circuit set: the parameters written at one temperature. */
	public record EcmSet(double celsius, List<EcmParameter> parameters, Trace trace) {
	}

	/** r0, r1, c1, r2 or c2 (ohm, farad): one value ({@code soc} empty) or a table over SoC. */
	public record EcmParameter(String kind, List<Double> soc, List<Double> values, Trace trace) {

		public boolean isConstant() {
			return soc.isEmpty();
		}
	}

	/** OCV over SoC at one temperature. */
	public record Ocv(double celsius, List<Double> soc, List<Double> volts, Trace trace) {
	}

	/** Where each group of values comes from (the generated javadoc's {@code Model:} lines). */
	public record Traces(Trace cell, Trace thermal, Trace spread, Trace afe, Trace thermistor, Trace fets, Trace can,
			Trace radio, Trace control) {
	}

	/** A pack the simulated board cannot stand for, with the reason in the model's words. */
	public static final class UnsupportedPackException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		public UnsupportedPackException(String message) {
			super(message);
		}
	}

	/**
	 * The board of a pack.
	 *
	 * @throws UnsupportedPackException when the model lacks what the plant needs (a cell with OCV, equivalent circuit
	 *         and thermal values, a bq769x0 with a shunt and a thermistor, a control period)
	 */
	public static BoardSpec of(PackIr pack) {
		CellIr cell = pack.cell();
		String name = pack.name();
		if (cell == null) {
			throw new UnsupportedPackException(name + " has no cells ('cells 4S3P ...'): nothing to simulate");
		}
		if (cell.ocv().isEmpty()) {
			throw new UnsupportedPackException(name + ": cell " + cell.name() + " has no 'ocv at ...' table");
		}
		if (cell.ecm().isEmpty()) {
			throw new UnsupportedPackException(name + ": cell " + cell.name() + " has no 'ecm at ...' circuit");
		}
		CellIr.Thermal thermal = cell.thermal();
		if (thermal == null || thermal.heatCapacityJoulePerKelvin() <= 0 || thermal.resistanceKelvinPerWatt() <= 0) {
			throw new UnsupportedPackException(name + ": cell " + cell.name()
					+ " needs 'thermal { mass ... J/K resistance ... K/W }' for the simulated cells' temperature");
		}
		AfeIr afe = pack.afe();
		if (afe == null || !afe.part().startsWith("BQ769")) {
			throw new UnsupportedPackException(name + ": the simulated board has a bq769x0 AFE, the pack "
					+ (afe == null ? "none" : afe.part()));
		}
		if (afe.shuntMicroOhm() <= 0) {
			throw new UnsupportedPackException(name + ": the AFE has no shunt ('shunt 1 mOhm')");
		}
		AfeIr.Thermistor ntc = afe.thermistors().stream().filter(t -> !t.input().equals("die")).findFirst()
				.orElseThrow(() -> new UnsupportedPackException(name
						+ ": the simulated board has an NTC on TS1; the AFE has no 'thermistor TS1 NTC ... beta ...'"));
		ControlIr control = pack.control();
		if (control == null) {
			throw new UnsupportedPackException(name + " has no control period");
		}
		List<EcmSet> ecm = new ArrayList<>();
		for (CellIr.EquivalentCircuit set : cell.ecm()) {
			List<EcmParameter> parameters = new ArrayList<>();
			for (CellIr.EcmParameter parameter : set.parameters()) {
				parameters.add(new EcmParameter(parameter.kind(), decimals(parameter.soc()), decimals(parameter.values()),
						parameter.trace()));
			}
			ecm.add(new EcmSet(set.temperatureCentiDegC() / 100.0, List.copyOf(parameters), set.trace()));
		}
		List<Ocv> ocv = new ArrayList<>();
		cell.ocv().stream().sorted((a, b) -> Integer.compare(a.temperatureCentiDegC(), b.temperatureCentiDegC()))
				.forEach(table -> ocv.add(new Ocv(table.temperatureCentiDegC() / 100.0, decimals(table.soc()),
						decimals(table.volts()), table.trace())));
		CellIr.Spread spread = cell.spread();
		ControlIr.Fets fets = control.fets();
		// half the FETs conduct each direction, in parallel; the plant has one FET per direction, in series
		double fetOnOhms = fets == null || fets.count() < 2 ? 0
				: fets.onResistanceMicroOhm() / 1e6 / (fets.count() / 2);
		int canNominal = pack.can() == null || pack.can().bus() == null ? 500_000 : pack.can().bus().nominalBitRate();
		int canData = pack.can() == null || pack.can().bus() == null || pack.can().bus().dataBitRate() == 0 ? canNominal
				: pack.can().bus().dataBitRate();
		int baud = pack.radio() == null || pack.radio().uartBaud() == 0 ? 115_200 : pack.radio().uartBaud();
		Traces traces = new Traces(cell.trace(), thermal.trace(), spread == null ? Trace.NONE : spread.trace(),
				afe.trace(), ntc.trace(), fets == null ? Trace.NONE : fets.trace(),
				pack.can() == null || pack.can().bus() == null ? Trace.NONE : pack.can().bus().trace(),
				pack.radio() == null ? Trace.NONE : pack.radio().trace(), control.trace());
		return new BoardSpec(name, cell.seriesCells(), cell.parallelCells(), cell.capacityMah() / 1000.0,
				decimal(thermal.heatCapacityJoulePerKelvin()), decimal(thermal.resistanceKelvinPerWatt()), List.copyOf(ecm),
				List.copyOf(ocv), spread == null ? 0 : decimal(spread.capacity()),
				spread == null ? 0 : decimal(spread.resistance()), spread == null ? 0 : decimal(spread.soc()),
				afe.shuntMicroOhm() / 1e6, fetOnOhms, ntc.nominalOhm(), ntc.beta(), afe.part(), afe.channels(), canNominal,
				canData, baud, control.periodMs() * 1000L, traces);
	}

	/** The decimal the model wrote, not the float's binary expansion: 0.0332f -> 0.0332. */
	static double decimal(float value) {
		return Double.parseDouble(Float.toString(value));
	}

	private static List<Double> decimals(List<Float> values) {
		return values.stream().map(BoardSpec::decimal).toList();
	}
}
