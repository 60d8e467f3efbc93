package org.bmsgen.generator.firmware;

import java.util.Locale;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.LogLayoutIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code FlashLog.java}: the event and history logs on the W25Q128JV, append-only and circular over each area's
 * sectors, power-loss safe. The emitter prints the areas of {@link LogLayoutIr} and the event codes as
 * constants; the algorithm (record format, head scan, write state machine) is the same for every pack and is
 * documented in docs/firmware.md, "The flash log".
 */
public final class FlashLogEmitter {

	public static final String TYPE_NAME = "FlashLog";

	private static final ClassName STATUS = ClassName.get("org.bmsgen.platform", "Status");
	private static final ClassName SPI_MASTER = ClassName.get("org.bmsgen.platform", "SpiMaster");

	/** Null when the pack has no flash. */
	public GeneratedSource emit(PackIr pack) {
		LogLayoutIr log = pack.log();
		if (log == null) {
			return null;
		}
		Trace trace = log.trace();
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc(classDoc(), pack.name(), log.flashPart(), STATUS, SourceFiles.traceLine(trace));
		type.addField(SourceFiles.intConstant("AREA_EVENTS", 0, "Area index of the event log.", trace));
		type.addField(SourceFiles.intConstant("AREA_HISTORY", 1, "Area index of the history log.", trace));
		area(type, "EVENTS", log.events(), trace);
		area(type, "HISTORY", log.history(), trace);
		type.addField(SourceFiles.intConstant("HISTORY_PERIOD_PERIODS",
				log.history() == null ? 0 : log.history().periodPeriods(), "Control periods between two history"
						+ " records" + (log.history() == null ? " (no history log modelled)." : " ("
								+ log.history().periodMs() + " ms)."),
				log.history() == null ? trace : log.history().trace()));
		type.addField(SourceFiles.intConstant("CONTROL_PERIOD_MS", pack.control().periodMs(), "The control period:"
				+ " tick() runs once per period, so operation timeouts are counted in periods.",
				pack.control().trace()));
		type.addField(SourceFiles.intConstant("RECORD_HISTORY", 0, "Code byte of a history record (event codes"
				+ " start at 1; 0xFF is erased flash).", trace));
		for (LogLayoutIr.EventCode code : log.eventCodes()) {
			type.addField(SourceFiles.intConstant("EVENT_" + eventConstant(code.name()), code.code(),
					"Event code of {@code log event " + code.name() + "}.", trace));
		}
		String[][] offsets = { { "SEQUENCE", "0", "u32: numbers the area's records, +1 per record written" },
				{ "CODE", "4", "u8: event code, or {@link #RECORD_HISTORY}" },
				{ "MACHINE_STATE", "5", "u8: state of the first state machine (0xFF without one)" },
				{ "FLAGS", "6", "u8: bit 0 charge FET on, bit 1 discharge FET on, bit 7 measurements valid" },
				{ "TIME_MS", "7", "u32: PackState.timeMicros / 1000, the MCU's monotonic clock (restarts at reset)" },
				{ "FAULT_WORD", "11", "u32: PackState.faultWord" },
				{ "PACK_MV", "15", "u16: pack voltage" },
				{ "PACK_MA", "17", "s24: pack current, positive while charging" },
				{ "SOC_BP", "20", "u16: state of charge, 10000 = 100 %" },
				{ "MIN_CELL_MV", "22", "u16: lowest cell" },
				{ "MAX_CELL_MV", "24", "u16: highest cell" },
				{ "MAX_TEMPERATURE_CENTI_DEG_C", "26", "s16: highest temperature input" },
				{ "MIN_TEMPERATURE_CENTI_DEG_C", "28", "s16: lowest temperature input" },
				{ "WARNING_WORD", "30", "u32: PackState.warningWord" },
				{ "SOH_BP", "34", "u16: state of health, 10000 = as new" },
				{ "BALANCING_MASK", "36", "u16: cells bleeding" },
				{ "AFE_STATUS", "38", "u8: the AFE's SYS_STAT" },
				{ "CELL_MV", "39", "u16 per cell, bottom cell first, as many as fit" } };
		for (String[] offset : offsets) {
			type.addField(SourceFiles.intConstant("OFFSET_" + offset[0], Integer.parseInt(offset[1]), "Record byte "
					+ offset[1] + ", " + offset[2] + "; little endian.", trace));
		}
		// the SoH snapshot follows the cell voltages, whole or not at all: a reset restores it (Stm32Firmware)
		type.addField(offsetAfter("RESISTANCE_RATIO_BP", "OFFSET_CELL_MV + 2 * PackState.CELL_COUNT", "u16, after the"
				+ " cell voltages: {@code PackState.resistanceRatioBp}, the SoH estimator's measured R0 over the"
				+ " circuit's", trace));
		type.addField(offsetAfter("SOH_MEASURED", "OFFSET_RESISTANCE_RATIO_BP + 2", "u8: {@code"
				+ " PackState.sohMeasured}", trace));
		type.addField(offsetAfter("CELL_CAPACITY_BP", "OFFSET_SOH_MEASURED + 1", "u16 per cell, bottom first: {@code"
				+ " PackState.cellCapacityBp}", trace));
		type.addField(SourceFiles.intConstant("HEADER_BYTES", 11, "Sequence, code, machine state, flags and time:"
				+ " what every record holds.", trace));
		type.addField(SourceFiles.intConstant("CRC_BYTES", 4, "The record's last 4 bytes: CRC-32 (Checksums.crc32)"
				+ " of all bytes before them, little endian.", trace));
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "HISTORY_HOLDS_SOH", Modifier.PUBLIC, Modifier.STATIC,
				Modifier.FINAL).initializer("HISTORY_RECORD_BYTES >= OFFSET_CELL_CAPACITY_BP + 2 * PackState.CELL_COUNT"
						+ " + CRC_BYTES")
				.addJavadoc("A history record is large enough for every cell voltage and the SoH snapshot, so a"
						+ " reset does not forget the measured SoH.\n$L\n", SourceFiles.traceLine(trace)).build());
		type.addField(SourceFiles.intConstant("QUEUE_DEPTH", 8, "Events queued between two writes: a fault"
				+ " cascade logs a few events in one period, and one record is written per period.", trace));
		privateConstant(type, "OP_IDLE", "0", "No program or erase in flight.");
		privateConstant(type, "OP_ERASE", "1", "A Sector Erase in flight.");
		privateConstant(type, "OP_PROGRAM", "2", "A Page Program in flight.");
		privateConstant(type, "PROGRAM_TIMEOUT_PERIODS",
				"W25q128jvFlash.PAGE_PROGRAM_MAX_MICROS / (CONTROL_PERIOD_MS * 1000) + 2",
				"Periods BUSY may last after a program (tPP max, rounded up, plus the period it started in).");
		privateConstant(type, "ERASE_TIMEOUT_PERIODS",
				"W25q128jvFlash.SECTOR_ERASE_MAX_MICROS / (CONTROL_PERIOD_MS * 1000) + 2",
				"Periods BUSY may last after an erase (tSE max, rounded up, plus the period it started in).");
		privateConstant(type, "START_BUSY_POLLS", "1000",
				"Status reads start() spends waiting for an operation left running by a reset of the MCU alone.");
		privateConstant(type, "MAX_RECORD_BYTES",
				"EVENTS_RECORD_BYTES > HISTORY_RECORD_BYTES ? EVENTS_RECORD_BYTES : HISTORY_RECORD_BYTES",
				"The larger record: the size of the write and read-back buffers.");
		fields(type);
		methods(type);
		return SourceFiles.file(pack, "Flash event and history log", type.build());
	}

	private static String classDoc() {
		return "The event and history logs of pack $L on the $L: append-only, circular over each area's sectors,\n"
				+ "power-loss safe, written one flash operation per control period.\n"
				+ "\n<p><b>Record</b> (little endian; the areas' record sizes divide the 256-byte page, so a record is"
				+ " one Page Program):\n<pre>\n"
				+ " 0 sequence u32     4 code u8 (0 history, else EVENT_*)   5 state of the first machine u8\n"
				+ " 6 flags u8 (bit 0 charge FET, bit 1 discharge FET, bit 7 measurements valid)   7 time ms u32\n"
				+ "11 fault word u32  15 pack mV u16  17 pack mA s24  20 SoC bp u16  22 min cell mV u16\n"
				+ "24 max cell mV u16  26 max temperature cdegC s16  28 min temperature s16  30 warning word u32\n"
				+ "34 SoH bp u16  36 balancing mask u16  38 SYS_STAT u8  39 cell mV u16 each, bottom first\n"
				+ "then, only if all of it fits: R0 ratio bp u16, SoH measured u8, capacity bp u16 per cell\n"
				+ "last 4 bytes: CRC-32 of every byte before them\n</pre>\n"
				+ "A record holds the fields after the header (bytes 0..10) that fit before its CRC, in this order, and"
				+ " 0xFF in the\nbytes left over: a 32-byte record ends with the maximum temperature, a 64-byte record"
				+ " carries cell voltages\nand, up to 4 cells, the SoH the firmware restores after a reset.\nA slot that is all 0xFF is erased; a slot whose CRC fails is torn (cut by"
				+ " a power loss) or half-erased: neither\nis a record, and neither is ever returned.\n"
				+ "\n<p><b>Writing.</b> Each area is a ring of slots; the head is the next slot to program. Entering a"
				+ " sector (slot 0), the\nsector is erased first: the oldest data goes, one sector at a time, and"
				+ " each sector is erased once per lap (wear\nspread evenly). A record is committed when its program"
				+ " has finished (BUSY clear) and reading it back gives the\nbytes written; a slot whose read-back"
				+ " differs and is not erased is skipped for good (never programmed twice), and\nthe record goes to"
				+ " the next slot with a new sequence number.\n"
				+ "\n<p><b>Finding the head after a reset</b> ({@link #start()}): in each sector, the first valid record"
				+ " before the first\nerased slot gives the sector's key; the sector with the highest key is the head"
				+ " sector, and the head is its first\nerased slot (or the next sector's slot 0 when it is full). No"
				+ " valid record: slot 0 of the first sector. A sector\nbeing erased when the power went holds only"
				+ " records older than the head sector's, so it never wins; a torn slot\nis not erased, so it is never"
				+ " programmed again. Sequence numbers go on from the head sector's highest.\n"
				+ "\n<p>Calls return {@link $T} codes; nothing allocates after construction.\n$L\n";
	}

	private static void area(TypeSpec.Builder type, String prefix, LogLayoutIr.Area area, Trace logTrace) {
		Trace trace = area == null ? logTrace : area.trace();
		String absent = area == null ? " (not modelled: 0)" : "";
		type.addField(SourceFiles.intConstant(prefix + "_START_BYTE", area == null ? 0 : area.startByte(),
				"Flash address of the " + prefix.toLowerCase(Locale.ROOT) + " area, on a sector boundary" + absent
						+ ".", trace));
		type.addField(SourceFiles.intConstant(prefix + "_SECTORS", area == null ? 0 : area.sectors(), "Erase sectors"
				+ " of the area" + (area == null ? absent : " (" + area.sizeBytes() / 1024 + " KiB)") + ".", trace));
		type.addField(SourceFiles.intConstant(prefix + "_RECORD_BYTES", area == null ? 0 : area.recordBytes(),
				"Bytes of one record" + absent + ".", trace));
		type.addField(SourceFiles.intConstant(prefix + "_RECORDS_PER_SECTOR", area == null ? 0
				: area.recordsPerSector(), "Record slots in one sector" + absent + ".", trace));
	}

	private static FieldSpec offsetAfter(String name, String expression, String what, Trace trace) {
		return FieldSpec.builder(TypeName.INT, "OFFSET_" + name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", expression).addJavadoc("Record byte $L, $L; little endian; written only when the"
						+ " whole SoH snapshot fits.\n$L\n", expression, what, SourceFiles.traceLine(trace)).build();
	}

	private static void privateConstant(TypeSpec.Builder type, String name, String value, String javadoc) {
		type.addField(FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", value).addJavadoc("$L\n", javadoc).build());
	}

	private static void field(TypeSpec.Builder type, TypeName kind, String name, String init, String javadoc) {
		FieldSpec.Builder field = FieldSpec.builder(kind, name, Modifier.PRIVATE);
		if (init != null) {
			field.addModifiers(Modifier.FINAL).initializer("$L", init);
		}
		type.addField(field.addJavadoc("$L\n", javadoc).build());
	}

	private static void fields(TypeSpec.Builder type) {
		TypeName ints = TypeName.get(int[].class);
		TypeName longs = TypeName.get(long[].class);
		TypeName bytes = TypeName.get(byte[].class);
		TypeName booleans = TypeName.get(boolean[].class);
		field(type, ClassName.get("", "W25q128jvFlash"), "flash", null, "The chip.");
		field(type, ints, "areaStartByte", "new int[] { EVENTS_START_BYTE, HISTORY_START_BYTE }", "Per area.");
		field(type, ints, "areaSectors", "new int[] { EVENTS_SECTORS, HISTORY_SECTORS }", "Per area.");
		field(type, ints, "areaRecordBytes", "new int[] { EVENTS_RECORD_BYTES, HISTORY_RECORD_BYTES }", "Per area.");
		field(type, ints, "areaRecordsPerSector", "new int[] { EVENTS_RECORDS_PER_SECTOR, HISTORY_RECORDS_PER_SECTOR }",
				"Per area.");
		field(type, ints, "headSector", "new int[2]", "Sector of the next slot to program, per area.");
		field(type, ints, "headSlot", "new int[2]", "Slot in that sector, per area.");
		field(type, booleans, "headSectorReady", "new boolean[2]",
				"The head sector has been erased this lap (or was found in use): programs may go there.");
		field(type, longs, "nextSequence", "new long[2]", "Sequence number of the next record, per area (u32).");
		field(type, longs, "lastCommittedSequence", "new long[] { -1L, -1L }",
				"Sequence of the newest committed record, per area, -1 for none.");
		field(type, ints, "committed", "new int[2]", "Records committed since construction, per area.");
		field(type, bytes, "queue", "new byte[QUEUE_DEPTH * (EVENTS_RECORD_BYTES > 0 ? EVENTS_RECORD_BYTES : 1)]",
				"Queued event records, encoded when logged; sequence and CRC are stamped when written.");
		field(type, TypeName.INT, "queueFirst", null, "Queue slot of the oldest queued event.");
		field(type, TypeName.INT, "queueCount", null, "Events queued.");
		field(type, TypeName.INT, "droppedEvents", null, "Events refused because the queue was full.");
		field(type, bytes, "historyRecord", "new byte[HISTORY_RECORD_BYTES > 0 ? HISTORY_RECORD_BYTES : 1]",
				"The history record waiting to be written.");
		field(type, TypeName.BOOLEAN, "historyPending", null, "A history record waits in historyRecord.");
		field(type, TypeName.INT, "periodsSinceHistory", null, "Periods since the last history sample.");
		field(type, TypeName.INT, "missedHistory", null, "History samples skipped because the last one was not yet"
				+ " written.");
		field(type, bytes, "writing", "new byte[MAX_RECORD_BYTES]", "The record being programmed.");
		field(type, bytes, "readBack", "new byte[MAX_RECORD_BYTES]", "Verify and scan buffer.");
		field(type, TypeName.INT, "operation", null, "OP_IDLE, OP_ERASE or OP_PROGRAM.");
		field(type, TypeName.INT, "operationArea", null, "Area of the operation in flight.");
		field(type, TypeName.INT, "operationAddress", null, "Address of the operation in flight.");
		field(type, TypeName.INT, "operationPeriods", null, "Periods the operation has been BUSY.");
		field(type, TypeName.INT, "failures", null, "Failed transactions, refused starts, timeouts and failed"
				+ " verifies.");
		field(type, TypeName.BOOLEAN, "started", null, "start() found the chip and both heads.");
	}

	private static MethodSpec.Builder method(String name, TypeName returns, String javadoc, Object... args) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns).addJavadoc(javadoc + "\n",
				args);
	}

	private static MethodSpec.Builder helper(String name, TypeName returns, String javadoc) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).returns(returns)
				.addJavadoc("$L\n", javadoc);
	}

	private static void methods(TypeSpec.Builder type) {
		ClassName packState = ClassName.get("", "PackState");
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(SPI_MASTER, "spi")
				.addJavadoc("@param spi the STM32's SPI master with the flash on {@link W25q128jvFlash#CHIP_SELECT}\n")
				.addStatement("this.flash = new W25q128jvFlash(spi)").build());

		type.addMethod(method("start", TypeName.INT, "Checks the JEDEC ID and finds each area's head and next"
				+ " sequence (the scan in the class comment).\nReads one record per empty sector and every slot up to"
				+ " the head in the head sector: at most a few hundred KiB\nonce at start-up.\n@return {@link $T#OK},"
				+ " {@link $T#BUSY} while an operation started before an MCU-only reset still runs (call\nagain next"
				+ " period), or the failure of the chip or the bus", STATUS, STATUS)
				.addCode(Lines.of("started = false", "int result = flash.checkId()", "if (result < 0) {",
						"return result", "}", "result = waitIdle()", "if (result < 0) {", "return result", "}",
						"for (int area = 0; area < 2; area++) {", "result = findHead(area)", "if (result < 0) {",
						"return result", "}", "}", "operation = OP_IDLE", "started = true", "return Status.OK"))
				.build());

		type.addMethod(method("logEvent", TypeName.INT, "Queues an event record with a snapshot of the state now;"
				+ " tick() writes it.\n@param code an {@code EVENT_*} code, 1..255\n@return {@link $T#OK}, {@link"
				+ " $T#FULL} when {@link #QUEUE_DEPTH} events wait (counted in\n{@link #droppedEvents()}), {@link"
				+ " $T#INVALID_ARGUMENT} for a code out of range or without an event log", STATUS, STATUS, STATUS)
				.addParameter(TypeName.INT, "code").addParameter(packState, "state")
				.addCode(Lines.of("if (EVENTS_SECTORS == 0 || code < 1 || code > 255) {",
						"return Status.INVALID_ARGUMENT", "}", "if (queueCount == QUEUE_DEPTH) {",
						"droppedEvents++", "return Status.FULL", "}",
						"int slot = (queueFirst + queueCount) % QUEUE_DEPTH",
						"encode(queue, slot * EVENTS_RECORD_BYTES, EVENTS_RECORD_BYTES, code, state)", "queueCount++",
						"return Status.OK"))
				.build());

		type.addMethod(method("tick", TypeName.VOID, "One control period: samples a history record every {@link"
				+ " #HISTORY_PERIOD_PERIODS}, and moves the writes on:\npolls the operation in flight (a finished"
				+ " program is read back and committed), then starts at most one\nprogram or erase. Never waits for"
				+ " the flash.")
				.addParameter(packState, "state")
				.addCode(Lines.of("if (HISTORY_SECTORS > 0 && HISTORY_PERIOD_PERIODS > 0) {",
						"periodsSinceHistory++", "if (periodsSinceHistory >= HISTORY_PERIOD_PERIODS) {",
						"periodsSinceHistory = 0", "if (historyPending) {", "missedHistory++", "} else {",
						"encode(historyRecord, 0, HISTORY_RECORD_BYTES, RECORD_HISTORY, state)",
						"historyPending = true", "}", "}", "}", "if (!started) {", "return", "}",
						"if (operation != OP_IDLE) {", "int status = flash.readStatus()", "if (status < 0) {",
						"failures++", "return", "}", "if ((status & W25q128jvFlash.STATUS_BUSY) != 0) {",
						"operationPeriods++",
						"int limit = operation == OP_ERASE ? ERASE_TIMEOUT_PERIODS : PROGRAM_TIMEOUT_PERIODS",
						"if (operationPeriods > limit) {",
						"// the chip overran its datasheet maximum: give up this attempt; it is retried when the chip"
								+ " answers again",
						"failures++", "operation = OP_IDLE", "}", "return", "}",
						"if (operation == OP_ERASE) {", "headSectorReady[operationArea] = true", "operation = OP_IDLE",
						"} else {", "finishProgram()", "}", "}", "startNext()"))
				.build());

		type.addMethod(method("readRecord", TypeName.INT, "Copies a committed record, newest first, for tests and"
				+ " diagnostics: walks the area back from the head,\nskipping erased and torn slots. Reads up to the"
				+ " whole area: not for the control tick.\n@param area {@link #AREA_EVENTS} or {@link"
				+ " #AREA_HISTORY}\n@param indexFromNewest 0 for the newest record\n@param into receives the record"
				+ " ({@code *_RECORD_BYTES} bytes)\n@return {@link $T#OK}, {@link $T#BUSY} while an operation is in"
				+ " flight, {@link $T#INVALID_ARGUMENT}\nwhen the area holds fewer records, or the bus's failure",
				STATUS, STATUS, STATUS)
				.addParameter(TypeName.INT, "area").addParameter(TypeName.LONG, "indexFromNewest")
				.addParameter(byte[].class, "into")
				.addCode(Lines.of("if (!started || area < 0 || area > 1 || areaSectors[area] == 0 || indexFromNewest < 0"
						+ " || into.length < areaRecordBytes[area]) {", "return Status.INVALID_ARGUMENT", "}",
						"if (operation != OP_IDLE) {", "return Status.BUSY", "}",
						"int bytes = areaRecordBytes[area]", "int perSector = areaRecordsPerSector[area]",
						"int sector = headSector[area]", "int slot = headSlot[area]", "long found = 0",
						"long newer = -1L", "int slots = areaSectors[area] * perSector",
						"for (int step = 0; step < slots; step++) {", "if (slot == 0) {",
						"sector = sector == 0 ? areaSectors[area] - 1 : sector - 1", "slot = perSector", "}",
						"slot--", "int result = flash.read(slotAddress(area, sector, slot), readBack, 0, bytes)",
						"if (result < 0) {", "return result", "}", "if (!isRecord(readBack, 0, bytes)) {", "continue",
						"}", "long sequence = sequence(readBack, 0)", "if (newer >= 0 && sequence >= newer) {",
						"// back round to newer records: the area holds no more", "break", "}",
						"newer = sequence", "if (found == indexFromNewest) {",
						"System.arraycopy(readBack, 0, into, 0, bytes)", "return Status.OK", "}", "found++", "}",
						"return Status.INVALID_ARGUMENT"))
				.build());

		type.addMethod(method("readNewest", TypeName.INT, "Copies an area's newest record (at start-up: what the"
				+ " firmware restores after a reset). The newest record\nlies just behind the head, so this reads a"
				+ " slot or two; an area without records is not walked.\n@param area {@link #AREA_EVENTS} or"
				+ " {@link #AREA_HISTORY}\n@param into receives the record ({@code *_RECORD_BYTES} bytes)\n@return"
				+ " {@link $T#OK}, {@link $T#INVALID_ARGUMENT} when the area holds no record, as {@link"
				+ " #readRecord} otherwise", STATUS, STATUS)
				.addParameter(TypeName.INT, "area").addParameter(byte[].class, "into")
				.addCode(Lines.of("if (!started || area < 0 || area > 1 || lastCommittedSequence[area] < 0) {",
						"return Status.INVALID_ARGUMENT", "}", "return readRecord(area, 0, into)"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("readEstimates").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(byte[].class, "record").addParameter(packState, "state")
				.addJavadoc("Decodes a history record's SoC into {@code state.socBp} and its SoH snapshot into {@code"
						+ " state.cellCapacityBp},\n{@code resistanceRatioBp} and {@code sohMeasured} (0 when the"
						+ " record has no snapshot).\n@param record a record as {@link #readNewest} gives it\n@return"
						+ " false, the state untouched, unless it is a history record taken with valid"
						+ " measurements\n(before the first valid reading the SoC is not the filter's)\n")
				.addCode(Lines.of("if (HISTORY_RECORD_BYTES < OFFSET_SOC_BP + 2 + CRC_BYTES"
						+ " || record.length < HISTORY_RECORD_BYTES || record[OFFSET_CODE] != RECORD_HISTORY"
						+ " || (record[OFFSET_FLAGS] & 0x80) == 0) {", "return false", "}",
						"state.socBp = (int) readUnsigned(record, OFFSET_SOC_BP, 2)", "state.sohMeasured = 0",
						"if (HISTORY_HOLDS_SOH) {",
						"state.resistanceRatioBp = (int) readUnsigned(record, OFFSET_RESISTANCE_RATIO_BP, 2)",
						"int measured = record[OFFSET_SOH_MEASURED] & 0xFF",
						"// bits beyond the two defined: not a snapshot (0xFF where an older layout left the bytes unused)",
						"state.sohMeasured = (measured & ~(PackState.SOH_CAPACITY_MEASURED"
								+ " | PackState.SOH_RESISTANCE_MEASURED)) == 0 ? measured : 0",
						"for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {",
						"state.cellCapacityBp[cell] = (int) readUnsigned(record, OFFSET_CELL_CAPACITY_BP + 2 * cell, 2)",
						"}", "}", "return true"))
				.build());
		type.addMethod(method("committedEvents", TypeName.INT, "@return event records committed since construction")
				.addStatement("return committed[AREA_EVENTS]").build());
		type.addMethod(method("committedHistory", TypeName.INT,
				"@return history records committed since construction")
				.addStatement("return committed[AREA_HISTORY]").build());
		type.addMethod(method("lastCommittedSequence", TypeName.LONG, "@param area {@link #AREA_EVENTS} or {@link"
				+ " #AREA_HISTORY}\n@return sequence of the newest record committed or found by start(), -1 for"
				+ " none").addParameter(TypeName.INT, "area").addStatement("return lastCommittedSequence[area]")
				.build());
		type.addMethod(method("nextSequence", TypeName.LONG, "@param area {@link #AREA_EVENTS} or {@link"
				+ " #AREA_HISTORY}\n@return the sequence number the next record of the area gets")
				.addParameter(TypeName.INT, "area").addStatement("return nextSequence[area]").build());
		type.addMethod(method("headAddress", TypeName.INT, "@param area {@link #AREA_EVENTS} or {@link"
				+ " #AREA_HISTORY}\n@return the flash address of the next slot to program")
				.addParameter(TypeName.INT, "area")
				.addStatement("return slotAddress(area, headSector[area], headSlot[area])").build());
		type.addMethod(method("droppedEvents", TypeName.INT, "@return events refused because the queue was full")
				.addStatement("return droppedEvents").build());
		type.addMethod(method("missedHistory", TypeName.INT, "@return history samples skipped (the previous one"
				+ " still waiting)").addStatement("return missedHistory").build());
		type.addMethod(method("failures", TypeName.INT, "@return failed transactions, refused starts, timeouts and"
				+ " failed verifies").addStatement("return failures").build());
		type.addMethod(method("pendingWrites", TypeName.INT, "@return records waiting to be committed (queued events,"
				+ " a history sample, the one being programmed)")
				.addStatement("return queueCount + (historyPending ? 1 : 0)").build());
		type.addMethod(method("idle", TypeName.BOOLEAN, "@return no program or erase in flight")
				.addStatement("return operation == OP_IDLE").build());

		type.addMethod(MethodSpec.methodBuilder("isRecord").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(byte[].class, "record").addParameter(TypeName.INT, "offset")
				.addParameter(TypeName.INT, "bytes")
				.addJavadoc("@return true if {@code record[offset..offset+bytes)} is a record: not erased, CRC-32"
						+ " good\n")
				.addCode(Lines.of("boolean erased = true", "for (int i = offset; i < offset + bytes; i++) {",
						"if (record[i] != (byte) 0xFF) {", "erased = false", "break", "}", "}", "if (erased) {",
						"return false", "}", "int end = offset + bytes - CRC_BYTES",
						"int crc = Checksums.crc32Final(Checksums.crc32(Checksums.CRC32_INITIAL, record, offset, end"
								+ " - offset))",
						"return crc == (int) readUnsigned(record, end, 4)"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("sequence").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(byte[].class, "record").addParameter(TypeName.INT, "offset")
				.addJavadoc("@return the record's sequence number, 0..2^32-1\n")
				.addStatement("return readUnsigned(record, offset + OFFSET_SEQUENCE, 4)").build());
		type.addMethod(MethodSpec.methodBuilder("readUnsigned").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(byte[].class, "record").addParameter(TypeName.INT, "at")
				.addParameter(TypeName.INT, "width")
				.addJavadoc("@return the little-endian unsigned field of {@code width} bytes (1..4) at {@code at}\n")
				.addCode(Lines.of("long value = 0", "for (int i = width - 1; i >= 0; i--) {",
						"value = value << 8 | (record[at + i] & 0xFF)", "}", "return value"))
				.build());

		// ---- private
		type.addMethod(helper("waitIdle", TypeName.INT, "Waits, bounded, for an operation a reset of the MCU alone"
				+ " left running: reads return 0xFF while BUSY.")
				.addCode(Lines.of("for (int poll = 0; poll < START_BUSY_POLLS; poll++) {",
						"int status = flash.readStatus()", "if (status < 0) {", "return status", "}",
						"if ((status & W25q128jvFlash.STATUS_BUSY) == 0) {", "return Status.OK", "}", "}",
						"return Status.BUSY"))
				.build());
		type.addMethod(helper("findHead", TypeName.INT, "The head scan of the class comment, for one area.")
				.addParameter(TypeName.INT, "area")
				.addCode(Lines.of("headSector[area] = 0", "headSlot[area] = 0", "headSectorReady[area] = false",
						"nextSequence[area] = 0", "lastCommittedSequence[area] = -1L", "int sectors = areaSectors[area]",
						"int perSector = areaRecordsPerSector[area]", "int bytes = areaRecordBytes[area]",
						"if (sectors == 0) {", "return Status.OK", "}", "long bestKey = -1L", "int bestSector = -1",
						"for (int sector = 0; sector < sectors; sector++) {",
						"for (int slot = 0; slot < perSector; slot++) {",
						"int result = flash.read(slotAddress(area, sector, slot), readBack, 0, bytes)",
						"if (result < 0) {", "return result", "}", "if (erased(readBack, bytes)) {", "break", "}",
						"if (isRecord(readBack, 0, bytes)) {", "long key = sequence(readBack, 0)",
						"if (key > bestKey) {", "bestKey = key", "bestSector = sector", "}", "break", "}", "}", "}",
						"if (bestSector < 0) {", "return Status.OK", "}", "long newest = bestKey", "int head = perSector",
						"for (int slot = 0; slot < perSector; slot++) {",
						"int result = flash.read(slotAddress(area, bestSector, slot), readBack, 0, bytes)",
						"if (result < 0) {", "return result", "}", "if (erased(readBack, bytes)) {", "head = slot",
						"break", "}", "if (isRecord(readBack, 0, bytes) && sequence(readBack, 0) > newest) {",
						"newest = sequence(readBack, 0)", "}", "}", "lastCommittedSequence[area] = newest",
						"nextSequence[area] = (newest + 1) & 0xFFFFFFFFL", "headSector[area] = bestSector",
						"headSlot[area] = head", "headSectorReady[area] = true", "if (head == perSector) {",
						"advanceHead(area)", "}", "return Status.OK"))
				.build());
		type.addMethod(helper("startNext", TypeName.VOID, "Starts the next erase or program, events before history.")
				.addCode(Lines.of("int area", "if (queueCount > 0) {", "area = AREA_EVENTS",
						"} else if (historyPending) {", "area = AREA_HISTORY", "} else {", "return", "}",
						"if (!headSectorReady[area]) {",
						"int address = slotAddress(area, headSector[area], 0)",
						"int result = flash.startSectorErase(address)", "if (result < 0) {", "failures++", "return",
						"}", "begin(OP_ERASE, area, address)", "return", "}", "int bytes = areaRecordBytes[area]",
						"if (area == AREA_EVENTS) {",
						"System.arraycopy(queue, queueFirst * EVENTS_RECORD_BYTES, writing, 0, bytes)", "} else {",
						"System.arraycopy(historyRecord, 0, writing, 0, bytes)", "}",
						"// a new number for every attempt: a slot that failed verify never shares one with a record",
						"writeUnsigned(writing, OFFSET_SEQUENCE, 4, nextSequence[area])",
						"nextSequence[area] = (nextSequence[area] + 1) & 0xFFFFFFFFL",
						"int crc = Checksums.crc32Final(Checksums.crc32(Checksums.CRC32_INITIAL, writing, 0, bytes -"
								+ " CRC_BYTES))",
						"writeUnsigned(writing, bytes - CRC_BYTES, 4, crc & 0xFFFFFFFFL)",
						"int address = slotAddress(area, headSector[area], headSlot[area])",
						"int result = flash.startPageProgram(address, writing, 0, bytes)", "if (result < 0) {",
						"failures++", "return", "}", "begin(OP_PROGRAM, area, address)"))
				.build());
		type.addMethod(helper("begin", TypeName.VOID, "Notes the operation just started.")
				.addParameter(TypeName.INT, "kind").addParameter(TypeName.INT, "area")
				.addParameter(TypeName.INT, "address")
				.addCode(Lines.of("operation = kind", "operationArea = area", "operationAddress = address",
						"operationPeriods = 0"))
				.build());
		type.addMethod(helper("finishProgram", TypeName.VOID, "The program finished: read it back; commit it, or"
				+ " retire the slot if it was written wrong.")
				.addCode(Lines.of("int area = operationArea", "int bytes = areaRecordBytes[area]",
						"operation = OP_IDLE", "int result = flash.read(operationAddress, readBack, 0, bytes)",
						"if (result < 0) {", "failures++", "return", "}", "boolean same = true",
						"for (int i = 0; i < bytes; i++) {", "if (readBack[i] != writing[i]) {", "same = false",
						"break", "}", "}", "if (!same) {", "failures++", "if (!erased(readBack, bytes)) {",
						"// torn or disturbed: bits can only be cleared now, so this slot is never programmed again",
						"advanceHead(area)", "}", "return", "}",
						"lastCommittedSequence[area] = sequence(writing, 0)", "committed[area]++", "advanceHead(area)",
						"if (area == AREA_EVENTS) {", "queueFirst = (queueFirst + 1) % QUEUE_DEPTH", "queueCount--",
						"} else {", "historyPending = false", "}"))
				.build());
		type.addMethod(helper("advanceHead", TypeName.VOID, "The next slot; entering a sector, it must be erased"
				+ " first.").addParameter(TypeName.INT, "area")
				.addCode(Lines.of("headSlot[area]++", "if (headSlot[area] >= areaRecordsPerSector[area]) {",
						"headSlot[area] = 0", "headSector[area] = (headSector[area] + 1) % areaSectors[area]",
						"headSectorReady[area] = false", "}"))
				.build());
		type.addMethod(helper("slotAddress", TypeName.INT, "Flash address of a slot.")
				.addParameter(TypeName.INT, "area").addParameter(TypeName.INT, "sector")
				.addParameter(TypeName.INT, "slot")
				.addStatement("return areaStartByte[area] + sector * W25q128jvFlash.SECTOR_BYTES + slot"
						+ " * areaRecordBytes[area]")
				.build());
		type.addMethod(MethodSpec.methodBuilder("erased").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.BOOLEAN).addParameter(byte[].class, "record").addParameter(TypeName.INT, "bytes")
				.addJavadoc("All 0xFF: never programmed since the last erase.\n")
				.addCode(Lines.of("for (int i = 0; i < bytes; i++) {", "if (record[i] != (byte) 0xFF) {",
						"return false", "}", "}", "return true"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("writeUnsigned").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.VOID).addParameter(byte[].class, "record").addParameter(TypeName.INT, "at")
				.addParameter(TypeName.INT, "width").addParameter(TypeName.LONG, "value")
				.addJavadoc("Little endian, {@code width} bytes.\n")
				.addCode(Lines.of("for (int i = 0; i < width; i++) {", "record[at + i] = (byte) (value >>> (8 * i))",
						"}"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("clamp").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(TypeName.INT, "value").addParameter(TypeName.INT, "min")
				.addParameter(TypeName.INT, "max").addJavadoc("A value into its field's range.\n")
				.addStatement("return value < min ? min : value > max ? max : value").build());
		type.addMethod(helper("encode", TypeName.VOID, "Writes the record format of the class comment, less sequence"
				+ " and CRC, with as many snapshot fields as fit.")
				.addParameter(byte[].class, "record").addParameter(TypeName.INT, "offset")
				.addParameter(TypeName.INT, "bytes").addParameter(TypeName.INT, "code")
				.addParameter(packState, "state")
				.addCode(Lines.of("for (int i = offset; i < offset + bytes; i++) {", "record[i] = (byte) 0xFF", "}",
						"int end = offset + bytes - CRC_BYTES",
						"if (bytes < HEADER_BYTES + CRC_BYTES) {", "return", "}",
						"record[offset + OFFSET_CODE] = (byte) code",
						"record[offset + OFFSET_MACHINE_STATE] = PackState.MACHINE_COUNT > 0 ? (byte)"
								+ " state.machineState[0] : (byte) 0xFF",
						"record[offset + OFFSET_FLAGS] = (byte) ((state.fetMask & 3) | (state.measurementsValid ? 0x80"
								+ " : 0))",
						"writeUnsigned(record, offset + OFFSET_TIME_MS, 4, state.timeMicros / 1000)",
						"if (offset + OFFSET_FAULT_WORD + 4 <= end) {",
						"writeUnsigned(record, offset + OFFSET_FAULT_WORD, 4, state.faultWord)", "}",
						"if (offset + OFFSET_PACK_MV + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_PACK_MV, 2, clamp(state.packMv, 0, 0xFFFF))", "}",
						"if (offset + OFFSET_PACK_MA + 3 <= end) {",
						"writeUnsigned(record, offset + OFFSET_PACK_MA, 3, clamp(state.packMa, -0x800000, 0x7FFFFF))",
						"}", "if (offset + OFFSET_SOC_BP + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_SOC_BP, 2, clamp(state.socBp, 0, 0xFFFF))", "}",
						"if (offset + OFFSET_MIN_CELL_MV + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_MIN_CELL_MV, 2, clamp(state.minCellMv, 0, 0xFFFF))",
						"}", "if (offset + OFFSET_MAX_CELL_MV + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_MAX_CELL_MV, 2, clamp(state.maxCellMv, 0, 0xFFFF))",
						"}", "if (offset + OFFSET_MAX_TEMPERATURE_CENTI_DEG_C + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_MAX_TEMPERATURE_CENTI_DEG_C, 2,"
								+ " clamp(state.maxTemperatureCentiDegC, -0x8000, 0x7FFF))",
						"}", "if (offset + OFFSET_MIN_TEMPERATURE_CENTI_DEG_C + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_MIN_TEMPERATURE_CENTI_DEG_C, 2,"
								+ " clamp(state.minTemperatureCentiDegC, -0x8000, 0x7FFF))",
						"}", "if (offset + OFFSET_WARNING_WORD + 4 <= end) {",
						"writeUnsigned(record, offset + OFFSET_WARNING_WORD, 4, state.warningWord)", "}",
						"if (offset + OFFSET_SOH_BP + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_SOH_BP, 2, clamp(state.sohBp, 0, 0xFFFF))", "}",
						"if (offset + OFFSET_BALANCING_MASK + 2 <= end) {",
						"writeUnsigned(record, offset + OFFSET_BALANCING_MASK, 2, state.balancingMask)", "}",
						"if (offset + OFFSET_AFE_STATUS + 1 <= end) {",
						"record[offset + OFFSET_AFE_STATUS] = (byte) state.afeStatus", "}",
						"for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {",
						"int at = offset + OFFSET_CELL_MV + 2 * cell", "if (at + 2 > end) {", "break", "}",
						"writeUnsigned(record, at, 2, clamp(state.cellMv[cell], 0, 0xFFFF))", "}",
						"if (offset + OFFSET_CELL_CAPACITY_BP + 2 * PackState.CELL_COUNT <= end) {",
						"writeUnsigned(record, offset + OFFSET_RESISTANCE_RATIO_BP, 2, clamp(state.resistanceRatioBp, 0,"
								+ " 0xFFFF))",
						"record[offset + OFFSET_SOH_MEASURED] = (byte) state.sohMeasured",
						"for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {",
						"writeUnsigned(record, offset + OFFSET_CELL_CAPACITY_BP + 2 * cell, 2,"
								+ " clamp(state.cellCapacityBp[cell], 0, 0xFFFF))",
						"}", "}"))
				.build());
	}

	/** {@code enter ship-mode} -> {@code ENTER_SHIP_MODE}; {@code Fault} -> {@code FAULT}. */
	static String eventConstant(String name) {
		String constant = PackStateEmitter.constantName(name.trim()).replaceAll("[^A-Za-z0-9]+", "_");
		return constant.replaceAll("^_+|_+$", "");
	}
}
