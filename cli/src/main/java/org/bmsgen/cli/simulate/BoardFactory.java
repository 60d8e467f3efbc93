package org.bmsgen.cli.simulate;

import java.util.List;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.sim.afe.BetaThermistor;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.plant.CellModelTables;
import org.bmsgen.sim.plant.CellParameters;
import org.bmsgen.sim.plant.OcvByTemperature;
import org.bmsgen.sim.plant.OcvCurve;
import org.bmsgen.sim.plant.OcvTable;
import org.bmsgen.sim.plant.PackConfig;

/**
 * A {@link BoardSpec} on the simulator: the same calls, with the same values, as the generated
 * {@code SimulatedPack.boardBuilder} prints (see {@code SimulatedPackEmitter}).
 */
public final class BoardFactory {

	private BoardFactory() {
	}

	public static SimBoard.Builder builder(BoardSpec spec, long seed) {
		return SimBoard.builder(seed).pack(pack(spec, seed)).ocv(ocv(spec)).afe(afe(spec, seed))
				.can(spec.canNominalBitRate(), spec.canDataBitRate()).uart(spec.uartBaud(), BoardSpec.UART_FIFO_BYTES);
	}

	public static PackConfig pack(BoardSpec spec, long seed) {
		return new PackConfig(spec.seriesCells(), cell(spec), spec.capacitySpread(), spec.resistanceSpread(),
				BoardSpec.INITIAL_SOC, spec.socSpread(), BoardSpec.AMBIENT_CELSIUS, spec.shuntOhms(), spec.fetOnOhms(),
				BoardSpec.BALANCING_OHMS, BoardSpec.THERMISTOR_CELL, seed, BoardSpec.PLANT_STEP_MICROS,
				new BetaThermistor(spec.thermistorOhmsAt25(), spec.thermistorBeta()));
	}

	public static CellParameters cell(BoardSpec spec) {
		return new CellParameters(spec.capacityAh(), circuit(spec), spec.heatCapacityJoulePerKelvin(),
				spec.thermalResistanceKelvinPerWatt()).inParallel(spec.parallelCells());
	}

	public static CellModelTables circuit(BoardSpec spec) {
		CellModelTables.Builder builder = CellModelTables.builder();
		for (BoardSpec.EcmSet set : spec.ecm()) {
			builder.at(set.celsius());
			for (BoardSpec.EcmParameter parameter : set.parameters()) {
				double[] soc = array(parameter.soc());
				double[] values = array(parameter.values());
				boolean constant = parameter.isConstant();
				switch (parameter.kind()) {
				case "r0" -> builder = constant ? builder.r0(values[0]) : builder.r0(soc, values);
				case "r1" -> builder = constant ? builder.r1(values[0]) : builder.r1(soc, values);
				case "c1" -> builder = constant ? builder.c1(values[0]) : builder.c1(soc, values);
				case "r2" -> builder = constant ? builder.r2(values[0]) : builder.r2(soc, values);
				case "c2" -> builder = constant ? builder.c2(values[0]) : builder.c2(soc, values);
				default -> throw new IllegalArgumentException("unknown circuit parameter " + parameter.kind());
				}
			}
		}
		return builder.build();
	}

	public static OcvTable ocv(BoardSpec spec) {
		List<BoardSpec.Ocv> tables = spec.ocv();
		if (tables.size() == 1) {
			return new OcvCurve(array(tables.get(0).soc()), array(tables.get(0).volts()));
		}
		double[] celsius = new double[tables.size()];
		OcvCurve[] curves = new OcvCurve[tables.size()];
		for (int i = 0; i < tables.size(); i++) {
			celsius[i] = tables.get(i).celsius();
			curves[i] = new OcvCurve(array(tables.get(i).soc()), array(tables.get(i).volts()));
		}
		return new OcvByTemperature(celsius, curves);
	}

	public static Bq769x0Config afe(BoardSpec spec, long seed) {
		int[] channels = spec.channels().stream().mapToInt(Integer::intValue).toArray();
		return new Bq769x0Config(Bq769x0Config.Variant.valueOf(spec.afeVariant()), channels,
				BoardSpec.AFE_GAIN_UV_PER_LSB, BoardSpec.AFE_OFFSET_MV, BoardSpec.AFE_NOISE_LSB, seed,
				BoardSpec.AFE_SHUNT_SAMPLE_MICROS);
	}

	private static double[] array(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}
}
