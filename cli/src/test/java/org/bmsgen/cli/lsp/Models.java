package org.bmsgen.cli.lsp;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's models/ folder, found from wherever the tests run. */
final class Models {

	private Models() {
	}

	static Path folder() {
		for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
			if (Files.isRegularFile(folder.resolve("models/smart4s.bms"))) {
				return folder.resolve("models");
			}
		}
		throw new IllegalStateException("models/smart4s.bms not found above " + Path.of("").toAbsolutePath());
	}
}
