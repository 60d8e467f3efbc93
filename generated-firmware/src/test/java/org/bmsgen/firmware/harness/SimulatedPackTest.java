package org.bmsgen.firmware.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bmsgen.cli.simulate.BoardFactory;
import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.sim.plant.CellModelTables;
import org.bmsgen.sim.plant.OcvTable;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.plant.PackConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every pack's generated {@code SimulatedPack} (found by walking the packs' test-java/ folders, so a new pack of
 * models/ is covered without touching this test): its board is the model's (values computed here by hand from the
 * .bms files), and the pack's own generated firmware starts on it into Standby, the AFE read, no fault.
 */
class SimulatedPackTest {

	private static final long SECOND = 1_000_000L;

	/** What each model says, read by hand from models/ (cells, shunt, FETs: count/2 per direction in parallel). */
	private record Expected(int cells, double elementAh, double shuntOhms, double fetOhms, double ocvAt50Percent,
			int[] channels) {
	}

	private static final Map<String, Expected> EXPECTED = Map.of(
			// 4S3P NCR18650PF (2.997 Ah, its C/20 capacity), 1 mOhm, 6 x 1.5 mOhm -> 0.5 mOhm per direction; OCV 50 % 3.666 V
			"Smart4S", new Expected(4, 3 * 2.997, 0.001, 0.0005, 3.666, new int[] { 1, 2, 3, 5 }),
			// 3S2P ANR26650M1B (2.5 Ah); LFP plateau: 3.277 V at 29.72 %, 3.351 V at 98.33 %
			"Smart3SLfp", new Expected(3, 5.0, 0.001, 0.0005,
					3.277 + (0.5 - 0.2972) / (0.9833 - 0.2972) * (3.351 - 3.277), new int[] { 1, 2, 5 }),
			"Smart4SHalfMilliohmShunt", new Expected(4, 3 * 2.997, 0.0005, 0.0005, 3.666, new int[] { 1, 2, 3, 5 }),
			// 5S8P, 10 x 1.2 mOhm -> 0.24 mOhm per direction
			"Smart5SHighCurrent", new Expected(5, 8 * 2.997, 0.001, 0.00024, 3.666, new int[] { 1, 2, 3, 4, 5 }));

	@Test
	void everyPackOfModelsHasASimulatedPack() throws IOException {
		List<String> packs = packs().map(p -> p.getFileName().toString()).sorted().toList();
		assertEquals(EXPECTED.keySet().stream().sorted().toList(), packs);
	}

	@TestFactory
	Stream<DynamicTest> eachPackStartsOnItsOwnBoardIntoStandbyWithoutAFault() throws IOException {
		return packs().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
			String pack = folder.getFileName().toString();
			Class<?> simulated = Class.forName(className(folder));
			Expected expected = EXPECTED.get(pack);
			assertNotNull(expected, pack);

			PackConfig config = (PackConfig) simulated.getMethod("pack", long.class).invoke(null, 3L);
			assertEquals(expected.cells(), config.cells());
			assertEquals(expected.elementAh(), config.nominal().capacityAh(), 1e-9);
			assertEquals(expected.shuntOhms(), config.shuntOhms(), 1e-12);
			assertEquals(expected.fetOhms(), config.fetOnOhms(), 1e-12);
			assertEquals(expected.ocvAt50Percent(),
					((org.bmsgen.sim.plant.OcvTable) simulated.getMethod("ocv").invoke(null)).voltsAt(0.5, 25), 1e-6);
			assertArrayEquals(expected.channels(),
					((org.bmsgen.sim.afe.Bq769x0Config) simulated.getMethod("afe", long.class).invoke(null, 3L))
							.cellChannels());

			Constructor<?> constructor = simulated.getConstructor(long.class);
			Object instance = constructor.newInstance(3L);
			simulated.getMethod("powerOn").invoke(instance);
			simulated.getMethod("advanceSeconds", double.class).invoke(instance, 5.0);
			SimBoard board = (SimBoard) simulated.getMethod("board").invoke(instance);
			Object stm32 = simulated.getMethod("stm32").invoke(instance);
			Object state = call(stm32, "state");
			Object machine = call(stm32, "controlMachine");
			int standby = machine.getClass().getField("STATE_STANDBY").getInt(null);
			int faultWord = state.getClass().getField("faultWord").getInt(state);
			assertEquals(0, faultWord, pack + ": faults " + Integer.toBinaryString(faultWord));
			assertEquals(standby, (int) (Integer) call(machine, "state"), pack + ": not in Standby");
			assertTrue(state.getClass().getField("measurementsValid").getBoolean(state), pack);
			int[] cellMv = (int[]) state.getClass().getField("cellMv").get(state);
			assertEquals(expected.cells(), cellMv.length);
			for (int cell = 1; cell <= expected.cells(); cell++) {
				// the AFE's conversion: +-10 mV typical (shared/reference/bq76920.md), 0.5 LSB noise here
				assertEquals(board.plant().cellVolts(cell) * 1000, cellMv[cell - 1], 12.0, pack + " cell " + cell);
			}
			int fetMask = state.getClass().getField("fetMask").getInt(state);
			assertEquals(3, fetMask, pack + ": Standby keeps both FETs on");
			Object esp32 = simulated.getMethod("esp32").invoke(instance);
			assertNotNull(esp32, pack + ": the ESP32 firmware started");
		}));
	}

	/**
	 * The generated class and {@code bmsgen simulate} ({@link BoardFactory}) build the same board from the same IR: the
	 * pack's values equal, and the cell's OCV and circuit agree at every 1 % of SoC.
	 */
	@TestFactory
	Stream<DynamicTest> theGeneratedBoardIsTheOneBmsgenSimulateBuilds() throws IOException {
		LoadedPacks loaded = LoadedPacks.load(ModelsFolder.models(), ModelsFolder.modelFiles());
		return packs().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
			Class<?> simulated = Class.forName(className(folder));
			BoardSpec spec = BoardSpec.of(loaded.ir(folder.getFileName().toString()).ir());
			PackConfig generated = (PackConfig) simulated.getMethod("pack", long.class).invoke(null, 9L);
			PackConfig cli = BoardFactory.pack(spec, 9L);
			assertEquals(cli.cells(), generated.cells());
			assertEquals(cli.shuntOhms(), generated.shuntOhms());
			assertEquals(cli.fetOnOhms(), generated.fetOnOhms());
			assertEquals(cli.thermistor(), generated.thermistor());
			assertEquals(cli.capacitySpread(), generated.capacitySpread());
			assertEquals(cli.resistanceSpread(), generated.resistanceSpread());
			assertEquals(cli.initialSocSpread(), generated.initialSocSpread());
			assertEquals(cli.nominal().capacityAh(), generated.nominal().capacityAh());
			assertEquals(cli.nominal().heatCapacityJoulesPerKelvin(), generated.nominal().heatCapacityJoulesPerKelvin());
			assertEquals(cli.nominal().thermalResistanceKelvinPerWatt(), generated.nominal().thermalResistanceKelvinPerWatt());
			OcvTable ocv = (OcvTable) simulated.getMethod("ocv").invoke(null);
			OcvTable cliOcv = BoardFactory.ocv(spec);
			for (int percent = 0; percent <= 100; percent++) {
				assertEquals(cliOcv.voltsAt(percent / 100.0, 25), ocv.voltsAt(percent / 100.0, 25), 0.0);
				for (int p = 0; p < CellModelTables.PARAMETERS; p++) {
					assertEquals(cli.nominal().circuit().valueAt(p, percent / 100.0, 25),
							generated.nominal().circuit().valueAt(p, percent / 100.0, 25), 0.0);
				}
			}
			assertEquals(BoardFactory.afe(spec, 9L), simulated.getMethod("afe", long.class).invoke(null, 9L));
		}));
	}

	private static Object call(Object target, String method) throws ReflectiveOperationException {
		Method m = target.getClass().getMethod(method);
		return m.invoke(target);
	}

	private static Stream<Path> packs() throws IOException {
		return Files.list(ModelsFolder.generatedFirmware()).filter(p -> Files.isDirectory(p.resolve("test-java"))).sorted();
	}

	/** The SimulatedPack class under a pack's test-java/ (its package is the pack's name, cleaned). */
	private static String className(Path packFolder) throws IOException {
		Path root = packFolder.resolve("test-java");
		try (Stream<Path> walk = Files.walk(root)) {
			Path file = walk.filter(p -> p.getFileName().toString().equals("SimulatedPack.java")).findFirst().orElseThrow();
			String relative = root.relativize(file).toString().replace('\\', '/');
			return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
		}
	}
}
