package org.bmsgen.dsl.ide.contentassist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bmsgen.dsl.ide.IdeTestAccess;
import org.eclipse.lsp4j.CompletionItem;
import org.junit.jupiter.api.Test;

/**
 * Completion at places of the reference model, as the server computes it. Expected values come from the
 * grammar (keywords), the model (its states, its imported cell) and the bq769x0 tables of DS 8.5 (PROTECT1/2:
 * OCD 17..100 mV and SCD 44..200 mV with RSNS=1; delays), worked out by hand for the 1 mOhm shunt.
 */
class CompletionTest {

	private static final String REFERENCE = IdeTestAccess.referenceModel();

	/** The reference model with the cursor put in place of a piece of it. */
	private static List<CompletionItem> completeAt(String piece, String typed) {
		int at = REFERENCE.indexOf(piece);
		if (at < 0 || REFERENCE.indexOf(piece, at + 1) >= 0) {
			throw new IllegalArgumentException("'" + piece + "' is not in the model exactly once");
		}
		return IdeTestAccess.complete(REFERENCE.substring(0, at) + typed + IdeTestAccess.CURSOR + REFERENCE.substring(at + piece.length()));
	}

	private static Set<String> labels(List<CompletionItem> items) {
		return new TreeSet<>(IdeTestAccess.labels(items));
	}

	private static CompletionItem item(List<CompletionItem> items, String label) {
		return items.stream().filter(i -> i.getLabel().equals(label)).findFirst()
				.orElseThrow(() -> new AssertionError("no '" + label + "' among " + labels(items)));
	}

	@Test
	void statesAfterTheArrow() {
		Set<String> labels = labels(completeAt("on ship-mode -> Ship", "on ship-mode -> "));
		assertTrue(labels.containsAll(Set.of("Init", "Standby", "Charging", "Discharging", "Fault", "Ship")), labels.toString());
	}

	@Test
	void statesAfterTheArrowByPrefix() {
		Set<String> labels = labels(completeAt("on ship-mode -> Ship", "on ship-mode -> S"));
		assertTrue(labels.containsAll(Set.of("Standby", "Ship")), labels.toString());
		assertFalse(labels.contains("Fault"), labels.toString());
	}

	@Test
	void theCellTypeOfTheImportedFile() {
		Set<String> labels = labels(completeAt("cells 4S3P NCR18650PF", "cells 4S3P "));
		assertTrue(labels.contains("NCR18650PF"), labels.toString());
	}

	@Test
	void eventsAfterOn() {
		Set<String> labels = labels(completeAt("on ship-mode -> Ship", "on "));
		assertTrue(labels.containsAll(Set.of("afe-ready", "clear-faults", "ship-mode", "wake")), labels.toString());
	}

	@Test
	void messagesAfterSend() {
		String model = REFERENCE.replace("entry log event enter ship-mode", "entry send <|>");
		Set<String> labels = new TreeSet<>(IdeTestAccess.labels(IdeTestAccess.complete(model)));
		assertTrue(labels.containsAll(Set.of("PackStatus", "CellVoltages", "Faults")), labels.toString());
	}

	@Test
	void protectionsAfterFault() {
		Set<String> labels = labels(completeAt("from fault cellOvervoltage", "from fault "));
		assertTrue(labels.containsAll(Set.of("cellOvervoltage", "cellUndervoltage", "dischargeOvercurrent",
				"dischargeShortCircuit", "chargeOvertemperature")), labels.toString());
	}

	@Test
	void machinesAfterStateOf() {
		Set<String> labels = labels(completeAt("signal state 40|4 unsigned scale 1 from state of Control", "signal state 40|4 unsigned scale 1 from state of "));
		assertTrue(labels.contains("Control"), labels.toString());
	}

	@Test
	void onlyTimeUnitsAfterAPeriod() {
		Set<String> labels = labels(completeAt("period 250 ms", "period 250 "));
		assertTrue(labels.containsAll(Set.of("ms", "s", "us", "min", "h", "d")), labels.toString());
		for (String other : List.of("V", "mV", "A", "mA", "Ohm", "mOhm", "degC", "%", "B", "Hz", "baud")) {
			assertFalse(labels.contains(other), other + " offered for a period: " + labels);
		}
	}

	@Test
	void aUnitBeingTypedIsCompletedWithinItsDimension() {
		Set<String> labels = labels(completeAt("period 250 ms", "period 250 m"));
		assertTrue(labels.containsAll(Set.of("ms", "min")), labels.toString());
		assertFalse(labels.contains("mV") || labels.contains("mA") || labels.contains("mOhm"), labels.toString());
	}

	@Test
	void importsProposeTheModelFilesBesideTheModel() {
		Set<String> labels = labels(completeAt("import \"cells/panasonic-ncr18650pf.bms\"", "import "));
		assertTrue(labels.containsAll(Set.of("\"cells/panasonic-ncr18650pf.bms\"", "\"cells/a123-anr26650m1b.bms\"",
				"\"smart4s.bms\"")), labels.toString());
	}

	@Test
	void onlyResistanceUnitsAfterAShunt() {
		Set<String> labels = labels(completeAt("shunt 1 mOhm", "shunt 1 "));
		assertTrue(labels.containsAll(Set.of("Ohm", "mOhm", "uOhm", "kOhm")), labels.toString());
		assertFalse(labels.contains("mV") || labels.contains("ms") || labels.contains("mA"), labels.toString());
	}

	@Test
	void currentUnitsAfterAnOvercurrentLevelAndTemperatureUnitsAfterAnOvertemperature() {
		Set<String> current = labels(completeAt("overcurrent above 56 A", "overcurrent above 56 "));
		assertTrue(current.containsAll(Set.of("A", "mA")), current.toString());
		assertFalse(current.contains("V") || current.contains("degC"), current.toString());
		Set<String> temperature = labels(completeAt("fet overtemperature above 90 degC", "fet overtemperature above 90 "));
		assertTrue(temperature.containsAll(Set.of("degC", "K")), temperature.toString());
		assertFalse(temperature.contains("A") || temperature.contains("V"), temperature.toString());
	}

	@Test
	void ocdThresholdsForTheShuntAndTheRsnsTheShortCircuitNeeds() {
		// SCD 111 A x 1 mOhm = 111 mV exists only in the RSNS=1 table (44..200 mV), so OCD must use RSNS=1:
		// 17, 22, 28, 33, 39, 44, 50, 56, 61, 67, 72, 78, 83, 89, 94, 100 mV = the same number of amperes
		List<CompletionItem> items = completeAt("overcurrent above 56 A", "overcurrent above ");
		Set<String> expected = Set.of("17 A", "22 A", "28 A", "33 A", "39 A", "44 A", "50 A", "56 A", "61 A", "67 A", "72 A",
				"78 A", "83 A", "89 A", "94 A", "100 A");
		Set<String> amps = labels(items).stream().filter(l -> l.endsWith(" A")).collect(Collectors.toCollection(TreeSet::new));
		assertEquals(new TreeSet<>(expected), amps);
		CompletionItem step = item(items, "56 A");
		assertTrue(step.getDetail().contains("OCD_THRESH 0x7") && step.getDetail().contains("RSNS=1"), step.getDetail());
	}

	@Test
	void ocdThresholdsOfBothRangesWithoutAnAfeShortCircuit() {
		String model = REFERENCE.replace("for 200 us latch severity permanent by afe", "for 200 us latch severity permanent by firmware")
				.replace("overcurrent above 56 A", "overcurrent above <|>");
		Set<String> labels = new TreeSet<>(IdeTestAccess.labels(IdeTestAccess.complete(model)));
		// RSNS=0 adds 8, 11, 14, 19, 25, 31, 36, 42, 47 mV (17, 22, 28, 33, 39, 44, 50 are in both tables)
		assertTrue(labels.containsAll(Set.of("8 A", "11 A", "14 A", "19 A", "47 A", "56 A", "100 A")), labels.toString());
	}

	@Test
	void scdThresholdsForAHalfMilliohmShunt() {
		// 0.5 mOhm: SCD RSNS=1 entries 44..200 mV = 88..400 A; OCD 56 A = 28 mV fits both ranges, so both are offered
		String model = REFERENCE.replace("shunt 1 mOhm", "shunt 0.5 mOhm").replace("short-circuit above 111 A",
				"short-circuit above <|>");
		List<CompletionItem> items = IdeTestAccess.complete(model);
		Set<String> labels = labels(items);
		assertTrue(labels.containsAll(Set.of("44 A", "88 A", "222 A", "400 A")), labels.toString());
		assertTrue(item(items, "400 A").getDetail().contains("SCD_THRESH 0x7, RSNS=1"), item(items, "400 A").getDetail());
	}

	@Test
	void delaysOfTheAfeTables() {
		Set<String> ocd = labels(completeAt("for 640 ms recover", "for "));
		assertTrue(ocd.containsAll(Set.of("8 ms", "20 ms", "40 ms", "80 ms", "160 ms", "320 ms", "640 ms", "1280 ms")),
				ocd.toString());
		Set<String> ov = labels(completeAt("above 4.20 V for 2 s", "above 4.20 V for "));
		assertTrue(ov.containsAll(Set.of("1 s", "2 s", "4 s", "8 s")), ov.toString());
		assertFalse(ov.contains("640 ms"), ov.toString());
	}

	@Test
	void overvoltageLevelProposesTheCellsMaximum() {
		List<CompletionItem> items = completeAt("cell overvoltage above 4.20 V", "cell overvoltage above ");
		CompletionItem maximum = item(items, "4.2 V");
		assertTrue(maximum.getDetail().contains("NCR18650PF") && maximum.getDetail().contains("OV_TRIP"),
				maximum.getDetail());
	}

	@Test
	void noCurrentTableForTheRelease() {
		Set<String> labels = labels(completeAt("release below 4.10 V", "release below "));
		assertFalse(labels.contains("4.2 V"), labels.toString());
	}
}
