package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.junit.jupiter.api.Test;

class ProtectionTableEmitterTest {

	private final ProtectionTableEmitter emitter = new ProtectionTableEmitter();

	@Test
	void referencePack_compilesForJava7_andMatchesGolden() {
		GeneratedSource source = emitter.emit(TestModels.reference());
		assertEquals("org/bmsgen/firmware/smart4s/stm32/ProtectionTable.java", source.relativePath());
		FirmwareCompiler.compile("protection-table", List.of(source));
		Golden.assertMatches("firmware/Smart4S/ProtectionTable.java", source.text());
	}

	@Test
	void everyPack_compiledTablesEqualTheIr() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<ProtectionIr> rows = pack.protections();
			GeneratedSource source = emitter.emit(pack);
			Path classes = FirmwareCompiler.compile("protections-" + pack.name(), List.of(source));
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				Class<?> type = loader.loadClass(source.qualifiedName());
				String where = pack.name() + " ";
				assertEquals(rows.size(), type.getField("COUNT").getInt(null), where + "COUNT");
				int n = rows.size();
				int[] faultBit = new int[n];
				byte[] direction = new byte[n];
				int[] trip = new int[n];
				int[] delay = new int[n];
				boolean[] hasRelease = new boolean[n];
				int[] release = new int[n];
				byte[] recovery = new byte[n];
				int[] recoverAfter = new int[n];
				byte[] severity = new byte[n];
				byte above = type.getField("DIRECTION_ABOVE").getByte(null);
				byte below = type.getField("DIRECTION_BELOW").getByte(null);
				byte none = type.getField("DIRECTION_NONE").getByte(null);
				for (int row = 0; row < n; row++) {
					ProtectionIr p = rows.get(row);
					assertEquals(row, type.getField(ProtectionTableEmitter.constantName(p.name())).getInt(null), where
							+ p.name());
					faultBit[row] = p.index();
					direction[row] = p.trip() == null ? none : p.trip().direction() == Direction.ABOVE ? above : below;
					trip[row] = p.trip() == null ? 0 : (int) p.trip().level().value();
					delay[row] = p.delayPeriods();
					hasRelease[row] = p.release() != null;
					release[row] = p.release() == null ? 0 : (int) p.release().value();
					recovery[row] = type.getField("RECOVERY_" + p.recovery().name()).getByte(null);
					recoverAfter[row] = p.recoverAfterPeriods();
					severity[row] = type.getField("SEVERITY_" + p.severity().name()).getByte(null);
				}
				assertArrayEquals(faultBit, (int[]) type.getField("FAULT_BIT").get(null), where + "FAULT_BIT");
				assertArrayEquals(direction, (byte[]) type.getField("TRIP_DIRECTION").get(null), where + "direction");
				assertArrayEquals(trip, (int[]) type.getField("TRIP_LEVEL").get(null), where + "TRIP_LEVEL");
				assertArrayEquals(delay, (int[]) type.getField("DELAY_PERIODS").get(null), where + "DELAY_PERIODS");
				assertArrayEquals(hasRelease, (boolean[]) type.getField("HAS_RELEASE").get(null), where + "HAS_RELEASE");
				assertArrayEquals(release, (int[]) type.getField("RELEASE_LEVEL").get(null), where + "RELEASE_LEVEL");
				assertArrayEquals(recovery, (byte[]) type.getField("RECOVERY").get(null), where + "RECOVERY");
				assertArrayEquals(recoverAfter, (int[]) type.getField("RECOVER_AFTER_PERIODS").get(null), where);
				assertArrayEquals(severity, (byte[]) type.getField("SEVERITY").get(null), where + "SEVERITY");
			}
		}
	}

	@Test
	void referencePack_rowsAreAllProtectionsWithScaledLevels() throws Exception {
		GeneratedSource source = emitter.emit(TestModels.reference());
		try (URLClassLoader loader = FirmwareCompiler.loader(FirmwareCompiler.compile("protections-ref", List.of(source)))) {
			Class<?> type = loader.loadClass(source.qualifiedName());
			// smart4s.bms:41..70: 17 protections, 4 by afe; packOvervoltage is the third, fault bit 2
			assertEquals(17, type.getField("COUNT").getInt(null));
			int row = type.getField("PACK_OVERVOLTAGE").getInt(null);
			assertEquals(2, row);
			assertEquals(2, ((int[]) type.getField("FAULT_BIT").get(null))[row]);
			assertEquals(16800, ((int[]) type.getField("TRIP_LEVEL").get(null))[row]); // 16.80 V in mV
			assertEquals(4, ((int[]) type.getField("DELAY_PERIODS").get(null))[row]); // 1 s / 250 ms
			int temperature = type.getField("DISCHARGE_UNDERTEMPERATURE").getInt(null);
			assertEquals(-2000, ((int[]) type.getField("TRIP_LEVEL").get(null))[temperature]); // -20 degC in 0.01 degC
			assertEquals(-1500, ((int[]) type.getField("RELEASE_LEVEL").get(null))[temperature]);
			int commLoss = type.getField("AFE_COMMUNICATION_LOSS").getInt(null);
			assertEquals(type.getField("DIRECTION_NONE").getByte(null),
					((byte[]) type.getField("TRIP_DIRECTION").get(null))[commLoss]);
			assertEquals(20, ((int[]) type.getField("RECOVER_AFTER_PERIODS").get(null))[commLoss]); // 5 s
			// the stuck-FET row: 250 mA through a held-open FET, both FETs forbidden
			int stuck = type.getField("FET_PLAUSIBILITY").getInt(null);
			assertEquals(16, stuck);
			assertEquals(type.getField("WATCHED_CURRENT_THROUGH_OPEN_FET").getByte(null),
					((byte[]) type.getField("WATCHED").get(null))[stuck]);
			assertEquals(250, ((int[]) type.getField("TRIP_LEVEL").get(null))[stuck]);
			assertEquals(3, ((int[]) type.getField("FORBIDDEN_FETS").get(null))[stuck]);
			// warning above 4.18 V (smart4s.bms:41)
			int ov = type.getField("CELL_OVERVOLTAGE").getInt(null);
			assertEquals(true, ((boolean[]) type.getField("HAS_WARNING").get(null))[ov]);
			assertEquals(4180, ((int[]) type.getField("WARNING_LEVEL").get(null))[ov]);
			// DS 8.5 SYS_STAT: OCD b0, SCD b1, OV b2, UV b3; firmware rows have none
			int[] status = (int[]) type.getField("AFE_STATUS_BIT").get(null);
			boolean[] byAfe = (boolean[]) type.getField("ENFORCED_BY_AFE").get(null);
			assertEquals(0x04, status[ov]);
			assertEquals(0x08, status[type.getField("CELL_UNDERVOLTAGE").getInt(null)]);
			assertEquals(0x01, status[type.getField("DISCHARGE_OVERCURRENT").getInt(null)]);
			assertEquals(0x02, status[type.getField("DISCHARGE_SHORT_CIRCUIT").getInt(null)]);
			assertEquals(0, status[row]);
			assertEquals(true, byAfe[ov]);
			assertEquals(false, byAfe[row]);
			assertEquals(0x04, type.getField("SYS_STAT_OV").getInt(null));
			assertEquals(0x80, type.getField("SYS_STAT_CC_READY").getInt(null));
			// FETs by hand: 1 charge, 2 discharge
			int[] fets = (int[]) type.getField("FORBIDDEN_FETS").get(null);
			assertEquals(1, fets[ov]);
			assertEquals(1, fets[row]);
			assertEquals(1, fets[type.getField("CHARGE_OVERCURRENT").getInt(null)]);
			assertEquals(1, fets[type.getField("CHARGE_UNDERTEMPERATURE").getInt(null)]);
			assertEquals(2, fets[type.getField("PACK_UNDERVOLTAGE").getInt(null)]);
			assertEquals(2, fets[type.getField("DISCHARGE_SHORT_CIRCUIT").getInt(null)]);
			assertEquals(2, fets[type.getField("DISCHARGE_OVERTEMPERATURE").getInt(null)]);
			assertEquals(3, fets[type.getField("FET_OVERTEMPERATURE").getInt(null)]);
			assertEquals(3, fets[commLoss]);
			assertEquals(0, fets[type.getField("CELL_IMBALANCE").getInt(null)]); // severity warning
			boolean[] whileCharging = (boolean[]) type.getField("ONLY_WHILE_CHARGING").get(null);
			assertEquals(true, whileCharging[type.getField("CHARGE_OVERTEMPERATURE").getInt(null)]);
			assertEquals(false, whileCharging[type.getField("DISCHARGE_OVERTEMPERATURE").getInt(null)]);
			byte[] watched = (byte[]) type.getField("WATCHED").get(null);
			assertEquals(type.getField("WATCHED_DISCHARGE_CURRENT").getByte(null),
					watched[type.getField("DISCHARGE_SHORT_CIRCUIT").getInt(null)]);
			assertEquals(type.getField("WATCHED_MIN_CELL").getByte(null),
					watched[type.getField("CELL_OPEN_WIRE").getInt(null)]);
		}
	}

	@Test
	void constantName_splitsCamelCase() {
		assertEquals("CELL_OVERVOLTAGE", ProtectionTableEmitter.constantName("cellOvervoltage"));
		assertEquals("AFE_COMMUNICATION_LOSS", ProtectionTableEmitter.constantName("afeCommunicationLoss"));
	}
}
