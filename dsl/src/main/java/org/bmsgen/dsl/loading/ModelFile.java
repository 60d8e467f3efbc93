package org.bmsgen.dsl.loading;

import java.nio.file.Path;

/** A model file to check: where it is, and how to name it in messages (as the user wrote it). */
public record ModelFile(Path path, String displayPath) {

	public static ModelFile of(Path path) {
		return new ModelFile(path, displayPath(path));
	}

	/** Relative to the working directory when below it, as given otherwise. */
	public static String displayPath(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Path workingDirectory = Path.of("").toAbsolutePath().normalize();
		if (absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)) {
			return workingDirectory.relativize(absolute).toString();
		}
		return path.toString();
	}
}
