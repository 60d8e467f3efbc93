package org.bmsgen.generator.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The generator's version as Maven filtered it into {@code generator.properties}: what every artifact's header
 * names, so that a reviewer knows which generator wrote a file (a version, never a date: same model, same bytes).
 */
public final class GeneratorVersion {

	public static final String VERSION = read();

	private GeneratorVersion() {
	}

	private static String read() {
		try (InputStream in = GeneratorVersion.class.getResourceAsStream("/org/bmsgen/generator/generator.properties")) {
			if (in == null) {
				throw new IllegalStateException("generator.properties missing from the generator's classpath");
			}
			Properties properties = new Properties();
			properties.load(in);
			String version = properties.getProperty("version", "");
			if (version.isEmpty() || version.startsWith("${")) {
				throw new IllegalStateException("generator.properties was not filtered by Maven: version " + version);
			}
			return version;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
