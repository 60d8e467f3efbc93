package org.bmsgen.cli.estimate;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.bmsgen.cli.simulate.CompiledFirmware;

/**
 * The generated {@code SocEstimator} and {@code PackState} of a compiled pack firmware, driven directly: the run writes
 * the readings into the state as the AFE driver does, calls {@code updateDerived()} as the control loop does, then
 * the filter. Reflection is confined to here (the classes exist only in the compiled firmware's class loader).
 */
final class FirmwareEstimator {

	private final Object state;
	private final Object soc;
	private final int cells;
	private final int temperatures;
	private final Field cellMv;
	private final Field packMv;
	private final Field packMa;
	private final Field temperatureCentiDegC;
	private final Field measurementsValid;
	private final Field timeMicros;
	private final Method updateDerived;
	private final Method start;
	private final Method startAt;
	private final Method step;
	private final Method cellSoc;
	private final Method socAtOcv;
	private final Method innovation;

	FirmwareEstimator(CompiledFirmware firmware) throws ReflectiveOperationException {
		Class<?> stateType = firmware.stm32Class("PackState");
		Class<?> socType = firmware.stm32Class("SocEstimator");
		state = stateType.getConstructor().newInstance();
		soc = socType.getConstructor().newInstance();
		cells = stateType.getField("CELL_COUNT").getInt(null);
		temperatures = stateType.getField("TEMPERATURE_COUNT").getInt(null);
		cellMv = stateType.getField("cellMv");
		packMv = stateType.getField("packMv");
		packMa = stateType.getField("packMa");
		temperatureCentiDegC = stateType.getField("temperatureCentiDegC");
		measurementsValid = stateType.getField("measurementsValid");
		timeMicros = stateType.getField("timeMicros");
		updateDerived = stateType.getMethod("updateDerived");
		start = socType.getMethod("start", stateType);
		startAt = socType.getMethod("startAt", int.class);
		step = socType.getMethod("step", stateType);
		cellSoc = socType.getMethod("cellSoc", int.class);
		socAtOcv = socType.getMethod("socAtOcv", int.class, int.class);
		Method residual;
		try {
			residual = socType.getMethod("cellInnovationVolts", int.class);
		} catch (NoSuchMethodException e) {
			residual = null;
		}
		innovation = residual;
	}

	/** Every series cell reads the measured cell (the test has one cell); the pack voltage is their sum. */
	void read(int mv, int ma, int centiDegC, long micros) {
		try {
			int[] cellValues = (int[]) cellMv.get(state);
			for (int i = 0; i < cells; i++) {
				cellValues[i] = mv;
			}
			packMv.setInt(state, mv * cells);
			packMa.setInt(state, ma);
			int[] t = (int[]) temperatureCentiDegC.get(state);
			for (int i = 0; i < temperatures; i++) {
				t[i] = centiDegC;
			}
			measurementsValid.setBoolean(state, true);
			timeMicros.setLong(state, micros);
			updateDerived.invoke(state);
		} catch (ReflectiveOperationException e) {
			throw failed(e);
		}
	}

	void start() {
		call(start, state);
	}

	void startAt(double fraction) {
		call(startAt, (int) Math.round(fraction * 10_000));
	}

	void step() {
		call(step, state);
	}

	float cellSoc() {
		return (float) call(cellSoc, 0);
	}

	/** The filter's last innovation (measured minus predicted cell voltage), V; NaN when the filter has none. */
	double residualVolts() {
		return innovation == null ? Double.NaN : (float) call(innovation, 0);
	}

	float socAtOcv(int mv, int centiDegC) {
		return (float) call(socAtOcv, mv, centiDegC);
	}

	private Object call(Method method, Object... arguments) {
		try {
			return method.invoke(soc, arguments);
		} catch (ReflectiveOperationException e) {
			throw failed(e);
		}
	}

	private static IllegalStateException failed(ReflectiveOperationException e) {
		Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
		return new IllegalStateException("the generated SoC estimator failed: " + cause, cause);
	}
}
