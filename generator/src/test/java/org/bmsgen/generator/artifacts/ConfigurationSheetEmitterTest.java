package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.junit.jupiter.api.Test;

class ConfigurationSheetEmitterTest {

	private final ConfigurationSheetEmitter emitter = new ConfigurationSheetEmitter();

	@Test
	void referencePack_matchesGolden() {
		GeneratedArtifact sheet = emitter.emit(TestModels.reference());
		assertEquals("Smart4S-configuration.md", sheet.fileName());
		Golden.assertMatches("Smart4S-configuration.md", sheet.text());
	}

	@Test
	void halfMilliohmVariant_showsRequantisedOcdAndScd() {
		List<String> lines = emitter.emit(TestModels.ir(TestModels.HALF_MILLIOHM_FILE, TestModels.HALF_MILLIOHM_PACK))
				.text().lines().toList();
		// DS 8.5 RSNS=0 tables: OCD 28 mV = code 0x7, SCD 56 mV = code 0x3; at 0.5 mOhm 56 A and 112 A
		assertRow(lines, "| Shunt | 0.5 mOhm |");
		assertRow(lines, "| OCD (dischargeOvercurrent) | 56 A | 56 A | 28 mV | 0x7 | 0 | 640 ms | 640 ms (code 6) | no |");
		assertRow(lines, "| SCD (dischargeShortCircuit) | 112 A | 112 A | 56 mV | 0x3 | 0 | 200 us | 200 us (code 2) | no |");
		// PROTECT1 = RSNS 0 | SCD_DELAY 2 << 3 | SCD_THRESH 3
		assertRow(lines, "| PROTECT1 | 0x13 | RSNS=0, SCD_DELAY=2, SCD_THRESH=0x3 |");
		assertRow(lines, "| PROTECT2 | 0x67 | OCD_DELAY=6, OCD_THRESH=0x7 |");
		// and the reference, 1 mOhm: RSNS=1, SCD 111 mV = code 0x3 of the RSNS=1 table
		List<String> reference = emitter.emit(TestModels.reference()).text().lines().toList();
		assertRow(reference, "| SCD (dischargeShortCircuit) | 111 A | 111 A | 111 mV | 0x3 | 1 | 200 us | 200 us (code 2) | no |");
		assertRow(reference, "| PROTECT1 | 0x93 | RSNS=1, SCD_DELAY=2, SCD_THRESH=0x3 |");
	}

	@Test
	void everyProtectionHasARowWithItsTrace() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<String> lines = emitter.emit(pack).text().lines().toList();
			for (ProtectionIr protection : pack.protections()) {
				assertTrue(lines.stream().anyMatch(l -> l.startsWith("| " + protection.index() + " | " + protection.name()
						+ " | ") && l.endsWith("| " + protection.trace() + " |")), pack.name() + " " + protection.name());
			}
		}
	}

	@Test
	void bitRuns_compressConsecutiveBitsLsbFirst() {
		assertEquals("0-15", ConfigurationSheetEmitter.bitRuns(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
		// big-endian 16 bits with start 7: LSB at 8
		assertEquals("8-15, 0-7", ConfigurationSheetEmitter.bitRuns(List.of(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
		assertEquals("3", ConfigurationSheetEmitter.bitRuns(List.of(3)));
	}

	private static void assertRow(List<String> lines, String rowStart) {
		assertTrue(lines.stream().anyMatch(l -> l.startsWith(rowStart)), () -> "no row " + rowStart + " in\n"
				+ String.join("\n", lines));
	}
}
