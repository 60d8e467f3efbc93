package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

class AfeDriverEmitterTest {

	private final AfeDriverEmitter emitter = new AfeDriverEmitter();

	/** The driver with what it needs from its package: the AFE's constants, the state, the CRC. */
	private static List<GeneratedSource> withDependencies(PackIr pack, GeneratedSource driver) {
		return List.of(driver, new AfeConfigurationEmitter().emit(pack), new PackStateEmitter().emit(pack),
				new ChecksumsEmitter().emit(pack, FirmwareImage.STM32));
	}

	@Test
	void referencePack_isNamedAfterThePart_compilesForJava7_andMatchesGolden() {
		PackIr pack = TestModels.reference();
		GeneratedSource source = emitter.emit(pack);
		assertEquals("org/bmsgen/firmware/smart4s/stm32/Bq76920Driver.java", source.relativePath());
		FirmwareCompiler.compile("afe-driver", withDependencies(pack, source));
		Golden.assertMatches("firmware/Smart4S/Bq76920Driver.java", source.text());
	}

	@Test
	void everyPack_compiles_andItsTripRuleIsTheDslRule_overEveryGainAndSeveralOffsets() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			AfeIr afe = pack.afe();
			GeneratedSource source = emitter.emit(pack);
			Path classes = FirmwareCompiler.compile("afe-driver-" + pack.name(), withDependencies(pack, source));
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				Class<?> driver = loader.loadClass(source.qualifiedName());
				Method ov = driver.getMethod("ovTripFor", int.class, int.class, int.class);
				Method uv = driver.getMethod("uvTripFor", int.class, int.class, int.class);
				assertTrue(Modifier.isStatic(ov.getModifiers()) && Modifier.isStatic(uv.getModifiers()));
				int checked = 0;
				for (int gain = Bq769x0.GAIN_MIN_UV_PER_LSB; gain <= Bq769x0.GAIN_MAX_UV_PER_LSB; gain++) {
					for (int offset : new int[] { -128, -77, -1, 0, 1, 30, 127 }) {
						Bq769x0.Trim trim = new Bq769x0.Trim(gain, offset);
						String where = pack.name() + " GAIN " + gain + " OFFSET " + offset;
						if (afe.cellOvervoltage() != null) {
							int mv = afe.cellOvervoltage().modelledMv();
							assertEquals(Bq769x0.ovTrip(mv * 1000L, trim), ov.invoke(null, mv, gain, offset), where + " OV");
							checked++;
						}
						if (afe.cellUndervoltage() != null) {
							int mv = afe.cellUndervoltage().modelledMv();
							assertEquals(Bq769x0.uvTrip(mv * 1000L, trim), uv.invoke(null, mv, gain, offset), where + " UV");
							checked++;
						}
					}
				}
				assertTrue(checked > 0, pack.name());
			}
		}
	}

	@Test
	void tripRule_reproducesTheDatasheetExample() throws Exception {
		// DS 9.2 worked example, GAIN 382 uV/LSB, OFFSET 0: 4.30 V -> OV_TRIP 0xBF; 2.50 V -> UV_TRIP 0x9A with the
		// never-later rule (the DS's truncation gives 0x99, which trips at 2.4998 V, below the level)
		PackIr pack = TestModels.reference();
		GeneratedSource source = emitter.emit(pack);
		try (URLClassLoader loader = FirmwareCompiler.loader(FirmwareCompiler.compile("afe-driver-ds",
				withDependencies(pack, source)))) {
			Class<?> driver = loader.loadClass(source.qualifiedName());
			assertEquals(0xBF, driver.getMethod("ovTripFor", int.class, int.class, int.class).invoke(null, 4300, 382, 0));
			assertEquals(0x9A, driver.getMethod("uvTripFor", int.class, int.class, int.class).invoke(null, 2500, 382, 0));
		}
	}

	@Test
	void ntcTable_holdsTheTsCodesOfTheBetaEquation() {
		// hand computed, DS 8.3.1.1.4 with 10 kOhm, B 3435: 25 degC: R = 10 kOhm, V = 1.65 V, 4319.4 codes;
		// 0 degC: R = 28 704 Ohm, V = 2.4474 V, 6406.8 codes; 60 degC: R = 2 981 Ohm, V = 0.7578 V, 1983.8 codes
		int[] codes = AfeDriverEmitter.ntcCodes(10_000, 3435);
		assertEquals(AfeDriverEmitter.NTC_POINTS, codes.length);
		assertEquals(4319, codes[(2500 - AfeDriverEmitter.NTC_FIRST_CENTI_DEG_C) / AfeDriverEmitter.NTC_STEP_CENTI_DEG_C]);
		assertEquals(6407, codes[(0 - AfeDriverEmitter.NTC_FIRST_CENTI_DEG_C) / AfeDriverEmitter.NTC_STEP_CENTI_DEG_C]);
		assertEquals(1984, codes[(6000 - AfeDriverEmitter.NTC_FIRST_CENTI_DEG_C) / AfeDriverEmitter.NTC_STEP_CENTI_DEG_C]);
		for (int i = 1; i < codes.length; i++) {
			assertTrue(codes[i] < codes[i - 1], "descending at " + i);
		}
	}

	@Test
	void ntcTable_interpolatesWithinATenthOfADegree_fromMinus20To80DegC() {
		// the firmware interpolates linearly between 5 degC points; the curve's bend between them is the error
		int[] codes = AfeDriverEmitter.ntcCodes(10_000, 3435);
		double worst = 0;
		for (double celsius = -20; celsius <= 80; celsius += 0.25) {
			double code = AfeDriverEmitter.ntcCode(10_000, 3435, celsius);
			int i = 1;
			while (codes[i] > code) {
				i++;
			}
			double interpolated = (AfeDriverEmitter.NTC_FIRST_CENTI_DEG_C + (i - 1) * AfeDriverEmitter.NTC_STEP_CENTI_DEG_C
					+ (codes[i - 1] - code) * AfeDriverEmitter.NTC_STEP_CENTI_DEG_C / (codes[i - 1] - codes[i])) / 100.0;
			worst = Math.max(worst, Math.abs(interpolated - celsius));
		}
		assertTrue(worst < 0.1, "worst interpolation error " + worst + " degC");
	}
}
