package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URLClassLoader;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.LogLayoutIr;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

class FlashLogEmitterTest {

	private static List<GeneratedSource> sources(PackIr pack) {
		return List.of(new FlashDriverEmitter().emit(pack), new FlashLogEmitter().emit(pack),
				new PackStateEmitter().emit(pack), new ChecksumsEmitter().emit(pack, FirmwareImage.STM32));
	}

	@Test
	void referencePack_compilesForJava7_andMatchesGolden() {
		List<GeneratedSource> sources = sources(TestModels.reference());
		assertEquals("org/bmsgen/firmware/smart4s/stm32/W25q128jvFlash.java", sources.get(0).relativePath());
		assertEquals("org/bmsgen/firmware/smart4s/stm32/FlashLog.java", sources.get(1).relativePath());
		FirmwareCompiler.compile("flash-log", sources);
		Golden.assertMatches("firmware/Smart4S/W25q128jvFlash.java", sources.get(0).text());
		Golden.assertMatches("firmware/Smart4S/FlashLog.java", sources.get(1).text());
	}

	@Test
	void referencePack_layoutIsTheModelled() throws Exception {
		// models/smart4s.bms: events in 256 KiB record 32 B, history in 8 MiB record 64 B every 60 s, 250 ms period
		PackIr pack = TestModels.reference();
		List<GeneratedSource> sources = sources(pack);
		try (URLClassLoader loader = FirmwareCompiler.loader(FirmwareCompiler.compile("flash-log-ref", sources))) {
			Class<?> log = loader.loadClass(sources.get(1).qualifiedName());
			assertEquals(0, log.getField("EVENTS_START_BYTE").getInt(null));
			assertEquals(64, log.getField("EVENTS_SECTORS").getInt(null));
			assertEquals(32, log.getField("EVENTS_RECORD_BYTES").getInt(null));
			assertEquals(128, log.getField("EVENTS_RECORDS_PER_SECTOR").getInt(null));
			assertEquals(256 * 1024, log.getField("HISTORY_START_BYTE").getInt(null));
			assertEquals(2048, log.getField("HISTORY_SECTORS").getInt(null));
			assertEquals(64, log.getField("HISTORY_RECORD_BYTES").getInt(null));
			assertEquals(64, log.getField("HISTORY_RECORDS_PER_SECTOR").getInt(null));
			assertEquals(240, log.getField("HISTORY_PERIOD_PERIODS").getInt(null));
		}
	}

	@Test
	void everyPack_compilesWithItsAreasAndEventCodes() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			LogLayoutIr layout = pack.log();
			assertNotNull(layout, pack.name());
			List<GeneratedSource> sources = sources(pack);
			try (URLClassLoader loader = FirmwareCompiler.loader(
					FirmwareCompiler.compile("flash-log-" + pack.name(), sources))) {
				Class<?> log = loader.loadClass(sources.get(1).qualifiedName());
				String where = pack.name() + " ";
				if (layout.events() != null) {
					assertEquals(layout.events().sectors(), log.getField("EVENTS_SECTORS").getInt(null), where);
					assertEquals(layout.events().recordBytes(), log.getField("EVENTS_RECORD_BYTES").getInt(null), where);
				}
				if (layout.history() != null) {
					assertEquals(layout.history().startByte(), log.getField("HISTORY_START_BYTE").getInt(null), where);
					assertEquals(layout.history().periodPeriods(), log.getField("HISTORY_PERIOD_PERIODS").getInt(null),
							where);
				}
				for (LogLayoutIr.EventCode code : layout.eventCodes()) {
					assertEquals(code.code(),
							log.getField("EVENT_" + FlashLogEmitter.eventConstant(code.name())).getInt(null), where);
				}
			}
		}
	}
}
