package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.LogLayoutIr;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code FlashLogHarnessTest.java}: the generated {@code FlashLog} on the simulated W25Q128JV of the pack's board,
 * the power cut at every step of the first writes of the event log (inside the sector erase and inside each page
 * program), then a new log on the same chip: no record the log reported committed is lost, every slot is erased,
 * a record whose CRC-32 holds or torn, no sequence number twice, and the firmware's reader returns records only,
 * newest first. The area's address, sectors and record size are printed from the IR; records are decoded in the
 * test with java.util.zip.CRC32 (docs/firmware.md record format: sequence uint32 LE at 0, CRC-32 of the rest in the
 * last four bytes, pack mV uint16 LE at 15), not with the firmware's code. No test class for a pack without a log
 * or one the simulated board cannot stand for.
 */
public final class FlashLogHarnessEmitter {

	public static final String TYPE_NAME = "FlashLogHarnessTest";

	public List<GeneratedSource> emit(PackIr pack) {
		LogLayoutIr log = pack.log();
		if (log == null || log.events() == null || log.eventCodes().isEmpty() || BoardSpec.of(pack) == null) {
			return List.of();
		}
		LogLayoutIr.Area events = log.events();
		ClassName flashLog = HarnessSources.stm32(pack, "FlashLog");
		ClassName state = HarnessSources.stm32(pack, PackStateEmitter.TYPE_NAME);
		ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
		ClassName board = ClassName.get("org.bmsgen.sim.board", "SimBoard");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		LogLayoutIr.EventCode code = log.eventCodes().get(0);
		long periodUs = pack.control().periodMs() * 1000L;
		String trace = SourceFiles.traceLine(events.trace());

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("The event log of pack $L ($L) on the simulated $L: power cuts at every step of the first"
						+ " writes.\nAddresses and sizes are the model's, printed by the generator.\n$L\n", pack.name(),
						events.name(), log.flashPart(), trace);
		type.addField(intConstant("EVENTS_START_BYTE", events.startByte(), "The event area's first byte.", trace));
		type.addField(intConstant("EVENT_SECTORS", events.sectors(), "Sectors of the event area.", trace));
		type.addField(intConstant("RECORD_BYTES", events.recordBytes(), "Bytes of an event record.", trace));
		type.addField(intConstant("RECORDS_PER_SECTOR", events.recordsPerSector(), "Event records per sector.", trace));
		type.addField(FieldSpec.builder(TypeName.LONG, "PERIOD_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$LL", periodUs).addJavadoc("The control period.\n$L\n",
						SourceFiles.traceLine(pack.control().trace())).build());
		type.addField(intConstant("EVENT_CODE", code.code(), "The event logged: " + code.name() + ".", trace));
		type.addField(FieldSpec.builder(board, "board", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(state, "state", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", state).build());

		type.addMethod(MethodSpec.methodBuilder("le").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(byte[].class, "r").addParameter(TypeName.INT, "at")
				.addParameter(TypeName.INT, "width").addJavadoc("Unsigned little-endian.\n")
				.addStatement("long v = 0")
				.beginControlFlow("for (int i = width - 1; i >= 0; i--)").addStatement("v = v << 8 | (r[at + i] & 0xFF)")
				.endControlFlow().addStatement("return v").build());
		type.addMethod(MethodSpec.methodBuilder("erased").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(byte[].class, "r")
				.beginControlFlow("for (byte b : r)").beginControlFlow("if (b != (byte) 0xFF)").addStatement("return false")
				.endControlFlow().endControlFlow().addStatement("return true").build());
		type.addMethod(MethodSpec.methodBuilder("sequenceIfValid").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(Long.class).addParameter(byte[].class, "r")
				.addJavadoc("The record's sequence number; null when erased or its CRC-32 fails.\n")
				.beginControlFlow("if (erased(r))").addStatement("return null").endControlFlow()
				.addStatement("$T crc = new $T()", java.util.zip.CRC32.class, java.util.zip.CRC32.class)
				.addStatement("crc.update(r, 0, r.length - 4)")
				.addStatement("return crc.getValue() == le(r, r.length - 4, 4) ? le(r, 0, 4) : null").build());
		type.addMethod(MethodSpec.methodBuilder("peek").addModifiers(Modifier.PRIVATE).returns(byte[].class)
				.addParameter(TypeName.INT, "address")
				.addStatement("byte[] record = new byte[RECORD_BYTES]")
				.beginControlFlow("for (int i = 0; i < RECORD_BYTES; i++)")
				.addStatement("record[i] = (byte) board.flash().peek(address + i)").endControlFlow()
				.addStatement("return record").build());
		type.addMethod(MethodSpec.methodBuilder("tick").addModifiers(Modifier.PRIVATE)
				.addParameter(flashLog, "log")
				.addParameter(ParameterizedTypeName.get(java.util.Map.class, Long.class, Integer.class), "committed")
				.addParameter(TypeName.LONG, "advanceMicros")
				.addJavadoc("One control period, noting the record it committed: events commit in the order logged,"
						+ " so the n-th committed\ncarries the n-th pack voltage fed.\n")
				.addStatement("long before = log.lastCommittedSequence($T.AREA_EVENTS)", flashLog)
				.addStatement("log.tick(state)")
				.addStatement("long after = log.lastCommittedSequence($T.AREA_EVENTS)", flashLog)
				.beginControlFlow("if (after != before)")
				.addStatement("committed.put(after, 10_000 + log.committedEvents() - 1)").endControlFlow()
				.addStatement("board.advance(advanceMicros)").build());

		MethodSpec.Builder scenario = MethodSpec.methodBuilder("cutAt").addModifiers(Modifier.PRIVATE)
				.returns(TypeName.INT).addParameter(TypeName.INT, "prefill").addParameter(TypeName.INT, "cutTick")
				.addParameter(TypeName.LONG, "cutAfterMicros")
				.addJavadoc("Logs an event every period until {@code prefill} records are committed, then for"
						+ " {@code cutTick} more periods,\ncuts the power {@code cutAfterMicros} into the last, starts"
						+ " a new log on the same chip and checks it; the torn\nslots found. The records that were in"
						+ " the area's first sector when the cut window began (the oldest, which the\nwrap-around erases"
						+ " for reuse) may be gone; every other committed record must survive.\n")
				.addStatement("board = $T.boardBuilder(0xF1A5L + prefill + cutTick * 1_000L + cutAfterMicros).build()",
						simulatedPack)
				.addStatement("$T log = new $T(board.stm32().spi())", flashLog, flashLog)
				.addStatement("assertEquals($T.OK, log.start())", status)
				.addStatement("$T<Long, Integer> committed = new $T<>()", java.util.Map.class, java.util.HashMap.class)
				.addStatement("int fed = 0")
				.beginControlFlow("for (int t = 0; log.committedEvents() < prefill; t++)")
				.addStatement("assertTrue(t < 2 * prefill, \"filling the area stalled\")")
				.beginControlFlow("if (log.pendingWrites() < 2)")
				.addStatement("state.packMv = 10_000 + fed")
				.beginControlFlow("if (log.logEvent(EVENT_CODE, state) == $T.OK)", status).addStatement("fed++")
				.endControlFlow().endControlFlow()
				.addStatement("tick(log, committed, PERIOD_US)")
				.endControlFlow()
				.addComment("what the wrap-around's erase may take: the records in the first sector now")
				.addStatement("Long firstKeptOrNull = sequenceIfValid(peek(EVENTS_START_BYTE + RECORDS_PER_SECTOR *"
						+ " RECORD_BYTES))")
				.addStatement("long firstKept = prefill == 0 || firstKeptOrNull == null ? Long.MIN_VALUE :"
						+ " firstKeptOrNull")
				.beginControlFlow("for (int t = 0; t < cutTick; t++)")
				.beginControlFlow("if (log.pendingWrites() < 2)")
				.addStatement("state.packMv = 10_000 + fed")
				.beginControlFlow("if (log.logEvent(EVENT_CODE, state) == $T.OK)", status).addStatement("fed++")
				.endControlFlow().endControlFlow()
				.addStatement("tick(log, committed, t < cutTick - 1 ? PERIOD_US : cutAfterMicros)")
				.endControlFlow()
				.addStatement("String where = \"cut \" + cutAfterMicros + \" us into period \" + cutTick + \": \"")
				.addStatement("board.flash().powerLoss()").addStatement("board.flash().powerOn()")
				.addStatement("long newest = committed.keySet().stream().mapToLong(Long::longValue).max().orElse(-1)")
				.addStatement("$T again = new $T(board.stm32().spi())", flashLog, flashLog)
				.addStatement("assertEquals($T.OK, again.start(), where)", status)
				.addStatement("assertTrue(again.nextSequence($T.AREA_EVENTS) > newest, where + \"the sequence goes on\")",
						flashLog)
				.addComment("every slot of the area by the independent decoder: erased, torn or a record, each sequence once")
				.addStatement("$T<Long, byte[]> readable = new $T<>()", java.util.Map.class, java.util.HashMap.class)
				.addStatement("int torn = 0")
				.beginControlFlow("for (int slot = 0; slot < EVENT_SECTORS * RECORDS_PER_SECTOR; slot++)")
				.addStatement("byte[] record = peek(EVENTS_START_BYTE + slot * RECORD_BYTES)")
				.addStatement("Long sequence = sequenceIfValid(record)")
				.beginControlFlow("if (sequence == null && !erased(record))").addStatement("torn++").endControlFlow()
				.beginControlFlow("if (sequence != null)")
				.addStatement("assertFalse(readable.containsKey(sequence), where + \"sequence \" + sequence + \" twice\")")
				.addStatement("readable.put(sequence, record)").endControlFlow()
				.endControlFlow()
				.addStatement("int dropped = 0")
				.beginControlFlow("for ($T.Entry<Long, Integer> entry : committed.entrySet())", java.util.Map.class)
				.beginControlFlow("if (entry.getKey() < firstKept && !readable.containsKey(entry.getKey()))")
				.addStatement("dropped++").addStatement("continue").endControlFlow()
				.addStatement("assertTrue(readable.containsKey(entry.getKey()), where + \"committed record \" +"
						+ " entry.getKey() + \" lost\")")
				.addStatement("assertEquals((long) entry.getValue(), le(readable.get(entry.getKey()), 15, 2), where +"
						+ " \"record \" + entry.getKey())")
				.endControlFlow()
				.addStatement("assertTrue(dropped <= RECORDS_PER_SECTOR, where + dropped + \" dropped\")")
				.addComment("the firmware's reader (each call walks back from the head): the newest records across the"
						+ " head's sector boundary,")
				.addComment("then every 97th: records only, strictly newest first; the oldest kept one still found")
				.addStatement("byte[] r = new byte[RECORD_BYTES]").addStatement("long previous = Long.MAX_VALUE")
				.addStatement("long kept = committed.size() - dropped")
				.beginControlFlow("for (long i = 0; i < kept; i += i < RECORDS_PER_SECTOR + 8 ? 1 : 97)")
				.addStatement("assertEquals($T.OK, again.readRecord($T.AREA_EVENTS, i, r), where + \"record \" + i + \""
						+ " from the newest\")", status, flashLog)
				.addStatement("Long sequence = sequenceIfValid(r)")
				.addStatement("assertTrue(sequence != null, where + \"readRecord returned a record whose CRC fails\")")
				.addStatement("assertTrue(sequence < previous, where + \"not newest first\")")
				.addStatement("assertEquals($T.toString(readable.get(sequence)), $T.toString(r), where)",
						java.util.Arrays.class, java.util.Arrays.class)
				.addStatement("previous = sequence").endControlFlow()
				.beginControlFlow("if (kept > 0)")
				.addStatement("assertEquals($T.OK, again.readRecord($T.AREA_EVENTS, kept - 1, r), where + \"the oldest"
						+ " kept record\")", status, flashLog)
				.addStatement("assertTrue(sequenceIfValid(r) != null, where)").endControlFlow()
				.addComment("and it goes on logging after the cut")
				.addStatement("state.packMv = 7")
				.addStatement("assertEquals($T.OK, again.logEvent(EVENT_CODE, state), where)", status)
				.beginControlFlow("for (int i = 0; i < 100 && (again.pendingWrites() > 0 || !again.idle()); i++)")
				.addStatement("again.tick(state)").addStatement("board.advance(PERIOD_US)").endControlFlow()
				.addStatement("assertEquals($T.OK, again.readRecord($T.AREA_EVENTS, 0, r), where)", status, flashLog)
				.addStatement("assertEquals(7, le(r, 15, 2), where + \"the record logged after the cut\")")
				.addStatement("assertTrue(le(r, 0, 4) > newest, where)")
				.addStatement("return torn");
		type.addMethod(scenario.build());

		type.addMethod(MethodSpec.methodBuilder(HarnessSources.decapitalized(events.name())
				+ "_powerCutAtEveryStepOfTheFirstWrites_losesNoCommittedRecord").addAnnotation(HarnessSources.TEST)
				.addJavadoc("Cuts in each of the first eight periods, at offsets inside the first sector's erase"
						+ " (the W25Q128JV's 45 ms typical,\nDS tSE) and inside each record's page program (0.4 ms):"
						+ " no committed record lost, none returned corrupt.\n$L\n", trace)
				.addStatement("long[] offsets = { 0, 100, 200, 300, 1_000, 10_000, 22_000, 44_000 }")
				.addStatement("int torn = 0")
				.beginControlFlow("for (int cutTick = 1; cutTick <= 8; cutTick++)")
				.beginControlFlow("for (long offset : offsets)").addStatement("torn += cutAt(0, cutTick, offset)")
				.endControlFlow().endControlFlow()
				.addStatement("assertTrue(torn > 0, \"no cut left a torn record: the sweep tests nothing\")").build());
		type.addMethod(MethodSpec.methodBuilder(HarnessSources.decapitalized(events.name())
				+ "_powerCutDuringTheWrapAround_losesOnlyTheReusedSector").addAnnotation(HarnessSources.TEST)
				.addJavadoc("The area filled once ($L records), so the next record reuses the first sector: the power"
						+ " cut in each of the\nfour periods of the wrap-around (the sector erase started and in"
						+ " progress, the first program into the erased sector,\nthe next one), at offsets inside the"
						+ " erase and the program. The design drops the reused sector's records, the\n$L oldest,"
						+ " with the erase itself (docs/firmware.md: the newest (sectors - 1) x records-per-sector"
						+ " survive);\nevery other committed record survives, none is returned corrupt, the reader"
						+ " returns them newest first, and the\nlog goes on after the restart.\n$L\n",
						events.sectors() * events.recordsPerSector(), events.recordsPerSector(), trace)
				.addStatement("long[] offsets = { 0, 100, 300, 10_000, 30_000 }")
				.beginControlFlow("for (int cutTick = 1; cutTick <= 4; cutTick++)")
				.beginControlFlow("for (long offset : offsets)")
				.addStatement("cutAt(EVENT_SECTORS * RECORDS_PER_SECTOR, cutTick, offset)")
				.endControlFlow().endControlFlow().build());
		return List.of(HarnessSources.file(pack, "Flash log harness", type.build()));
	}

	private static FieldSpec intConstant(String name, long value, String javadoc, String trace) {
		return FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", value).addJavadoc("$L\n$L\n", javadoc, trace).build();
	}
}
