package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

class EstimatorEmittersTest {

	private static List<GeneratedSource> sources(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		sources.add(new PackStateEmitter().emit(pack));
		sources.add(new SocEstimatorEmitter().emit(pack));
		sources.add(new SohEstimatorEmitter().emit(pack));
		sources.add(new CurrentLimitsEmitter().emit(pack));
		return sources;
	}

	@Test
	void referencePack_compilesForJava7_andMatchesGoldens() {
		List<GeneratedSource> sources = sources(TestModels.reference());
		FirmwareCompiler.compile("estimators", sources);
		for (GeneratedSource source : sources.subList(1, sources.size())) {
			Golden.assertMatches("firmware/Smart4S/" + source.typeName() + ".java", source.text());
		}
	}

	@Test
	void everyPack_compiles() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = sources(pack);
			sources.forEach(s -> assertNotNull(s, pack.name()));
			FirmwareCompiler.compile("estimators-" + pack.name(), sources);
		}
	}

	@Test
	void referenceSocEstimator_constantsFromTheModel() throws Exception {
		List<GeneratedSource> sources = sources(TestModels.reference());
		Path classes = FirmwareCompiler.compile("estimators-values", sources);
		try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
			Class<?> soc = loader.loadClass(sources.get(1).qualifiedName());
			assertEquals(3, soc.getField("PARALLEL_CELLS").getInt(null)); // 4S3P
			assertEquals(2, soc.getField("RC_PAIRS").getInt(null)); // model 2RC
			assertEquals(7200, soc.getField("REST_CORRECTION_PERIODS").getInt(null)); // 30 min / 250 ms
			// 0.25 s / (2.997 Ah x 3600 s/h), the cell's C/20 capacity
			assertEquals(0.25 / 10789.2, soc.getField("SOC_PER_AMPERE_PERIOD").getFloat(null), 1e-10);
			assertEquals(4e-6, soc.getField("MEASUREMENT_VARIANCE_V2").getFloat(null), 1e-12); // (2 mV)^2
			assertEquals(0.04, soc.getField("INITIAL_VARIANCE").getFloat(null), 1e-8); // (20 %)^2
			assertEquals(5, soc.getField("STATES").getInt(null)); // SoC, 2 RC voltages, resistance scale, bias
			assertEquals(3, soc.getField("SCALE_STATE").getInt(null));
			assertEquals(4, soc.getField("BIAS_STATE").getInt(null));
			// at 51.6 %: R1 3.8 mOhm, C1 1180 F -> tau 4.484 s, exp(-0.25 / 4.484) = 0.94577
			float[] socAxis = privateFloats(soc, "ECM_SOC");
			int at = -1;
			for (int i = 0; i < socAxis.length; i++) {
				if (Math.abs(socAxis[i] - 0.516f) < 1e-6) {
					at = i;
				}
			}
			assertEquals(0.94577, privateFloats(soc, "ECM_DECAY1")[at], 1e-5);
			assertEquals(0.0038 * (1 - 0.94577), privateFloats(soc, "ECM_GAIN1_OHM")[at], 1e-7);
			assertEquals(0.0291, privateFloats(soc, "ECM_R0_OHM")[at], 1e-7);
			// the OCV table read backwards at its breakpoints: 3.666 V is 50 %, 3.331 V 10 % (25 degC)
			Object filter = soc.getConstructor().newInstance();
			var socAtOcv = soc.getMethod("socAtOcv", int.class, int.class);
			assertEquals(0.50f, (float) socAtOcv.invoke(filter, 3666, 2500), 1e-6f);
			assertEquals(0.10f, (float) socAtOcv.invoke(filter, 3331, 2500), 1e-6f);
			// halfway between 3.331 V (10 %) and 3.403 V (15 %)
			assertEquals(0.125f, (float) socAtOcv.invoke(filter, 3367, 1000), 1e-3f);
		}
	}

	@Test
	void referenceCurrentLimits_deratedAsModelled() throws Exception {
		List<GeneratedSource> sources = sources(TestModels.reference());
		Path classes = FirmwareCompiler.compile("limits-values", sources);
		try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
			Class<?> stateType = loader.loadClass(sources.get(0).qualifiedName());
			Class<?> limitsType = loader.loadClass(sources.get(3).qualifiedName());
			Object state = stateType.getConstructor().newInstance();
			Object limits = limitsType.getConstructor().newInstance();
			var update = limitsType.getMethod("update", stateType);
			// smart4s.bms limits: charge 6 A derated 10..15 degC 0..100 %; discharge 50 A, 5..15 % SoC 30..100 %
			stateType.getField("maxTemperatureCentiDegC").setInt(state, 1250);
			stateType.getField("socBp").setInt(state, 1000);
			update.invoke(limits, state);
			assertEquals(3000, stateType.getField("chargeLimitMa").getInt(state)); // half way: 50 % of 6 A
			assertEquals(32500, stateType.getField("dischargeLimitMa").getInt(state)); // 30 % + 70 % / 2 = 65 % of 50 A
			stateType.getField("maxTemperatureCentiDegC").setInt(state, 4600); // above 45 degC: 0 %
			stateType.getField("socBp").setInt(state, 9000);
			update.invoke(limits, state);
			assertEquals(0, stateType.getField("chargeLimitMa").getInt(state));
			assertEquals(50000, stateType.getField("dischargeLimitMa").getInt(state));
			stateType.getField("maxTemperatureCentiDegC").setInt(state, 2500);
			stateType.getField("socBp").setInt(state, 0);
			update.invoke(limits, state);
			assertEquals(6000, stateType.getField("chargeLimitMa").getInt(state));
			assertEquals(0, stateType.getField("dischargeLimitMa").getInt(state));
		}
	}

	private static float[] privateFloats(Class<?> type, String name) throws ReflectiveOperationException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return (float[]) field.get(null);
	}
}
