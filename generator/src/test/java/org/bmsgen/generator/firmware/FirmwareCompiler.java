package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.bmsgen.platform.Status;

/**
 * Compiles generated firmware as the firmware profile demands: {@code javac --release 7} with every lint warning
 * an error, against the platform module's classes alone (no generator, no JDK beyond Java 7's API), so that a
 * golden file can never bless code that does not compile.
 */
final class FirmwareCompiler {

	private FirmwareCompiler() {
	}

	/** The platform module's classes folder or jar, as the test class path has it. */
	static Path platformClasses() {
		try {
			return Path.of(Status.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Compiles the sources into a new folder under target/ and returns it; fails with javac's messages. */
	static Path compile(String label, List<GeneratedSource> sources) {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertNotNull(javac, "no system Java compiler: the tests need a JDK");
		try {
			Path classes = Files.createDirectories(Path.of("target", "firmware-classes", label));
			List<JavaFileObject> units = new ArrayList<>();
			for (GeneratedSource source : sources) {
				units.add(new SimpleJavaFileObject(URI.create("string:///" + source.relativePath()),
						JavaFileObject.Kind.SOURCE) {
					@Override
					public CharSequence getCharContent(boolean ignoreEncodingErrors) {
						return source.text();
					}
				});
			}
			DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
			List<String> options = List.of("--release", "7", "-Xlint:all", "-Xlint:-options", "-Xdoclint:all/protected", "-Xdoclint:-missing", "-Werror", "-classpath",
					platformClasses().toString(), "-d", classes.toString());
			boolean compiled = javac.getTask(null, null, diagnostics, options, null, units).call();
			assertTrue(compiled && diagnostics.getDiagnostics().isEmpty(), () -> label
					+ " does not compile with --release 7 against the platform alone:\n" + diagnostics.getDiagnostics());
			return classes;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A loader that sees the compiled firmware and the platform, nothing of the generator or the tests. */
	static URLClassLoader loader(Path classes) {
		try {
			return new URLClassLoader(new URL[] { classes.toUri().toURL(), platformClasses().toUri().toURL() },
					ClassLoader.getPlatformClassLoader());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
