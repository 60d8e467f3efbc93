package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.SourceText;
import org.bmsgen.dsl.validation.IssueCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, refusing models with errors, and lowering written variants of the reference pack. */
class LoadedPacksTest {

	@TempDir
	Path dir;

	private Path variant(String name, String body) throws IOException {
		String base = Models.root().resolve("smart4s.bms").toUri().toString();
		Path file = dir.resolve(name + ".bms");
		Files.writeString(file, "import \"" + base + "\"\n" + "pack " + name + " extends Smart4S {\n" + body + "\n}\n");
		return file;
	}

	@Test
	void modelWithError_isRefusedWithItsDiagnostic() throws IOException {
		Path file = variant("Broken", "\tprotection {\n\t\tcell overvoltage above 4.20 V for 3 s release below 4.10 V by afe\n\t}");
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(file));
		assertTrue(loaded.hasErrors());
		LoadedPacks.Result result = loaded.ir("Broken");
		assertFalse(result.succeeded());
		assertNull(result.ir());
		Diagnostic error = result.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
		assertEquals("Broken.bms", error.path());
		assertEquals(4, error.line());
		assertEquals(IssueCodes.AFE_DELAY_UNSUPPORTED, error.code());
		assertTrue(error.message().contains("3 s"), error.message());
	}

	@Test
	void missingFileAndUnknownPack_areDiagnosticsNotExceptions() {
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(dir.resolve("nothing.bms")));
		assertTrue(loaded.hasErrors());
		assertEquals("nothing.bms", loaded.errors().get(0).path());
		LoadedPacks.Result unknown = LoadedPacks.load(Models.root(), List.of(Models.root().resolve("smart4s.bms")))
				.ir("NoSuchPack");
		assertFalse(unknown.succeeded());
		assertTrue(unknown.diagnostics().get(unknown.diagnostics().size() - 1).message().contains("Smart4S"));
	}

	@Test
	void unreadableFiles_givenOrImported_areDiagnosticsOfTheSharedSafeReading() throws IOException {
		Path empty = dir.resolve("Empty.bms");
		Files.write(empty, new byte[0]);
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(empty));
		assertTrue(loaded.hasErrors());
		assertEquals("Empty.bms", loaded.errors().get(0).path());
		assertEquals(SourceText.CODE_EMPTY, loaded.errors().get(0).code());

		Files.write(dir.resolve("cells.bms"), new byte[] { 'c', 'e', 'l', 'l', 0, 1, 2 });
		Path importer = dir.resolve("Importer.bms");
		Files.writeString(importer, "import \"cells.bms\"\npack P { }\n");
		LoadedPacks.Result result = LoadedPacks.load(dir, List.of(importer)).ir("P");
		assertFalse(result.succeeded());
		assertTrue(result.diagnostics().stream()
				.anyMatch(d -> d.isError() && "cells.bms".equals(d.path()) && SourceText.CODE_BINARY.equals(d.code())),
				() -> result.diagnostics().toString());
	}

	@Test
	void quantisedOcd_buildsWithProgrammedBelowModelled() throws IOException {
		Path file = variant("Quantised", "\tprotection {\n"
				+ "\t\tdischarge overcurrent above 60 A for 600 ms recover after 30 s by afe\n\t}");
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(file));
		assertFalse(loaded.hasErrors(), () -> loaded.errors().toString());
		PackIr ir = loaded.ir("Quantised").ir();
		AfeIr.CurrentLimit ocd = ir.afe().dischargeOvercurrent();
		// 60 mV at 1 mOhm lies between the RSNS=1 entries 56 and 61 mV: the step not above it is 56 (code 7)
		assertEquals(60_000, ocd.modelledMa());
		assertEquals(56_000, ocd.programmedMa());
		assertEquals(ReferencePackIrTest.indexOf(ReferencePackIrTest.OCD_MV_RSNS1, 56), ocd.code());
		assertTrue(ocd.quantised());
		// 600 ms between 320 and 640 ms: the delay not longer than modelled is 320 ms
		assertEquals(ReferencePackIrTest.indexOf(ReferencePackIrTest.OCD_DELAY_MS, 320), ocd.delayCode());
		assertEquals(600_000, ocd.modelledDelayUs());
		assertEquals(320_000, ocd.programmedDelayUs());
		assertTrue(loaded.diagnostics().stream().anyMatch(d -> !d.isError()), "the quantisation is warned about");
	}

	@Test
	void transitions_higherPriorityFirstThenModelOrder_andSendOperand() throws IOException {
		Path file = variant("Prioritised", """
					statemachine Control {
						initial Init
						state Init {
							entry configure afe
							on afe-ready -> Standby
						}
						state Standby {
							entry disable charge, discharge send Faults
							when current above 0.2 A -> Charging
							when current above 0.5 A priority 2 -> Discharging
							on ship-mode -> Init
							when current below -0.2 A priority 1 -> Discharging
						}
						state Charging {
							when current below 0.05 A after 1 s -> Standby
						}
						state Discharging {
							when current above -0.05 A after 100 ms -> Standby
						}
						state Fault {
							entry disable charge, discharge log event overcurrent
							on clear-faults when not fault-active -> Standby
						}
						on any warning -> Fault
					}""");
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(file));
		assertFalse(loaded.hasErrors(), () -> loaded.errors().toString());
		StateMachineIr machine = loaded.ir("Prioritised").ir().stateMachine("Control");
		StateMachineIr.State standby = machine.states().get(1);
		// written order 0..3 with priorities 0, 2, 0, 1: run order 1 (p2), 3 (p1), 0, 2
		assertEquals(List.of(1, 3, 0, 2), standby.transitions().stream().map(StateMachineIr.Transition::modelOrder).toList());
		assertEquals(List.of(2, 1, 0, 0), standby.transitions().stream().map(StateMachineIr.Transition::priority).toList());
		StateMachineIr.Action send = standby.entry().get(1);
		assertEquals(StateMachineIr.ActionCode.SEND_CAN_MESSAGE, send.code());
		assertEquals("Faults", send.operandName());
		assertEquals(2, send.operand(), "Faults is the third message of the reference pack");
		// 1 s and 100 ms at 250 ms: ceil -> 4 and 1 periods
		assertEquals(4, machine.states().get(2).transitions().get(0).timeoutPeriods());
		assertEquals(1, machine.states().get(3).transitions().get(0).timeoutPeriods());
		assertEquals(ProtectionIr.Severity.WARNING, machine.faultReaction().minimumSeverity());
		assertEquals(4, machine.faultReaction().target());
		assertEquals("Prioritised.bms", machine.trace().file());
		StateMachineIr.Action log = machine.states().get(4).entry().get(1);
		assertEquals(StateMachineIr.ActionCode.LOG_EVENT, log.code());
		assertEquals(1, log.operand());
		assertEquals(List.of(new LogLayoutIr.EventCode(1, "overcurrent")), loaded.ir("Prioritised").ir().log().eventCodes());
	}

	@Test
	void canSignal_bigEndianPositionsAndNegativeOffset() throws IOException {
		Path file = variant("BigEndian", """
					can message Extra id 0x200 every 500 ms {
						signal voltage 7|16 big-endian unsigned scale 1 mV from pack-voltage
						signal temperature 16|8 unsigned scale 1 degC offset -40 degC from min-temperature
						signal cell2 24|16 unsigned scale 0.0001 V from max-cell
					}""");
		LoadedPacks loaded = LoadedPacks.load(dir, List.of(file));
		assertFalse(loaded.hasErrors(), () -> loaded.errors().toString());
		CanIr.Message extra = loaded.ir("BigEndian").ir().can().messages().get(3);
		assertEquals("Extra", extra.name());
		// Motorola 7|16 (DBC): MSB at bit 7 running down to bit 0 of byte 0, then bit 15 down to 8 of byte 1
		List<Integer> expected = new java.util.ArrayList<>();
		for (int bit = 8; bit <= 15; bit++) {
			expected.add(bit);
		}
		for (int bit = 0; bit <= 7; bit++) {
			expected.add(bit);
		}
		CanIr.Signal voltage = extra.signals().get(0);
		assertTrue(voltage.bigEndian());
		assertEquals(expected, voltage.bitPositions());
		CanIr.Signal temperature = extra.signals().get(1);
		assertEquals(new Rational(100, 1), temperature.scale());
		assertEquals(new Rational(-4000, 1), temperature.offset(), "-40 degC in 0.01 degC");
		assertEquals(new Rational(1, 10), extra.signals().get(2).scale(), "0.1 mV per bit");
		assertEquals(8, extra.lengthBytes());
		assertEquals(500, extra.periodMs());
	}
}
