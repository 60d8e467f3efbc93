package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;

/** The IR of the repository's models/ packs, built once per test run (the emitters depend on the IR only). */
public final class TestModels {

	public static final String REFERENCE_FILE = "smart4s.bms";
	public static final String REFERENCE_PACK = "Smart4S";
	static final String HALF_MILLIOHM_FILE = "variants/smart4s-half-milliohm-shunt.bms";
	static final String HALF_MILLIOHM_PACK = "Smart4SHalfMilliohmShunt";

	/** Every pack of models/: file relative to models/ -> pack. */
	public static final Map<String, String> ALL = Map.of(REFERENCE_FILE, REFERENCE_PACK, HALF_MILLIOHM_FILE,
			HALF_MILLIOHM_PACK, "variants/smart3s-lfp.bms", "Smart3SLfp", "variants/smart5s-high-current.bms",
			"Smart5SHighCurrent");

	private static final Map<String, PackIr> CACHE = new ConcurrentHashMap<>();

	private TestModels() {
	}

	static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir.resolve("models");
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no models/ folder above " + Path.of("").toAbsolutePath());
	}

	public static PackIr reference() {
		return ir(REFERENCE_FILE, REFERENCE_PACK);
	}

	public static PackIr ir(String relative, String pack) {
		return CACHE.computeIfAbsent(relative + "#" + pack, key -> {
			LoadedPacks.Result result = LoadedPacks.load(root(), List.of(root().resolve(relative))).ir(pack);
			assertTrue(result.succeeded(), () -> "IR of " + pack + " not built: " + result.diagnostics());
			return result.ir();
		});
	}
}
