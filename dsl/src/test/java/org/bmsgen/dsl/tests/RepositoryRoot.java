package org.bmsgen.dsl.tests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The bmsgen checkout the tests run in, found by walking up to the folder that holds models/. */
public final class RepositoryRoot {

	private RepositoryRoot() {
	}

	public static Path get() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no bmsgen checkout above " + Path.of("").toAbsolutePath());
	}

	public static Path models() {
		return get().resolve("models");
	}
}
