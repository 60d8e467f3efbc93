package org.bmsgen.cli.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The pack a cells-only model is estimated on promises the reference pack's SoC filter settings: it keeps them. */
class ReferenceBoardTest {

	@Test
	void socSettingsAreTheReferencePacks() throws IOException {
		String board = ReferenceBoard.pack("cells.bms", "C");
		String soc = board.substring(board.indexOf("\tsoc ekf {"), board.indexOf("\t}\n", board.indexOf("\tsoc ekf {")) + 3);
		// Surefire runs in the module's folder: models/ is beside it
		String reference = Files.readString(Path.of("").toAbsolutePath().resolveSibling("models").resolve("smart4s.bms"));
		assertTrue(reference.contains(soc), "cli/.../estimate/ReferenceBoard's soc block differs from models/smart4s.bms':\n"
				+ soc);
	}
}
