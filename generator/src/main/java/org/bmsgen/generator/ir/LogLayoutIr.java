package org.bmsgen.generator.ir;

import java.util.List;

/**
 * Where the logs live on the W25Q128JV ({@link org.bmsgen.dsl.parts.W25q128jv}): the event area first from
 * address 0, the history area right after it. Areas are whole erase sectors (checked), so every area starts
 * and ends on a 4 KiB sector boundary; records divide the 256 B page (checked), so none straddles a page.
 *
 * @param events null when no event log is modelled
 * @param history null when no history log is modelled
 * @param eventCodes the codes {@code log event} actions write, numbered from 1 in order of first use (0 is
 *        not used, 0xFF.. is erased flash); an action without a code logs the name of its state
 */
public record LogLayoutIr(String flashPart, long capacityBytes, int sectorBytes, int pageBytes, Area events,
		Area history, List<EventCode> eventCodes, Trace trace) {

	/**
	 * @param startByte flash address of the area's first byte (a multiple of sectorBytes)
	 * @param periodMs the history's sampling period; 0 for the event log
	 */
	public record Area(String name, long startByte, long sizeBytes, int sectors, int recordBytes,
			int recordsPerSector, int recordsPerPage, int periodMs, int periodPeriods, Trace trace) {
	}

	public record EventCode(int code, String name) {
	}
}
