package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.CellIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;

/**
 * The board-level part of {@code ProtectionHarnessTest}: an AFE-enforced protection on the pack's simulated board
 * ({@code SimulatedPack}, both firmwares running), where the register-exact BQ769x0 applies what the firmware
 * programmed. Cell limits: one cell's sense input held just inside the programmed threshold for the delay and a
 * second (no trip), then just outside: SYS_STAT's bit no earlier than the programmed delay and no later than the
 * delay plus one ADC conversion cycle (the chip compares each 250 ms conversion, DS 8.3.1.1), the chip's FET open
 * (DS Table 8-1: OV clears CHG_ON, UV DSG_ON), the firmware's fault bit within two control periods. Discharge
 * current limits: a load 10 % below the programmed level (no trip), then 10 % (OCD) or 20 % (SCD) above it: the bit
 * no earlier than the programmed delay, no later than the delay plus the simulation's granularity (plant step and
 * shunt sample), DSG_ON cleared (DS Table 8-1).
 */
final class AfeBoardHarness {

	private static final ClassName SIM_BOARD = ClassName.get("org.bmsgen.sim.board", "SimBoard");
	private static final ClassName PACK_LOAD = ClassName.get("org.bmsgen.sim.plant", "PackLoad");
	private static final ClassName CHIP = ClassName.get("org.bmsgen.sim.afe", "Bq769x0");

	/** SYS_CTRL2 (0x05) FET bits, DS 8.5: CHG_ON b0, DSG_ON b1. */
	private static final int CHG_ON = 0x01;
	private static final int DSG_ON = 0x02;
	private static final long SEED = 5;

	private AfeBoardHarness() {
	}

	static MethodSpec test(PackIr pack, ProtectionIr protection, ClassName coverage) {
		AfeIr afe = pack.afe();
		ClassName simulated = HarnessSources.harness(pack, "SimulatedPack");
		int sysStat = ProtectionHarnessEmitter.sysStatBit(protection);
		if (sysStat == 0) {
			return null;
		}
		MethodSpec.Builder method = MethodSpec.methodBuilder(protection.name() + "_tripsInTheSimulatedChip")
				.addAnnotation(HarnessSources.TEST).addException(Exception.class);
		boolean cellLimit = "cellOvervoltage".equals(protection.name()) || "cellUndervoltage".equals(protection.name());
		if (cellLimit) {
			AfeIr.VoltageLimit limit = "cellOvervoltage".equals(protection.name()) ? afe.cellOvervoltage()
					: afe.cellUndervoltage();
			if (limit == null) {
				return null;
			}
			boolean over = "cellOvervoltage".equals(protection.name());
			// OV_TRIP never above the modelled level (HIGHEST_NOT_ABOVE), UV_TRIP never below it: 25 mV past the
			// modelled level trips for every trim; 25 mV inside the programmed range over every trim never does
			double outsideV = (limit.modelledMv() + (over ? 25 : -25)) / 1000.0;
			double insideV = over ? (limit.programmedMinUv() - 25_000) / 1e6 : (limit.programmedMaxUv() + 25_000) / 1e6;
			// start the cells 100 mV inside the modelled level, so the stuck reading stays plausible against BAT
			double startSoc = socAt(pack.cell(), limit.modelledMv() + (over ? -100 : 100));
			long delayUs = limit.delayS() * 1_000_000L;
			int fetBit = over ? CHG_ON : DSG_ON;
			int cell = pack.cell().seriesCells();
			method.addJavadoc("$L in the simulated BQ769x0: cell $L's input stuck at $L V (inside every trim's programmed"
					+ " threshold) holds no fault,\nat $L V (past the modelled $L mV) SYS_STAT $L after the programmed"
					+ " $L s, within one conversion cycle; the chip's\n$L open.\n$L\n", protection.name(), cell,
					insideV, outsideV, limit.modelledMv(), SourceFiles.hex(sysStat), limit.delayS(),
					over ? "CHG FET" : "DSG FET", SourceFiles.traceLine(limit.trace()))
					.addComment("Model: $L; programmed: $L_DELAY $L s (PROTECT3, DS 8.5), threshold $L..$L uV over"
							+ " every trim (DS 9.2)", protection.trace(), over ? "OV" : "UV", limit.delayS(),
							limit.programmedMinUv(), limit.programmedMaxUv())
					.addStatement("$T pack = new $T($T.boardBuilder($LL).pack($T.pack($LL).withInitialSoc($L)))",
							simulated, simulated, simulated, SEED, simulated, SEED, startSoc)
					.addStatement("pack.powerOn()").addStatement("pack.advanceSeconds(3)")
					.addStatement("$T board = pack.board()", SIM_BOARD)
					.addStatement("assertEquals(0, board.afe().peekRegister(0x00) & 0x0F, $S)", "no AFE fault at"
							+ " start")
					.addStatement("assertEquals($L, board.afe().peekRegister(0x05) & $L, $S)", fetBit, fetBit,
							"the FET this limit opens is on before")
					.addStatement("board.plant().setSenseStuck($L, $L)", cell, insideV)
					.addStatement("board.advance($LL)", delayUs + 1_000_000L)
					.addStatement("assertEquals(0, board.afe().peekRegister(0x00) & $L, $S)", SourceFiles.hex(sysStat),
							"tripped inside the programmed threshold")
					.addStatement("board.plant().setSenseStuck($L, $L)", cell, outsideV);
			timing(method, sysStat, delayUs, "$T.ADC_PERIOD_MICROS", CHIP, null, 10_000L);
			method.addStatement("assertEquals(0, board.afe().peekRegister(0x05) & $L, $S)", fetBit,
					(over ? "OV clears CHG_ON" : "UV clears DSG_ON") + " (DS Table 8-1)");
		} else {
			AfeIr.CurrentLimit limit = "dischargeOvercurrent".equals(protection.name()) ? afe.dischargeOvercurrent()
					: afe.dischargeShortCircuit();
			if (limit == null) {
				return null;
			}
			boolean shortCircuit = "dischargeShortCircuit".equals(protection.name());
			double insideA = limit.programmedMa() * 0.9 / 1000.0;
			double outsideA = limit.programmedMa() * (shortCircuit ? 1.2 : 1.1) / 1000.0;
			long insideHoldUs = limit.programmedDelayUs() + (shortCircuit ? 50_000L : 500_000L);
			long pollUs = shortCircuit ? 100L : 1_000L;
			method.addJavadoc("$L in the simulated BQ769x0: a $L A load (10 % under the programmed $L mA) holds no"
					+ " fault, a $L A load\ntrips SYS_STAT $L after the programmed $L us; the chip opens the DSG"
					+ " FET.\n$L\n", protection.name(), insideA, limit.programmedMa(), outsideA,
					SourceFiles.hex(sysStat), limit.programmedDelayUs(), SourceFiles.traceLine(limit.trace()))
					.addComment("Model: $L; programmed: code $L = $L mV over the shunt = $L mA, delay code $L = $L us"
							+ " (PROTECT$L, DS 8.5)", protection.trace(), limit.code(), limit.programmedShuntMv(),
							limit.programmedMa(), limit.delayCode(), limit.programmedDelayUs(), shortCircuit ? 1 : 2)
					.addStatement("$T pack = new $T($LL)", simulated, simulated, SEED)
					.addStatement("pack.powerOn()").addStatement("pack.advanceSeconds(3)")
					.addStatement("$T board = pack.board()", SIM_BOARD)
					.addStatement("assertEquals(0, board.afe().peekRegister(0x00) & 0x0F, $S)", "no AFE fault at"
							+ " start")
					.addStatement("assertEquals($L, board.afe().peekRegister(0x05) & $L, $S)", DSG_ON, DSG_ON,
							"the DSG FET is on before")
					.addStatement("board.setLoad($T.constantCurrent(-$L))", PACK_LOAD, insideA)
					.addStatement("board.advance($LL)", insideHoldUs)
					.addStatement("assertEquals(0, board.afe().peekRegister(0x00) & $L, $S)", SourceFiles.hex(sysStat),
							"tripped under the programmed level")
					.addStatement("board.setLoad($T.constantCurrent(-$L))", PACK_LOAD, outsideA);
			timing(method, sysStat, limit.programmedDelayUs(),
					"$T.pack($LL).stepMicros() + $T.afe($LL).shuntSamplePeriodMicros()", null, simulated, pollUs);
			method.addStatement("assertEquals(0, board.afe().peekRegister(0x05) & $L, $S)", DSG_ON,
					"OCD and SCD clear DSG_ON (DS Table 8-1)");
		}
		method.addStatement("pack.advanceSeconds($L)", 2.0 * pack.control().periodMs() / 1000.0)
				.addStatement("assertTrue((pack.stm32().state().faultWord & (1 << $L)) != 0, $S)", protection.index(),
						"the firmware reports the chip's trip within two control periods")
				.addStatement("$T.exercised($T.AFE_COMPARATORS, $S)", coverage, coverage,
						ModelCoverageEmitter.protection(protection));
		return method.build();
	}

	/** Polls SYS_STAT from now: the bit no earlier than {@code delayUs}, no later than the delay plus the tolerance. */
	private static void timing(MethodSpec.Builder method, int sysStat, long delayUs, String toleranceFormat,
			ClassName chip, ClassName simulated, long pollUs) {
		method.addStatement("long start = board.nowMicros()");
		if (chip != null) {
			method.addStatement("long toleranceUs = " + toleranceFormat, chip);
		} else {
			method.addStatement("long toleranceUs = " + toleranceFormat, simulated, SEED, simulated, SEED);
		}
		method.beginControlFlow("while ((board.afe().peekRegister(0x00) & $L) == 0 && board.nowMicros() - start <= $LL"
				+ " + toleranceUs + $LL)", SourceFiles.hex(sysStat), delayUs, pollUs)
				.addStatement("board.advance($LL)", pollUs).endControlFlow()
				.addStatement("long elapsedUs = board.nowMicros() - start")
				.addStatement("assertTrue((board.afe().peekRegister(0x00) & $L) != 0, $S)", SourceFiles.hex(sysStat),
						"the chip never tripped")
				.addStatement("assertTrue(elapsedUs >= $LL, $S + elapsedUs)", delayUs, "tripped before the programmed"
						+ " delay of " + delayUs + " us: after ")
				.addStatement("assertTrue(elapsedUs <= $LL + toleranceUs + $LL, $S + elapsedUs)", delayUs, pollUs,
						"tripped later than the delay and its tolerance: after ");
	}

	/** The SoC at which the OCV table nearest 25 degC reads {@code mv}, clamped to 5..99 % (the lowest cell of a spread pack stays clear of the UV level). */
	static double socAt(CellIr cell, int mv) {
		CellIr.OcvTable table = cell.ocvNearest(2500);
		List<Float> soc = table.soc();
		List<Float> volts = table.volts();
		double v = mv / 1000.0;
		double result = v <= volts.get(0) ? soc.get(0) : soc.get(soc.size() - 1);
		for (int i = 1; i < volts.size(); i++) {
			if (v >= volts.get(i - 1) && v <= volts.get(i)) {
				double span = volts.get(i) - volts.get(i - 1);
				double f = span == 0 ? 0 : (v - volts.get(i - 1)) / span;
				result = soc.get(i - 1) + f * (soc.get(i) - soc.get(i - 1));
				break;
			}
		}
		return Math.round(Math.max(0.05, Math.min(0.99, result)) * 1000) / 1000.0;
	}
}
