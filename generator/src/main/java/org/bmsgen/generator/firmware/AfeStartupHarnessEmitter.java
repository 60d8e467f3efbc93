package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ProtectionIr.Severity;
import org.bmsgen.generator.ir.ProtectionIr.Watched;
import org.bmsgen.generator.ir.StateMachineIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code AfeStartupHarnessTest.java}: the AFE driver's start-up (docs/firmware.md, "AFE retry / XREADY") against a
 * simulated BQ769x0 that misbehaves on purpose. Each configuration write refused (a corrupted CRC: the chip NACKs,
 * DS 8.3.1.4) fewer times than {@code MAX_ATTEMPTS} is retried and start-up succeeds; refused on every attempt,
 * {@code start()} returns the NACK and a later call succeeds. Each read of start-up with a CRC error on every
 * attempt fails with {@code STATUS_CRC_ERROR}. Each verified register that does not hold what was written (the
 * simulator's {@code flipBitsOnWrite}: the chip ACKs, only the read-back shows it) fails with
 * {@code STATUS_VERIFY_FAILED} while every transfer succeeded. A clean start-up programs the model's PROTECT1..3 and
 * OV/UV trip bytes that never trip later than modelled (DS 9.2). On the whole firmware: a register that does not hold
 * keeps the AFE unconfigured (no afe-ready, FETs open, start-up retried every period), which counts as AFE loss: the
 * communication-loss row is raised within its delay, logged, the machines in their fault state; once the register
 * holds, the row recovers as modelled and no FET goes on before the chip holds the model's protection registers. A
 * start-up write refused for good raises AFE communication loss within its delay with both FETs open. The driver's
 * {@code setBalancing}, called directly: adjacent cells and cells the pack lacks refused with nothing written,
 * every valid set in CELLBAL through the IR's channel map.
 * Needs the AFE's CRC (the refusals are CRC errors); no class for a pack without one or without a simulated board.
 */
public final class AfeStartupHarnessEmitter {

	public static final String TYPE_NAME = "AfeStartupHarnessTest";

	/** A written register of start-up, in {@code start()}'s order, and the bit a read-back fault inverts. */
	private record Written(String register, String flipBit) {
	}

	/**
	 * What {@code start()} writes, in order; {@code flipBit} is a bit the read-back compares (null: not verified,
	 * the CELLBAL and SYS_STAT writes after the check). Bits inside each register's settings (DS 8.5): ADC_EN,
	 * CC_EN, SCD_T0, OCD_T0, OV_DELAY0, the trip bytes' LSB, CC_CFG bit 0.
	 */
	private static final List<Written> VERIFIED = List.of(new Written("CC_CFG", "0x01"),
			new Written("SYS_CTRL1", "AfeConfiguration.SYS_CTRL1_ADC_EN"),
			new Written("SYS_CTRL2", "AfeConfiguration.SYS_CTRL2_CC_EN"), new Written("PROTECT1", "0x01"),
			new Written("PROTECT2", "0x01"), new Written("PROTECT3", "0x10"), new Written("OV_TRIP", "0x01"),
			new Written("UV_TRIP", "0x01"));

	/** The reads of start-up: the first answer, the trim (two reads), the configuration read back. */
	private static final List<String> READS = List.of("SYS_STAT", "ADCGAIN1", "ADCGAIN2", "SYS_CTRL1");

	public List<GeneratedSource> emit(PackIr pack) {
		AfeIr afe = pack.afe();
		if (BoardSpec.of(pack) == null || afe == null || !afe.crc()) {
			return List.of();
		}
		ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
		ClassName driver = HarnessSources.stm32(pack, "Bq76920Driver");
		ClassName configuration = HarnessSources.stm32(pack, "AfeConfiguration");
		ClassName board = ClassName.get("org.bmsgen.sim.board", "SimBoard");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName injector = ClassName.get("org.bmsgen.sim.i2c", "I2cFaultInjector");
		ClassName faults = HarnessSources.harness(pack, TYPE_NAME).nestedClass("StartupFaults");
		long periodUs = pack.control().periodMs() * 1000L;

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("Start-up of pack $L's AFE on a simulated chip that refuses writes, corrupts reads or does"
						+ " not hold a register:\nthe driver retries what may pass, fails what does not, and the"
						+ " firmware keeps the FETs open until the chip is configured,\nreporting an AFE that stays"
						+ " unconfigured as communication loss;\nand the driver's balancing writes, which refuse"
						+ " adjacent cells.\n$L\n", pack.name(),
						SourceFiles.traceLine(afe.trace()));
		type.addField(FieldSpec.builder(TypeName.LONG, "PERIOD_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$LL", periodUs).addJavadoc("The control period.\n$L\n",
						SourceFiles.traceLine(pack.control().trace())).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "SEED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("0x57A27L").build());
		type.addField(FieldSpec.builder(TypeName.LONG, "BOOT_READY_US", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).initializer("20_000L")
				.addJavadoc("Past t_BOOTREADY (10 ms, DS 8.3.1.5): the chip answers.\n").build());
		type.addType(startupFaults(injector, status));
		type.addMethod(MethodSpec.methodBuilder("bareBoard").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(board)
				.addJavadoc("The pack's board without firmware, powered and past the AFE's boot: the test drives the"
						+ " driver alone.\n")
				.addStatement("$T board = $T.boardBuilder(SEED).build()", board, simulatedPack)
				.addStatement("board.powerOn()").addStatement("board.advance(BOOT_READY_US)")
				.addStatement("return board").build());
		type.addMethod(MethodSpec.methodBuilder("withFaults").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(driver).addParameter(board, "board").addParameter(faults, "faults")
				.addStatement("board.i2cBus().setFaultInjector(faults)")
				.addStatement("return new $T(board.i2cBus())", driver).build());
		type.addMethod(MethodSpec.methodBuilder("assertFetsOpen").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(board, "board").addParameter(String.class, "when")
				.addStatement("assertFalse(board.afe().chargeFetOn(), when + \": charge FET open\")")
				.addStatement("assertFalse(board.afe().dischargeFetOn(), when + \": discharge FET open\")").build());

		type.addMethod(refusedBelowTheLimit(driver, configuration, faults));
		List<Written> writes = new ArrayList<>(VERIFIED);
		for (int group = 1; group <= groups(pack); group++) {
			writes.add(new Written("CELLBAL" + group, null));
		}
		writes.add(new Written("SYS_STAT", null));
		for (Written write : writes) {
			type.addMethod(refusedEveryAttempt(write, driver, configuration, faults, status));
		}
		for (String read : READS) {
			type.addMethod(crcErrorEveryAttempt(read, driver, configuration, faults));
		}
		type.addMethod(readBackCrcErrorsBelowTheLimit(driver, configuration, faults));
		for (Written write : VERIFIED) {
			type.addMethod(doesNotHold(write, driver, configuration, faults));
		}
		type.addMethod(programsTheModel(pack, afe, driver, configuration, simulatedPack, status));
		type.addMethod(balancingThroughTheDriver(pack, afe, driver, configuration, faults, status));
		ProtectionIr loss = null;
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.AFE_SILENCE) {
				loss = protection;
			}
		}
		if (loss != null) {
			if (pack.log() != null) {
				type.addMethod(eventLogged(pack, simulatedPack));
			}
			type.addMethod(firmwareWithARegisterThatDoesNotHold(pack, loss, simulatedPack, configuration, faults));
			type.addMethod(firmwareWithAWriteRefusedForGood(loss, simulatedPack, configuration, faults));
		} else {
			type.addMethod(firmwareWithARegisterThatDoesNotHoldAndNoLossRow(simulatedPack, configuration, faults));
		}
		return List.of(HarnessSources.file(pack, "AFE start-up harness", type.build()));
	}

	/** CELLBAL registers: one per group of five channels (DS 8.5). */
	private static int groups(PackIr pack) {
		int highest = 0;
		for (int channel : pack.afe().channels()) {
			highest = Math.max(highest, channel);
		}
		return (highest + 4) / 5;
	}

	private static TypeSpec startupFaults(ClassName injector, ClassName status) {
		return TypeSpec.classBuilder("StartupFaults").addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.addSuperinterface(injector)
				.addJavadoc("Disturbs the transfers of one register: its writes get a wrong CRC byte, which the chip"
						+ " NACKs (DS 8.3.1.4),\nor its reads get the first data byte flipped, which the driver's CRC"
						+ " check must catch; {@code times} times,\nthen it lets everything through. Counts the"
						+ " register's writes and every register write.\n")
				.addField(TypeName.INT, "register", Modifier.PRIVATE, Modifier.FINAL)
				.addField(TypeName.BOOLEAN, "reads", Modifier.PRIVATE, Modifier.FINAL)
				.addField(TypeName.INT, "remaining", Modifier.PRIVATE)
				.addField(FieldSpec.builder(TypeName.INT, "pointer", Modifier.PRIVATE).initializer("-1").build())
				.addField(TypeName.INT, "writes")
				.addField(TypeName.INT, "allWrites")
				.addField(TypeName.INT, "injected")
				.addMethod(MethodSpec.constructorBuilder().addParameter(TypeName.INT, "register")
						.addParameter(TypeName.BOOLEAN, "reads").addParameter(TypeName.INT, "times")
						.addStatement("this.register = register").addStatement("this.reads = reads")
						.addStatement("this.remaining = times").build())
				.addMethod(MethodSpec.methodBuilder("beforeTransaction").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addParameter(TypeName.INT, "address7")
						.addParameter(TypeName.BOOLEAN, "read").addStatement("return $T.OK", status).build())
				.addMethod(MethodSpec.methodBuilder("corruptWrite").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).addParameter(byte[].class, "data")
						.addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
						.addStatement("pointer = data[offset] & 0xFF")
						.beginControlFlow("if (length == 3)").addStatement("allWrites++").endControlFlow()
						.beginControlFlow("if (length == 3 && pointer == register)").addStatement("writes++")
						.beginControlFlow("if (!reads && remaining > 0)").addStatement("remaining--")
						.addStatement("injected++").addStatement("data[offset + 2] ^= 0x01").endControlFlow()
						.endControlFlow().build())
				.addMethod(MethodSpec.methodBuilder("corruptRead").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).addParameter(byte[].class, "data")
						.addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
						.beginControlFlow("if (reads && pointer == register && remaining > 0)")
						.addStatement("remaining--").addStatement("injected++")
						.addStatement("data[offset] ^= 0x01").endControlFlow().build())
				.build();
	}

	private static MethodSpec refusedBelowTheLimit(ClassName driver, ClassName configuration, ClassName faults) {
		return MethodSpec.methodBuilder("startupWrite_refusedOnAllButTheLastAttempt_retriedAndStarted")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("PROTECT1's write refused MAX_ATTEMPTS - 1 times: the driver retries within the same"
						+ " start(), which succeeds;\nthe errors are counted, the failures in a row are not.\n")
				.addStatement("var board = bareBoard()")
				.addStatement("var faults = new $T($T.PROTECT1_ADDRESS, false, $T.MAX_ATTEMPTS - 1)", faults,
						configuration, driver)
				.addStatement("var afe = withFaults(board, faults)")
				.addStatement("assertEquals(0, afe.start(), \"start() succeeds within the retries\")")
				.addStatement("assertEquals($T.MAX_ATTEMPTS, faults.writes, \"PROTECT1 written once per attempt\")",
						driver)
				.addStatement("assertEquals($T.MAX_ATTEMPTS - 1, afe.transferErrors())", driver)
				.addStatement("assertEquals(0, afe.consecutiveFailures())")
				.addStatement("assertEquals($T.PROTECT1_VALUE & $T.PROTECT1_MASK, board.afe().peekRegister($T"
						+ ".PROTECT1_ADDRESS))", configuration, configuration, configuration)
				.addStatement("assertFetsOpen(board, \"after start-up\")").build();
	}

	private static MethodSpec refusedEveryAttempt(Written write, ClassName driver, ClassName configuration,
			ClassName faults, ClassName status) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("startupWrite" + camel(write.register())
				+ "_refusedOnEveryAttempt_startFailsAndALaterStartSucceeds").addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L's write NACKed on all MAX_ATTEMPTS attempts: start() returns the chip's NACK (not a"
						+ " later step's status),\nno further attempt is made, one failure in a row is counted, the FETs"
						+ " stay open; the next start() succeeds.\n", write.register())
				.addStatement("var board = bareBoard()")
				.addStatement("var faults = new $T($T.$L_ADDRESS, false, $T.MAX_ATTEMPTS)", faults, configuration,
						write.register(), driver)
				.addStatement("var afe = withFaults(board, faults)")
				.addStatement("assertEquals($T.NACK_DATA, afe.start())", status)
				.addStatement("assertEquals($T.MAX_ATTEMPTS, faults.writes, \"attempts\")", driver)
				.addStatement("assertEquals($T.MAX_ATTEMPTS, afe.transferErrors())", driver)
				.addStatement("assertEquals(1, afe.consecutiveFailures())");
		if (write.flipBit() != null) {
			method.addStatement("assertEquals(-1, afe.ovTripCode(), \"nothing verified\")");
		}
		return method.addStatement("assertFetsOpen(board, \"after the failed start-up\")")
				.addStatement("assertEquals(0, afe.start(), \"the retry in a later period\")")
				.addStatement("assertEquals(0, afe.consecutiveFailures())").build();
	}

	private static MethodSpec crcErrorEveryAttempt(String read, ClassName driver, ClassName configuration,
			ClassName faults) {
		String what = "SYS_CTRL1".equals(read) ? "the configuration read back from SYS_CTRL1" : read;
		MethodSpec.Builder method = MethodSpec.methodBuilder("startupRead" + camel(read)
				+ "_crcErrorOnEveryAttempt_startFails").addAnnotation(HarnessSources.TEST)
				.addJavadoc("Reading $L with a CRC error on every attempt: start() returns STATUS_CRC_ERROR, no value"
						+ " of the corrupted\nread is used, the next start() succeeds.\n", what)
				.addStatement("var board = bareBoard()")
				.addStatement("var faults = new $T($T.$L_ADDRESS, true, $T.MAX_ATTEMPTS)", faults, configuration,
						read, driver)
				.addStatement("var afe = withFaults(board, faults)")
				.addStatement("assertEquals($T.STATUS_CRC_ERROR, afe.start())", driver)
				.addStatement("assertEquals($T.MAX_ATTEMPTS, faults.injected)", driver)
				.addStatement("assertEquals($T.MAX_ATTEMPTS, afe.transferErrors())", driver)
				.addStatement("assertEquals(1, afe.consecutiveFailures())")
				.addStatement("assertEquals(-1, afe.ovTripCode(), \"nothing verified\")");
		if (!"SYS_CTRL1".equals(read)) {
			method.addStatement("assertEquals(0, board.afe().peekRegister($T.PROTECT1_ADDRESS) & $T.PROTECT1_MASK,"
					+ " \"PROTECT1 not written\")", configuration, configuration);
		}
		return method.addStatement("assertFetsOpen(board, \"after the failed start-up\")")
				.addStatement("assertEquals(0, afe.start(), \"the retry in a later period\")").build();
	}

	private static MethodSpec readBackCrcErrorsBelowTheLimit(ClassName driver, ClassName configuration,
			ClassName faults) {
		return MethodSpec.methodBuilder("startupReadBack_crcErrorOnAllButTheLastAttempt_verifiedAndStarted")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The configuration read back with a CRC error MAX_ATTEMPTS - 1 times: the last attempt's"
						+ " values are verified\nand start() succeeds; the corrupted attempts' values are not"
						+ " (a flipped SYS_CTRL1 bit would fail the check).\n")
				.addStatement("var board = bareBoard()")
				.addStatement("var faults = new $T($T.SYS_CTRL1_ADDRESS, true, $T.MAX_ATTEMPTS - 1)", faults,
						configuration, driver)
				.addStatement("var afe = withFaults(board, faults)")
				.addStatement("assertEquals(0, afe.start())")
				.addStatement("assertEquals($T.MAX_ATTEMPTS - 1, afe.transferErrors())", driver)
				.addStatement("assertEquals(board.afe().peekRegister($T.OV_TRIP_ADDRESS), afe.ovTripCode())",
						configuration)
				.addStatement("assertEquals(board.afe().peekRegister($T.UV_TRIP_ADDRESS), afe.uvTripCode())",
						configuration).build();
	}

	private static MethodSpec doesNotHold(Written write, ClassName driver, ClassName configuration,
			ClassName faults) {
		return MethodSpec.methodBuilder("readBack" + camel(write.register()) + "_doesNotHoldTheWrite_verifyFails")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L stores bit $L inverted (the chip ACKs; simulator fault model): every transfer succeeds,"
						+ " yet start()\nreturns STATUS_VERIFY_FAILED and adopts no trip code; repaired, the next"
						+ " start() succeeds.\n", write.register(), write.flipBit())
				.addStatement("var board = bareBoard()")
				.addStatement("var faults = new $T($T.$L_ADDRESS, false, 0)", faults, configuration,
						write.register())
				.addStatement("var afe = withFaults(board, faults)")
				.addStatement("board.afe().flipBitsOnWrite($T.$L_ADDRESS, $L)", configuration, write.register(),
						write.flipBit())
				.addStatement("assertEquals($T.STATUS_VERIFY_FAILED, afe.start())", driver)
				.addStatement("assertEquals(1, faults.writes, \"written once: the chip ACKed\")")
				.addStatement("assertEquals(0, afe.transferErrors(), \"no transfer failed\")")
				.addStatement("assertEquals(0, afe.consecutiveFailures(), \"the chip answers: not a communication"
						+ " loss\")")
				.addStatement("assertEquals(-1, afe.ovTripCode())").addStatement("assertEquals(-1, afe.uvTripCode())")
				.addStatement("assertFetsOpen(board, \"after the failed verification\")")
				.addStatement("board.afe().flipBitsOnWrite($T.$L_ADDRESS, 0)", configuration, write.register())
				.addStatement("assertEquals(0, afe.start(), \"repaired\")").build();
	}

	/**
	 * {@code setBalancing} called directly, as BalancingController never does with a set it must refuse
	 * (docs/firmware.md, Balancing): two adjacent physical cells (the top two, on a 4S BQ76920 VC3 and VC5: adjacent
	 * cells, not adjacent channels, DS Table 9-2) and the bottom two, a cell the pack does not have, and every cell
	 * mask of the pack; a refused set writes no CELLBAL register, a valid one lands in the chip through the model's
	 * channel map (the IR's, printed here; the expected register values are computed by the test), 0 clears, and a
	 * CELLBAL write the chip NACKs on every attempt is returned.
	 */
	private static MethodSpec balancingThroughTheDriver(PackIr pack, AfeIr afe, ClassName driver,
			ClassName configuration, ClassName faults, ClassName status) {
		List<Integer> channels = afe.channels();
		int cells = channels.size();
		int groups = groups(pack);
		int alternate = 0;
		for (int cell = 0; cell < cells; cell += 2) {
			alternate |= 1 << cell;
		}
		int alternateChannels = 0;
		StringBuilder channelList = new StringBuilder();
		StringBuilder alternateNames = new StringBuilder();
		for (int cell = 0; cell < cells; cell++) {
			channelList.append(cell == 0 ? "" : ", ").append(channels.get(cell));
			if ((alternate & 1 << cell) != 0) {
				alternateChannels |= 1 << channels.get(cell) - 1;
				alternateNames.append(alternateNames.length() == 0 ? "" : ", ").append("cell ").append(cell + 1)
						.append(" on VC").append(channels.get(cell));
			}
		}
		MethodSpec.Builder method = MethodSpec
				.methodBuilder("setBalancing_refusesAdjacentOrMissingCells_writesTheChannelMap")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("The driver's own check, called directly (BalancingController never asks for such a set):"
						+ " two adjacent physical cells\n(never bled together, DS Table 8-1, 9-2; docs/firmware.md,"
						+ " Balancing) or a cell the pack does not have give INVALID_ARGUMENT\nand no CELLBAL write; a"
						+ " valid set lands in CELLBAL through the model's channel map (cells 1..$L on VC $L),\n0 clears;"
						+ " every cell mask of the pack tried. A CELLBAL write the chip NACKs on every attempt is"
						+ " returned.\n$L\n", cells, channelList, SourceFiles.traceLine(afe.trace()))
				.addStatement("var board = bareBoard()")
				.addStatement("var cellbal = new $T($T.CELLBAL1_ADDRESS, false, 0)", faults, configuration)
				.addStatement("var afe = withFaults(board, cellbal)")
				.addStatement("assertEquals($T.OK, afe.start())", status)
				.addStatement("var chip = board.afe()")
				.addComment("the VC input of each physical cell, bottom cell first, from the model")
				.addStatement("int[] channelOfCell = { $L }", channelList)
				.addComment("a valid set: every other cell from the bottom ($L)", alternateNames)
				.addStatement("assertEquals($T.OK, afe.setBalancing(0b$L))", status, Integer.toBinaryString(alternate));
		for (int group = 0; group < groups; group++) {
			method.addStatement("assertEquals(0x$L, chip.peekRegister($T.CELLBAL1_ADDRESS + $L), \"CELLBAL$L\")",
					hex(alternateChannels >>> 5 * group & 0x1F), configuration, group, group + 1);
		}
		method.addStatement("int writes = cellbal.allWrites")
				.addComment("two adjacent cells: the top two, then the bottom two")
				.addStatement("assertEquals($T.INVALID_ARGUMENT, afe.setBalancing(0b11 << $L), \"cells $L and $L\")",
						status, cells - 2, cells - 1, cells)
				.addStatement("assertEquals($T.INVALID_ARGUMENT, afe.setBalancing(0b11), \"cells 1 and 2\")", status)
				.addComment("cells the pack does not have")
				.addStatement("assertEquals($T.INVALID_ARGUMENT, afe.setBalancing(1 << $L), \"cell $L\")", status, cells,
						cells + 1)
				.addStatement("assertEquals($T.INVALID_ARGUMENT, afe.setBalancing(0b$L | 1 << $L), \"a valid set and"
						+ " cell $L\")", status, Integer.toBinaryString(alternate & ~(1 << cells - 1)), cells, cells + 1)
				.addStatement("assertEquals($T.INVALID_ARGUMENT, afe.setBalancing(1 << 31), \"cell 32\")", status)
				.addStatement("assertEquals(writes, cellbal.allWrites, \"a refused set writes nothing\")");
		for (int group = 0; group < groups; group++) {
			method.addStatement("assertEquals(0x$L, chip.peekRegister($T.CELLBAL1_ADDRESS + $L), \"CELLBAL$L kept\")",
					hex(alternateChannels >>> 5 * group & 0x1F), configuration, group, group + 1);
		}
		method.addComment("every mask of the pack's cells")
				.beginControlFlow("for (int mask = 0; mask < 1 << $L; mask++)", cells)
				.addStatement("int[] before = new int[$L]", groups)
				.beginControlFlow("for (int group = 0; group < $L; group++)", groups)
				.addStatement("before[group] = chip.peekRegister($T.CELLBAL1_ADDRESS + group)", configuration)
				.endControlFlow()
				.addStatement("writes = cellbal.allWrites")
				.addStatement("int result = afe.setBalancing(mask)")
				.addStatement("String where = \"cells \" + Integer.toBinaryString(mask)")
				.beginControlFlow("if ((mask & mask >>> 1) != 0)")
				.addStatement("assertEquals($T.INVALID_ARGUMENT, result, where + \": adjacent\")", status)
				.addStatement("assertEquals(writes, cellbal.allWrites, where + \": nothing written\")")
				.beginControlFlow("for (int group = 0; group < $L; group++)", groups)
				.addStatement("assertEquals(before[group], chip.peekRegister($T.CELLBAL1_ADDRESS + group), where)",
						configuration)
				.endControlFlow()
				.nextControlFlow("else")
				.addStatement("assertEquals($T.OK, result, where)", status)
				.addStatement("assertEquals(writes + $L, cellbal.allWrites, where + \": one write per CELLBAL register\")",
						groups)
				.addStatement("int channelMask = 0")
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.beginControlFlow("if ((mask & 1 << cell) != 0)")
				.addStatement("channelMask |= 1 << channelOfCell[cell] - 1").endControlFlow().endControlFlow()
				.beginControlFlow("for (int group = 0; group < $L; group++)", groups)
				.addStatement("assertEquals(channelMask >>> 5 * group & 0x1F, chip.peekRegister($T.CELLBAL1_ADDRESS"
						+ " + group), where + \": CELLBAL\" + (group + 1))", configuration)
				.endControlFlow().endControlFlow().endControlFlow()
				.addStatement("assertEquals($T.OK, afe.setBalancing(0b$L))", status, Integer.toBinaryString(alternate))
				.addStatement("assertEquals($T.OK, afe.setBalancing(0))", status);
		for (int group = 0; group < groups; group++) {
			method.addStatement("assertEquals(0, chip.peekRegister($T.CELLBAL1_ADDRESS + $L), \"CELLBAL$L cleared\")",
					configuration, group, group + 1);
		}
		return method.addComment("a CELLBAL write NACKed on every attempt (DS 8.3.1.4): the NACK returned")
				.addStatement("board.i2cBus().setFaultInjector(new $T($T.CELLBAL1_ADDRESS, false, $T.MAX_ATTEMPTS))",
						faults, configuration, driver)
				.addStatement("assertEquals($T.NACK_DATA, afe.setBalancing(1))", status).build();
	}

	private static MethodSpec programsTheModel(PackIr pack, AfeIr afe, ClassName driver, ClassName configuration,
			ClassName simulatedPack, ClassName status) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("start_programsAndVerifiesTheModelsProtection")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("A clean start-up: the chip holds the model's PROTECT1..3 (values printed by the generator"
						+ " from the IR), CC_CFG 0x19\n(DS 8.5), ADC and coulomb counter on, both FETs and every"
						+ " balancing switch off, SYS_STAT cleared; the OV and UV trip\nbytes the driver adopted are"
						+ " the chip's and, with this chip's gain and offset, never trip later than modelled and\n"
						+ "at most one 16-code step earlier (DS 8.3.1.2, 9.2).\n$L\n", SourceFiles.traceLine(afe.trace()))
				.addStatement("var board = bareBoard()")
				.addStatement("var afe = new $T(board.i2cBus())", driver)
				.addStatement("assertEquals($T.OK, afe.start())", status)
				.addStatement("var chip = board.afe()")
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT1_ADDRESS), \"PROTECT1\")",
						hex(afe.protect1() & 0x9F), configuration)
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT2_ADDRESS), \"PROTECT2\")",
						hex(afe.protect2() & 0x7F), configuration)
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT3_ADDRESS), \"PROTECT3\")",
						hex(afe.protect3() & 0xF0), configuration)
				.addStatement("assertEquals(0x19, chip.peekRegister($T.CC_CFG_ADDRESS), \"CC_CFG\")", configuration)
				.addStatement("assertEquals(0x40, chip.peekRegister($T.SYS_CTRL2_ADDRESS), \"CC_EN only: FETs off\")",
						configuration)
				.addStatement("assertTrue((chip.peekRegister($T.SYS_CTRL1_ADDRESS) & 0x10) != 0, \"ADC_EN\")",
						configuration)
				.addStatement("assertEquals(0, chip.peekRegister($T.CELLBAL1_ADDRESS), \"no cell bleeds\")",
						configuration)
				.addStatement("assertEquals(0, chip.peekRegister($T.SYS_STAT_ADDRESS) & 0xBF, \"SYS_STAT cleared\")",
						configuration)
				.addStatement("assertEquals(chip.peekRegister($T.OV_TRIP_ADDRESS), afe.ovTripCode(), \"OV_TRIP\")",
						configuration)
				.addStatement("assertEquals(chip.peekRegister($T.UV_TRIP_ADDRESS), afe.uvTripCode(), \"UV_TRIP\")",
						configuration)
				.addStatement("var trim = $T.afe(SEED)", simulatedPack)
				.addStatement("long gainUv = trim.gainMicrovoltsPerLsb()")
				.addStatement("long offsetUv = trim.offsetMillivolts() * 1000L");
		if (afe.cellOvervoltage() != null) {
			method.addComment("DS Table 8-12: OV compares the 14-bit pattern 10-OV_T-1000; $L",
					afe.cellOvervoltage().trace())
					.addStatement("long ovUv = (0x2008 + 16L * afe.ovTripCode()) * gainUv + offsetUv")
					.addStatement("assertTrue(ovUv <= $LL && ovUv > $LL - 16 * gainUv, \"OV threshold \" + ovUv + \""
							+ " uV\")", afe.cellOvervoltage().modelledMv() * 1000L,
							afe.cellOvervoltage().modelledMv() * 1000L);
		}
		if (afe.cellUndervoltage() != null) {
			method.addComment("DS Table 8-13: UV compares 01-UV_T-0000; $L", afe.cellUndervoltage().trace())
					.addStatement("long uvUv = (0x1000 + 16L * afe.uvTripCode()) * gainUv + offsetUv")
					.addStatement("assertTrue(uvUv >= $LL && uvUv < $LL + 16 * gainUv, \"UV threshold \" + uvUv + \""
							+ " uV\")", afe.cellUndervoltage().modelledMv() * 1000L,
							afe.cellUndervoltage().modelledMv() * 1000L);
		}
		return method.build();
	}

	/**
	 * The whole firmware with PROTECT1 not holding its write: the chip answers, but the AFE is never configured, which
	 * the firmware counts as AFE loss (docs/firmware.md, "AFE retry"): the communication-loss row within its delay,
	 * the FETs open, the trip logged, the machines in their fault state, start-up still retried every period. Repaired,
	 * the next period's start-up verifies the chip (what posts afe-ready), the row recovers as its recovery says,
	 * and no FET is switched on before the chip holds the model's protection registers.
	 */
	private static MethodSpec firmwareWithARegisterThatDoesNotHold(PackIr pack, ProtectionIr loss,
			ClassName simulatedPack, ClassName configuration, ClassName faults) {
		AfeIr afe = pack.afe();
		ClassName coverage = HarnessSources.harness(pack, ModelCoverageEmitter.TYPE_NAME);
		boolean heals = loss.recovery() != ProtectionIr.Recovery.LATCH && loss.severity() != Severity.PERMANENT;
		long fetsBackUs = heals ? fetsBackAfterUs(pack, loss) : -1;
		MethodSpec.Builder method = MethodSpec.methodBuilder("firmware_protect1DoesNotHold_" + loss.name()
				+ "WithinItsDelay_fetsOnlyOnceVerified")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Both firmwares on the board, PROTECT1 not holding its write (the chip ACKs every transfer):"
						+ " the AFE never counts\nas configured, so $L ($L ms) is raised no earlier than its delay"
						+ " after power-on and at most\ntwo periods later, with no transfer error; both FETs open all"
						+ " along, the trip logged, every machine in its\nfault state, start-up retried every period."
						+ " Once the register holds, the next period's start-up verifies\nthe chip (afe-ready) and"
						+ " readings are valid; the row recovers as its recovery says, and no FET is switched\non"
						+ " before the chip holds the model's PROTECT1..3 and the adopted OV/UV trip bytes"
						+ " (docs/firmware.md, \"AFE retry\").\nModel: $L.\n", loss.name(), loss.delayUs() / 1000,
						loss.trace())
				.addStatement("var pack = new $T(SEED)", simulatedPack)
				.addStatement("var chip = pack.board().afe()")
				.addStatement("var faults = new $T($T.PROTECT1_ADDRESS, false, 0)", faults, configuration)
				.addStatement("pack.board().i2cBus().setFaultInjector(faults)")
				.addStatement("chip.flipBitsOnWrite($T.PROTECT1_ADDRESS, 0x01)", configuration)
				.addStatement("pack.powerOn()");
		if (pack.log() != null) {
			method.addStatement("int eventsBefore = pack.stm32().log().committedEvents()");
		}
		method.addStatement("long took = -1")
				.beginControlFlow("for (long elapsed = PERIOD_US; elapsed <= $LL + 4 * PERIOD_US; elapsed += PERIOD_US)",
						loss.delayUs())
				.addStatement("pack.board().advance(PERIOD_US)")
				.addStatement("assertFetsOpen(pack.board(), \"after \" + elapsed + \" us\")")
				.addStatement("assertFalse(pack.stm32().state().measurementsValid, \"after \" + elapsed + \" us\")")
				.beginControlFlow("if ((pack.stm32().state().faultWord & 1 << $L) != 0)", loss.index())
				.addStatement("took = elapsed").addStatement("break").endControlFlow().endControlFlow()
				.addStatement("assertTrue(took > 0, $S)", loss.name() + " not raised: the chip answers but is never"
						+ " configured")
				.addStatement("assertTrue(took >= $LL, \"$L before its delay: \" + took + \" us\")", loss.delayUs(),
						loss.name())
				.addStatement("assertTrue(took <= $LL + 2 * PERIOD_US, \"$L after \" + took + \" us\")",
						loss.delayUs(), loss.name())
				.addStatement("assertEquals(0, pack.stm32().afe().consecutiveFailures(), $S)",
						"the chip answers: raised on the start-up that does not verify, not on silence")
				.addComment("the NACKs of the first start-up, before the chip's boot (t_BOOTREADY 10 ms, DS 8.3.1.5),"
						+ " are all there is")
				.addStatement("int transferErrors = pack.stm32().afe().transferErrors()")
				.addStatement("assertEquals(-1, pack.stm32().afe().ovTripCode(), $S)", "never configured")
				.addStatement("assertEquals(0, pack.stm32().state().fetMask, $S)", "both FETs commanded open");
		for (StateMachineIr machine : pack.stateMachines()) {
			if (machine.faultReaction() == null
					|| machine.faultReaction().minimumSeverity().compareTo(loss.severity()) > 0) {
				continue;
			}
			StateMachineIr.State target = machine.states().get(machine.faultReaction().target());
			// the fault reaction runs in the tick of the trip, before the machine's own transitions
			method.addStatement("assertEquals($T.$L, pack.stm32().$L().state(), $S)",
							HarnessSources.stm32(pack, StateMachineEmitter.typeName(machine)),
							StateMachineEmitter.stateConstant(target), Stm32FirmwareEmitter.machineField(machine),
							"machine " + machine.name() + " in " + target.name() + ", where its fault reaction leads ("
									+ machine.faultReaction().trace() + ")");
		}
		if (pack.log() != null) {
			method.addStatement("assertTrue(eventLogged(pack, $T.PROTECTION_EVENT_BASE + $L, eventsBefore), $S)",
					HarnessSources.stm32(pack, Stm32FirmwareEmitter.TYPE_NAME), loss.index(),
					"the trip of " + loss.name() + " in the event log");
		}
		method.addStatement("int writesBefore = faults.writes")
				.beginControlFlow("for (int period = 0; period < 12; period++)")
				.addStatement("pack.board().advance(PERIOD_US)")
				.addStatement("assertFetsOpen(pack.board(), \"raised, period \" + period)")
				.addStatement("assertTrue((pack.stm32().state().faultWord & 1 << $L) != 0, $S)", loss.index(),
						loss.name() + " stays raised while the chip is not configured")
				.endControlFlow()
				.addStatement("assertEquals(transferErrors, pack.stm32().afe().transferErrors(), $S)",
						"no transfer failed while start-up was retried: only the read-back shows the fault")
				.addStatement("assertTrue(faults.writes - writesBefore >= 11, \"start-up retried every period: \""
						+ " + (faults.writes - writesBefore))")
				.addStatement("$T.exercised($T.PROTECTIONS_TRIPPED, $S)", coverage, coverage,
						ModelCoverageEmitter.protection(loss));

		method.addComment("repaired: the next period's start-up verifies, and nothing switches a FET on before it")
				.addStatement("chip.flipBitsOnWrite($T.PROTECT1_ADDRESS, 0)", configuration)
				.addStatement("long configured = -1").addStatement("long released = -1").addStatement("long fetsOn = -1")
				.beginControlFlow("for (long elapsed = PERIOD_US; elapsed <= $LL; elapsed += PERIOD_US)",
						Math.max(fetsBackUs, loss.recoverAfterMs() * 1000L) + 8 * periodUs(pack))
				.addStatement("pack.board().advance(PERIOD_US)")
				.beginControlFlow("if (configured < 0 && pack.stm32().afe().ovTripCode() >= 0)")
				.addStatement("configured = elapsed").endControlFlow()
				.beginControlFlow("if (released < 0 && (pack.stm32().state().faultWord & 1 << $L) == 0)", loss.index())
				.addStatement("released = elapsed").endControlFlow()
				.beginControlFlow("if (chip.chargeFetOn() || chip.dischargeFetOn())")
				.addStatement("assertTrue(configured > 0, \"a FET on \" + elapsed + \" us after the repair, before"
						+ " the AFE was configured\")")
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT1_ADDRESS), \"PROTECT1 when a FET"
						+ " goes on\")", hex(afe.protect1() & 0x9F), configuration)
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT2_ADDRESS), \"PROTECT2 when a FET"
						+ " goes on\")", hex(afe.protect2() & 0x7F), configuration)
				.addStatement("assertEquals(0x$L, chip.peekRegister($T.PROTECT3_ADDRESS), \"PROTECT3 when a FET"
						+ " goes on\")", hex(afe.protect3() & 0xF0), configuration)
				.addStatement("assertEquals(pack.stm32().afe().ovTripCode(), chip.peekRegister($T.OV_TRIP_ADDRESS))",
						configuration)
				.addStatement("assertEquals(pack.stm32().afe().uvTripCode(), chip.peekRegister($T.UV_TRIP_ADDRESS))",
						configuration)
				.addStatement("fetsOn = elapsed").addStatement("break").endControlFlow().endControlFlow()
				.addStatement("assertEquals(PERIOD_US, configured, $S)", "configured by the first start-up after the"
						+ " repair")
				.addStatement("assertTrue(pack.stm32().state().measurementsValid, $S)", "readings once configured");
		if (!heals) {
			method.addComment("latched: it waits for clear-faults, with the FETs open")
					.addStatement("assertEquals(-1, released, $S)", loss.name() + " latched")
					.addStatement("assertEquals(-1, fetsOn, $S)", "FETs open while latched");
		} else {
			long recoverUs = loss.recovery() == ProtectionIr.Recovery.AFTER_TIME ? loss.recoverAfterMs() * 1000L : 0;
			method.addStatement("assertTrue(released > 0, $S)", loss.name() + " never recovered")
					.addComment("as its recovery says, counted from the first period the AFE was usable again")
					.addStatement("assertTrue(released - configured >= $LL, \"recovered after \" + (released -"
							+ " configured) + \" us\")", recoverUs)
					.addStatement("assertTrue(released - configured <= $LL + 2 * PERIOD_US, \"recovered after \""
							+ " + (released - configured) + \" us\")", recoverUs)
					.addStatement("$T.exercised($T.PROTECTIONS_RELEASED, $S)", coverage, coverage,
							ModelCoverageEmitter.release(loss));
			if (fetsBackUs >= 0) {
				method.addStatement("assertTrue(fetsOn > 0, $S)", "the FETs never back on after the repair")
						.addStatement("assertTrue(fetsOn >= released, $S)", "a FET on only after the fault cleared,"
						+ " through the machine's way out of its fault state");
			}
		}
		return method.build();
	}

	/**
	 * How long after the repair a machine may switch a FET on again: the row's recovery time plus the longest
	 * faults-cleared timeout out of a fault state into a state whose entry enables a FET; -1 when no machine has such
	 * a way out (the FETs then stay open in this test, which it does not hold against the model).
	 */
	private static long fetsBackAfterUs(PackIr pack, ProtectionIr loss) {
		long longest = -1;
		for (StateMachineIr machine : pack.stateMachines()) {
			if (machine.faultReaction() == null) {
				continue;
			}
			for (StateMachineIr.Transition out : machine.states().get(machine.faultReaction().target()).transitions()) {
				boolean enables = machine.states().get(out.target()).entry().stream()
						.anyMatch(a -> a.code() == StateMachineIr.ActionCode.ENABLE_FETS);
				if (out.event() == StateMachineIr.Event.FAULTS_CLEARED && out.comparisons().isEmpty() && enables) {
					longest = Math.max(longest, loss.recoverAfterMs() * 1000L + out.timeoutMs() * 1000L);
				}
			}
		}
		return longest;
	}

	private static long periodUs(PackIr pack) {
		return pack.control().periodMs() * 1000L;
	}

	/** The eventLogged helper of the whole-firmware tests (the pack has a flash log). */
	private static MethodSpec eventLogged(PackIr pack, ClassName simulatedPack) {
		ClassName flashLog = HarnessSources.stm32(pack, "FlashLog");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		return MethodSpec.methodBuilder("eventLogged").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(simulatedPack, "pack").addParameter(TypeName.INT, "code")
				.addParameter(TypeName.INT, "eventsBefore")
				.addJavadoc("Whether an event record of {@code code} is committed within 2 s, among those after"
						+ " {@code eventsBefore}.\n")
				.addStatement("byte[] record = new byte[$T.EVENTS_RECORD_BYTES]", flashLog)
				.beginControlFlow("for (int period = 0; period <= 8; period++)")
				.addStatement("int fresh = pack.stm32().log().committedEvents() - eventsBefore")
				.beginControlFlow("for (int i = 0; i < fresh; i++)")
				.addComment("BUSY while the log writes: tried again after the next period")
				.beginControlFlow("if (pack.stm32().log().readRecord($T.AREA_EVENTS, i, record) == $T.OK"
						+ " && (record[$T.OFFSET_CODE] & 0xFF) == code)", flashLog, status, flashLog)
				.addStatement("return true").endControlFlow().endControlFlow()
				.addStatement("pack.board().advance(PERIOD_US)").endControlFlow()
				.addStatement("return false").build();
	}

	/**
	 * A pack without an AFE communication-loss row: nothing can report the AFE that never verifies, so the firmware
	 * only keeps it safe (FETs open, start-up retried); docs/firmware.md, known limits.
	 */
	private static MethodSpec firmwareWithARegisterThatDoesNotHoldAndNoLossRow(ClassName simulatedPack,
			ClassName configuration, ClassName faults) {
		return MethodSpec.methodBuilder("firmware_protect1DoesNotHold_noAfeReadyFetsOpenUntilItHolds")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Both firmwares on the board, PROTECT1 not holding its write, and no communication-loss row"
						+ " to report it:\nstart-up is retried every period, the AFE never counts as configured, both"
						+ " FETs stay open. Once the\nregister holds, the next period's retry configures the chip and"
						+ " readings are valid after one conversion.\n")
				.addStatement("var pack = new $T(SEED)", simulatedPack)
				.addStatement("var faults = new $T($T.PROTECT1_ADDRESS, false, 0)", faults, configuration)
				.addStatement("pack.board().i2cBus().setFaultInjector(faults)")
				.addStatement("pack.board().afe().flipBitsOnWrite($T.PROTECT1_ADDRESS, 0x01)", configuration)
				.addStatement("pack.powerOn()")
				.beginControlFlow("for (int period = 0; period < 20; period++)")
				.addStatement("pack.board().advance(PERIOD_US)")
				.addStatement("assertFetsOpen(pack.board(), \"period \" + period)")
				.addStatement("assertFalse(pack.stm32().state().measurementsValid, \"period \" + period)")
				.addStatement("assertEquals(0, pack.stm32().state().fetMask)").endControlFlow()
				.addStatement("assertEquals(-1, pack.stm32().afe().ovTripCode())")
				.addStatement("assertTrue(faults.writes >= 19, \"start-up retried every period: \" + faults.writes)")
				.addStatement("pack.board().afe().flipBitsOnWrite($T.PROTECT1_ADDRESS, 0)", configuration)
				.addStatement("pack.board().advance(PERIOD_US)")
				.addStatement("assertTrue(pack.stm32().afe().ovTripCode() >= 0, \"configured in the next period\")")
				.addStatement("pack.board().advance(3 * PERIOD_US)")
				.addStatement("assertTrue(pack.stm32().state().measurementsValid, \"readings after a conversion\")")
				.build();
	}

	private static MethodSpec firmwareWithAWriteRefusedForGood(ProtectionIr protection, ClassName simulatedPack,
			ClassName configuration, ClassName faults) {
		return MethodSpec.methodBuilder("firmware_protect1RefusedForGood_" + protection.name() + "WithFetsOpen")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Both firmwares on the board, every PROTECT1 write NACKed: each period's start-up fails"
						+ " on a transfer, so\n$L ($L ms) is raised no later than its delay plus two periods"
						+ " after power-on, and both\nFETs are open all along.\nModel: $L.\n", protection.name(),
						protection.delayUs() / 1000, protection.trace())
				.addStatement("var pack = new $T(SEED)", simulatedPack)
				.addStatement("pack.board().i2cBus().setFaultInjector(new $T($T.PROTECT1_ADDRESS, false,"
						+ " Integer.MAX_VALUE))", faults, configuration)
				.addStatement("pack.powerOn()").addStatement("long took = -1")
				.beginControlFlow("for (long elapsed = PERIOD_US; elapsed <= $LL + 4 * PERIOD_US; elapsed +="
						+ " PERIOD_US)", protection.delayUs())
				.addStatement("pack.board().advance(PERIOD_US)")
				.addStatement("assertFetsOpen(pack.board(), \"after \" + elapsed + \" us\")")
				.beginControlFlow("if ((pack.stm32().state().faultWord & 1 << $L) != 0)", protection.index())
				.addStatement("took = elapsed").addStatement("break").endControlFlow().endControlFlow()
				.addStatement("assertTrue(took > 0, \"$L not raised\")", protection.name())
				.addStatement("assertTrue(took <= $LL + 2 * PERIOD_US, \"$L after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				// the failures in a row are seen by the protections mid-tick; the FET write that follows in the same
				// tick succeeds and resets the driver's count, so it is not asserted here
				.addStatement("assertEquals(-1, pack.stm32().afe().ovTripCode(), \"never configured\")").build();
	}

	/** {@code SYS_CTRL1} -> {@code SysCtrl1}, {@code CC_CFG} -> {@code CcCfg}. */
	private static String camel(String register) {
		StringBuilder out = new StringBuilder();
		for (String part : register.split("_")) {
			out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
		}
		return out.toString();
	}

	private static String hex(int value) {
		return String.format("%02X", value);
	}
}
