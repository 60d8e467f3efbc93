package org.bmsgen.firmware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.bmsgen.firmware.ModelsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytecode test, over the compiled classes of every pack's STM32 and ESP32 image
 * (generated-firmware/target/classes): only java.lang, the platform and the image's own package are referenced, and
 * nothing reachable from the control tick allocates. The checker's own tests feed it small images compiled here
 * (javax.tools, --release 7 as the firmware is) whose violations are known.
 */
class FirmwareProfileTest {

	private static final Path FIRMWARE_CLASSES = ModelsFolder.generatedFirmware().resolve("target/classes/org/bmsgen/firmware");

	@TempDir
	Path dir;

	@Test
	void everyImageOfEveryPack_referencesOnlyJavaLangAndThePlatform_andAllocatesNothingOnTheTick() throws IOException {
		Map<String, Path> images = imageFolders(FIRMWARE_CLASSES);
		// every image of the committed sources was compiled: a missing one would pass silently
		List<String> sourceImages = new ArrayList<>();
		for (String pack : packFolders()) {
			try (Stream<Path> packages = Files.list(ModelsFolder.generatedFirmware().resolve(pack + "/java/org/bmsgen/firmware"))) {
				for (Path firmwarePackage : packages.toList()) {
					try (Stream<Path> list = Files.list(firmwarePackage)) {
						list.filter(Files::isDirectory).forEach(image -> sourceImages.add(
								firmwarePackage.getFileName() + "/" + image.getFileName()));
					}
				}
			}
		}
		assertEquals(sourceImages.stream().sorted().toList(), List.copyOf(images.keySet()));
		assertTrue(images.size() >= 8, "four packs, two images each: " + images.keySet());

		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, Path> image : images.entrySet()) {
			FirmwareProfileChecker checker = new FirmwareProfileChecker("org/bmsgen/firmware/" + image.getKey(),
					classFiles(image.getValue()));
			assertFalse(checker.classNames().isEmpty(), image.getKey());
			assertFalse(checker.entryPoints().isEmpty(), image.getKey() + " has no entry point for the tick");
			violations.addAll(checker.violations());
		}
		if (!violations.isEmpty()) {
			fail("the generated firmware breaks the firmware profile (docs/firmware.md) in " + violations.size()
					+ " places:\n  " + violations.stream().limit(60).collect(Collectors.joining("\n  ")));
		}
	}

	// ---- the checker catches what it must, and only that ----

	private static final String TICKING_IMAGE = """
			package org.bmsgen.firmware.selftest.stm32;
			interface Filter { int apply(int value); }
			final class Averaging implements Filter {
			    private final int[] window = new int[8];
			    public int apply(int value) {
			        int[] copy = new int[window.length];
			        System.arraycopy(window, 0, copy, 0, window.length);
			        return copy[0] + value;
			    }
			}
			final class Clamp implements Filter {
			    public int apply(int value) { return Math.max(value, 0); }
			}
			public final class Stm32Firmware {
			    private final Filter filter;
			    private final int[] readings;
			    public Stm32Firmware(boolean averaging) {
			        filter = averaging ? new Averaging() : new Clamp();
			        readings = new int[4];
			    }
			    public int start() { return readings.length; }
			    public void onTick(long tick, long nowMicros) {
			        readings[0] = filter.apply((int) tick);
			        checkTime(nowMicros);
			    }
			    private void checkTime(long nowMicros) {
			        if (nowMicros < 0) {
			            throw new IllegalStateException("negative time " + nowMicros);
			        }
			    }
			    public String describe() { return "reading " + readings[0]; }
			}
			""";

	@Test
	void checker_allocationsReachableFromTheTick_throughAnInterface_andAnExceptionOnAnErrorPath_caught() throws IOException {
		FirmwareProfileChecker checker = compile("org/bmsgen/firmware/selftest/stm32", TICKING_IMAGE);
		assertEquals(List.of("org/bmsgen/firmware/selftest/stm32/Stm32Firmware.onTick(JJ)V"), checker.entryPoints());
		List<String> tick = checker.tickAllocationViolations();
		String all = String.join("\n", tick);
		// Averaging.apply is reached only through the Filter interface
		assertTrue(tick.stream().anyMatch(v -> v.startsWith("org.bmsgen.firmware.selftest.stm32.Averaging.apply(I)I NEWARRAY at line 6")
				&& v.endsWith("(reached from Stm32Firmware.onTick)")), all);
		assertTrue(tick.stream().anyMatch(v -> v.startsWith("org.bmsgen.firmware.selftest.stm32.Stm32Firmware.checkTime(J)V NEW"
				+ " java.lang.IllegalStateException at line 28: allocates an exception")), all);
		assertTrue(tick.stream().anyMatch(v -> v.contains("checkTime(J)V NEW java.lang.StringBuilder")), all);
		assertTrue(tick.stream().anyMatch(v -> v.contains("INVOKEVIRTUAL java.lang.StringBuilder.append(J)")
				&& v.contains("may allocate")), all);
		// the constructors' and start()'s buffers are the rule; describe() is not on the tick; Clamp.apply is clean
		assertFalse(all.contains("<init>"), all);
		assertFalse(all.contains("describe"), all);
		assertFalse(all.contains("Clamp"), all);
		assertFalse(all.contains("arraycopy"), all);
		// NEWARRAY; NEW IllegalStateException, NEW StringBuilder, append(String), append(long), toString()
		assertEquals(6, tick.size(), all);
	}

	@Test
	void checker_typesOutsideJavaLangAndThePlatform_andAnotherImage_andBoxing_caught() throws IOException {
		FirmwareProfileChecker checker = compile("org/bmsgen/firmware/selftest/stm32", """
				package org.bmsgen.firmware.selftest.stm32;
				public final class Telemetry {
				    private final java.util.List<Integer> history = new java.util.ArrayList<Integer>();
				    private final org.bmsgen.platform.Uart uart;
				    public Telemetry(org.bmsgen.platform.Uart uart) { this.uart = uart; }
				    public void record(int packMv) { history.add(packMv); }
				    public int peer() { return org.bmsgen.firmware.selftest.esp32.Peer.VALUE_MV + uart.hashCode(); }
				}
				""", """
				package org.bmsgen.firmware.selftest.esp32;
				public final class Peer {
				    public static int VALUE_MV = 3;
				}
				""");
		String all = String.join("\n", checker.referenceViolations());
		assertTrue(all.contains("Telemetry.history (field): refers to java.util.List (outside java.lang and org.bmsgen.platform)"), all);
		assertTrue(all.contains("NEW java.util.ArrayList"), all);
		assertTrue(all.contains("INVOKESTATIC java.lang.Integer.valueOf(I)Ljava/lang/Integer; at line 6: boxing"), all);
		assertTrue(all.contains("GETSTATIC org.bmsgen.firmware.selftest.esp32.Peer.VALUE_MV at line 7: refers to"
				+ " org.bmsgen.firmware.selftest.esp32.Peer (another image's package"), all);
		assertFalse(all.contains("org.bmsgen.platform.Uart"), "the platform is allowed: " + all);
	}

	@Test
	void checker_aCleanImage_noViolation() throws IOException {
		FirmwareProfileChecker checker = compile("org/bmsgen/firmware/selftest/stm32", """
				package org.bmsgen.firmware.selftest.stm32;
				public final class Stm32Firmware {
				    private final int[] cellMv = new int[4];
				    private int minCellMv;
				    public void onTick(long tick, long nowMicros) {
				        int min = Integer.MAX_VALUE;
				        for (int i = 0; i < cellMv.length; i++) {
				            min = Math.min(min, cellMv[i]);
				        }
				        minCellMv = min + Integer.bitCount((int) tick) * 0;
				    }
				    public int minCellMv() { return minCellMv; }
				}
				""");
		assertEquals(List.of(), checker.violations());
	}

	/** Compiles the sources as the firmware is compiled (--release 7) and reads the classes of one package. */
	private FirmwareProfileChecker compile(String imagePackage, String... sources) throws IOException {
		Path src = Files.createDirectories(dir.resolve("src"));
		Path classes = Files.createDirectories(dir.resolve("classes"));
		List<String> arguments = new ArrayList<>(List.of("--release", "7", "-g", "-nowarn", "-Xlint:-options", "-d",
				classes.toString(), "-classpath", System.getProperty("java.class.path")));
		int n = 0;
		for (String source : sources) {
			Path file = src.resolve("Source" + n++ + ".java");
			String publicClass = source.lines().filter(l -> l.startsWith("public ")).findFirst().orElseThrow();
			String name = publicClass.replaceAll(".*(class|interface) (\\w+).*", "$2");
			file = file.resolveSibling(name + ".java");
			Files.writeString(file, source);
			arguments.add(file.toString());
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertEquals(0, javac.run(null, null, null, arguments.toArray(String[]::new)), "the self-test image compiles");
		return new FirmwareProfileChecker(imagePackage, classFiles(classes.resolve(imagePackage)));
	}

	/** Image folders below target/classes/org/bmsgen/firmware, by "pack/image". */
	private static Map<String, Path> imageFolders(Path root) throws IOException {
		Map<String, Path> images = new TreeMap<>();
		if (!Files.isDirectory(root)) {
			fail(root + " does not exist: build the module first (mvn -pl generated-firmware -am verify)");
		}
		try (Stream<Path> packs = Files.list(root)) {
			for (Path pack : packs.filter(Files::isDirectory).toList()) {
				try (Stream<Path> list = Files.list(pack)) {
					list.filter(Files::isDirectory)
							.forEach(image -> images.put(pack.getFileName() + "/" + image.getFileName(), image));
				}
			}
		}
		return images;
	}

	private static List<String> packFolders() throws IOException {
		try (Stream<Path> list = Files.list(ModelsFolder.generatedFirmware())) {
			return list.filter(p -> Files.isDirectory(p.resolve("java"))).map(p -> p.getFileName().toString()).sorted()
					.toList();
		}
	}

	private static List<byte[]> classFiles(Path folder) {
		try (Stream<Path> list = Files.list(folder)) {
			return list.filter(p -> p.toString().endsWith(".class")).sorted().map(p -> {
				try {
					return Files.readAllBytes(p);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
