package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

class AfeConfigurationEmitterTest {

	private final AfeConfigurationEmitter emitter = new AfeConfigurationEmitter();

	@Test
	void referencePack_compilesForJava7_andMatchesGolden() {
		GeneratedSource source = emitter.emit(TestModels.reference());
		assertEquals("org/bmsgen/firmware/smart4s/stm32/AfeConfiguration.java", source.relativePath());
		FirmwareCompiler.compile("afe-configuration", List.of(source));
		Golden.assertMatches("firmware/Smart4S/AfeConfiguration.java", source.text());
	}

	@Test
	void everyPack_compiledConstantsEqualTheIr() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			AfeIr afe = pack.afe();
			GeneratedSource source = emitter.emit(pack);
			Path classes = FirmwareCompiler.compile("afe-" + pack.name(), List.of(source));
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				Class<?> type = loader.loadClass(source.qualifiedName());
				String where = pack.name() + " ";
				assertEquals(afe.i2cAddress(), type.getField("I2C_ADDRESS").getInt(null), where + "I2C_ADDRESS");
				assertEquals(afe.crc(), type.getField("CRC_ENABLED").getBoolean(null), where + "CRC_ENABLED");
				assertEquals(afe.shuntMicroOhm(), type.getField("SHUNT_MICRO_OHM").getInt(null), where + "shunt");
				assertEquals(afe.rsns(), type.getField("RSNS").getInt(null), where + "RSNS");
				assertEquals(afe.protect1(), type.getField("PROTECT1_VALUE").getByte(null) & 0xFF, where + "PROTECT1");
				assertEquals(afe.protect2(), type.getField("PROTECT2_VALUE").getByte(null) & 0xFF, where + "PROTECT2");
				assertEquals(afe.protect3(), type.getField("PROTECT3_VALUE").getByte(null) & 0xFF, where + "PROTECT3");
				// DS 8.5: CC_CFG = 0x19, register addresses of the map
				assertEquals(0x19, type.getField("CC_CFG_VALUE").getByte(null));
				assertEquals(0x0B, type.getField("CC_CFG_ADDRESS").getInt(null));
				assertEquals(0x06, type.getField("PROTECT1_ADDRESS").getInt(null));
				assertEquals(0x0C, type.getField("VC1_HI_ADDRESS").getInt(null));
				byte[] channels = (byte[]) type.getField("CELL_CHANNEL").get(null);
				assertArrayEquals(afe.channels().stream().mapToInt(Integer::intValue).toArray(),
						toInts(channels), where + "CELL_CHANNEL");
				voltage(type, "OV", afe.cellOvervoltage(), where);
				voltage(type, "UV", afe.cellUndervoltage(), where);
				current(type, "OCD", afe.dischargeOvercurrent(), where);
				current(type, "SCD", afe.dischargeShortCircuit(), where);
				for (Field field : type.getFields()) {
					int modifiers = field.getModifiers();
					assertTrue(Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers), where + field.getName());
				}
			}
		}
	}

	@Test
	void referencePack_channelMapSkipsTheShortedInput() throws Exception {
		// DS Table 9-2: with 4 cells VC4-VC3 is shorted, cell 4 is read through VC5
		GeneratedSource source = emitter.emit(TestModels.reference());
		try (URLClassLoader loader = FirmwareCompiler.loader(FirmwareCompiler.compile("afe-map", List.of(source)))) {
			Class<?> type = loader.loadClass(source.qualifiedName());
			assertArrayEquals(new byte[] { 1, 2, 3, 5 }, (byte[]) type.getField("CELL_CHANNEL").get(null));
			assertEquals((byte) 0x93, type.getField("PROTECT1_VALUE").getByte(null));
		}
		assertTrue(source.text().contains("// cell 4: VC5, CELLBAL bit 4"), source.text());
	}

	private static void voltage(Class<?> type, String prefix, AfeIr.VoltageLimit limit, String where)
			throws ReflectiveOperationException {
		if (limit == null) {
			assertFalse(hasField(type, prefix + "_TRIP_MODELLED_MV"), where + prefix);
			return;
		}
		assertEquals(limit.modelledMv(), type.getField(prefix + "_TRIP_MODELLED_MV").getInt(null), where + prefix);
		assertEquals(limit.delayCode(), type.getField(prefix + "_DELAY_CODE").getInt(null), where + prefix);
		assertEquals(limit.delayS(), type.getField(prefix + "_DELAY_S").getInt(null), where + prefix);
	}

	private static void current(Class<?> type, String prefix, AfeIr.CurrentLimit limit, String where)
			throws ReflectiveOperationException {
		if (limit == null) {
			assertFalse(hasField(type, prefix + "_THRESH_CODE"), where + prefix);
			return;
		}
		assertEquals(limit.modelledMa(), type.getField(prefix + "_MODELLED_MA").getInt(null), where + prefix);
		assertEquals(limit.code(), type.getField(prefix + "_THRESH_CODE").getInt(null), where + prefix);
		assertEquals(limit.programmedShuntMv(), type.getField(prefix + "_PROGRAMMED_SHUNT_MV").getInt(null), where);
		assertEquals(limit.programmedMa(), type.getField(prefix + "_PROGRAMMED_MA").getInt(null), where + prefix);
		assertEquals(limit.delayCode(), type.getField(prefix + "_DELAY_CODE").getInt(null), where + prefix);
		assertEquals(limit.programmedDelayUs(), type.getField(prefix + "_PROGRAMMED_DELAY_US").getInt(null), where);
	}

	private static boolean hasField(Class<?> type, String name) {
		try {
			type.getField(name);
			return true;
		} catch (NoSuchFieldException e) {
			return false;
		}
	}

	private static int[] toInts(byte[] bytes) {
		int[] ints = new int[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			ints[i] = bytes[i];
		}
		return ints;
	}
}
