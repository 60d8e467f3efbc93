package org.bmsgen.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;


/** The repository's models/ and generated-firmware/ folders, and what bmsgen generates from the one into the other. */
public final class ModelsFolder {

	private ModelsFolder() {
	}

	/** The repository root: the folder holding models/ and the root pom. */
	public static Path repositoryRoot() {
		String configured = System.getProperty("bmsgen.root");
		if (configured != null && Files.isDirectory(Path.of(configured, "models"))) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no models/ folder above " + Path.of("").toAbsolutePath());
	}

	public static Path models() {
		return repositoryRoot().resolve("models");
	}

	public static Path generatedFirmware() {
		return repositoryRoot().resolve("generated-firmware");
	}

	/** Every .bms file under models/, sorted. */
	public static List<Path> modelFiles() {
		try (Stream<Path> walk = Files.walk(models())) {
			return walk.filter(p -> p.toString().endsWith(".bms")).sorted().collect(Collectors.toList());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
