package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bmsgen.generator.PackGenerator;
import org.bmsgen.generator.artifacts.GeneratorVersion;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bmsgen generate`: the reference pack's artifacts as the generator makes them, same bytes twice, refusals that
 * write nothing, and an output folder where only bmsgen's own files are ever replaced or removed.
 */
class GenerateCommandTest {

	private static final String REFERENCE = "smart4s.bms";
	private static final List<String> REFERENCE_FILES = List.of("Smart4S/Smart4S-Control.puml",
			"Smart4S/Smart4S-Control.svg", "Smart4S/Smart4S-configuration.md", "Smart4S/Smart4S.dbc");

	@TempDir
	Path dir;

	private static String reference() {
		return Run.models().resolve(REFERENCE).toString();
	}

	private Path write(String name, String text) throws IOException {
		Path file = dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	@Test
	void referencePack_artifactsAndFirmware_asThePackGeneratorMakesThem_dbcAsItsGolden_sameBytesTwice() throws IOException {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", reference(), "-o", out.toString()).exits(0).clean();
		List<String> listed = run.out().lines().toList();
		assertEquals(REFERENCE_FILES, listed.stream()
				.filter(l -> !l.startsWith("Smart4S/java/") && !l.startsWith("Smart4S/test-java/")).toList());
		assertTrue(listed.contains("Smart4S/test-java/org/bmsgen/firmware/smart4s/harness/SimulatedPack.java"), run.toString());
		// the firmware of both images, as nested paths under the pack's Java source root
		assertTrue(listed.contains("Smart4S/java/org/bmsgen/firmware/smart4s/stm32/PackState.java"), run.toString());
		assertTrue(listed.contains("Smart4S/java/org/bmsgen/firmware/smart4s/esp32/Checksums.java"), run.toString());
		assertTrue(listed.contains("Smart4S/test-java/org/bmsgen/firmware/smart4s/harness/ProtectionHarnessTest.java"), run.toString());
		assertTrue(run.lastErrLine().startsWith("generated " + listed.size() + " files for 1 pack (Smart4S) into " + out),
				run.toString());

		PackIr ir = LoadedPacks.load(Run.models(), List.of(Run.models().resolve(REFERENCE))).ir("Smart4S").ir();
		Map<String, byte[]> expected = new PackGenerator(true).files(ir);
		assertEquals(listed, expected.keySet().stream().map(name -> "Smart4S/" + name).toList());
		for (Map.Entry<String, byte[]> file : expected.entrySet()) {
			assertArrayEquals(file.getValue(), Files.readAllBytes(out.resolve("Smart4S").resolve(file.getKey())),
					file.getKey());
		}
		String golden = Files.readString(Run.repositoryRoot().resolve("generator/src/test/resources/golden/Smart4S.dbc"))
				.replace("@VERSION@", GeneratorVersion.VERSION);
		assertEquals(golden, Files.readString(out.resolve("Smart4S/Smart4S.dbc")));

		Map<String, byte[]> first = contents(out);
		List<String> withMarker = new java.util.ArrayList<>(listed);
		withMarker.add("Smart4S/" + GeneratedFolder.MARKER);
		assertEquals(new java.util.TreeSet<>(withMarker), first.keySet());
		String marker = new String(first.get("Smart4S/" + GeneratedFolder.MARKER), StandardCharsets.UTF_8);
		assertTrue(marker.contains("\njava/org/bmsgen/firmware/smart4s/stm32/PackState.java\n"), marker);
		Run.of("generate", reference(), "-o", out.toString()).exits(0).clean();
		Map<String, byte[]> second = contents(out);
		assertEquals(first.keySet(), second.keySet());
		first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name + " changed on regeneration"));
	}

	@Test
	void variant_namesItsModelsRelativeToTheirCommonFolder_whereverBmsgenRuns() throws IOException {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", Run.models().resolve("variants/smart5s-high-current.bms").toString(), "-o",
				out.toString(), "--no-svg").exits(0).clean();
		assertTrue(run.out().lines().allMatch(l -> l.startsWith("Smart5SHighCurrent/")), "imported Smart4S not generated: " + run);
		String sheet = Files.readString(out.resolve("Smart5SHighCurrent/Smart5SHighCurrent-configuration.md"));
		String head = sheet.substring(0, Math.min(600, sheet.length()));
		assertTrue(head.contains("variants/smart5s-high-current.bms"), head);
		assertFalse(head.contains(Run.models().toString()), "absolute path in the header: " + head);
	}

	@Test
	void modelWithAnError_diagnosticsExitOne_noOutputFolder() throws IOException {
		Path model = write("bad.bms", "pack P {\n\tcells 4S3P NoSuchCell\n}\n");
		Path out = dir.resolve("out");
		Run run = Run.of("generate", model.toString(), "-o", out.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().contains(model + ":2:13: error: no cell 'NoSuchCell' is defined in this file or in a file it imports [unresolved-reference]"),
				run.toString());
		assertTrue(run.lastErrLine().endsWith(": nothing generated"), run.toString());
		assertEquals("", run.out());
		assertFalse(Files.exists(out), "output folder created for a model with errors");
	}

	@Test
	void missingModel_exitTwo() {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", dir.resolve("nowhere.bms").toString(), "-o", out.toString()).exits(2).clean();
		assertEquals(dir.resolve("nowhere.bms") + ":1:1: error: no such file [io]", run.errLines().get(0));
		assertFalse(Files.exists(out));
	}

	@Test
	void unknownPack_exitTwoListingThePacks() {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", reference(), "--pack", "Smart9S", "-o", out.toString()).exits(2).clean();
		assertTrue(run.lastErrLine().startsWith("no pack Smart9S in ") && run.lastErrLine().endsWith(" (packs: Smart4S)"),
				run.toString());
		assertFalse(Files.exists(out));
	}

	@Test
	void namedPack_onlyThatOne() throws IOException {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", reference(), "--pack", "Smart4S", "-o", out.toString(), "--no-svg").exits(0).clean();
		assertEquals(List.of("Smart4S/Smart4S-Control.puml", "Smart4S/Smart4S-configuration.md", "Smart4S/Smart4S.dbc"),
				run.out().lines().filter(l -> !l.startsWith("Smart4S/java/") && !l.startsWith("Smart4S/test-java/")).toList());
	}

	@Test
	void foreignFolder_refusedAndLeftUntouched() throws IOException {
		Path mine = write("out/Smart4S/Smart4S.dbc", "my own database\n");
		Run run = Run.of("generate", reference(), "-o", dir.resolve("out").toString(), "--no-svg").exits(2).clean();
		assertTrue(run.lastErrLine().contains("already holds files that bmsgen did not write"), run.toString());
		assertEquals("", run.out());
		assertEquals("my own database\n", Files.readString(mine));
		assertEquals(List.of("Smart4S/Smart4S.dbc"), List.copyOf(contents(dir.resolve("out")).keySet()));
	}

	@Test
	void emptyExistingFolder_isUsed() throws IOException {
		Files.createDirectories(dir.resolve("out/Smart4S"));
		Run.of("generate", reference(), "-o", dir.resolve("out").toString(), "--no-svg").exits(0).clean();
		assertTrue(Files.exists(dir.resolve("out/Smart4S").resolve(GeneratedFolder.MARKER)));
	}

	@Test
	void regeneration_removesStaleGeneratedFile_keepsUserFiles() throws IOException {
		Path out = dir.resolve("out");
		Run.of("generate", reference(), "-o", out.toString()).exits(0).clean();
		Path svg = out.resolve("Smart4S/Smart4S-Control.svg");
		assertTrue(Files.exists(svg));
		Path notes = write("out/Smart4S/notes.txt", "my notes\n");
		Path beside = write("out/README.md", "beside the pack folders\n");

		Run run = Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		assertFalse(Files.exists(svg), "the SVG written before and no longer produced stays behind");
		assertTrue(run.err().contains("removed Smart4S/Smart4S-Control.svg"), run.toString());
		assertEquals("my notes\n", Files.readString(notes));
		assertEquals("beside the pack folders\n", Files.readString(beside));
		String marker = Files.readString(out.resolve("Smart4S").resolve(GeneratedFolder.MARKER));
		assertFalse(marker.contains("notes.txt"), marker);
		assertFalse(marker.contains(".svg"), marker);
		assertTrue(marker.contains("\nSmart4S.dbc\n"), marker);
	}

	@Test
	void userFileOfAGeneratedName_inAMarkedFolder_refusedNotOverwritten() throws IOException {
		Path out = dir.resolve("out");
		Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		Path svg = write("out/Smart4S/Smart4S-Control.svg", "<svg>drawn by hand</svg>\n");
		Run run = Run.of("generate", reference(), "-o", out.toString()).exits(2).clean();
		assertTrue(run.lastErrLine().contains("Smart4S-Control.svg that bmsgen did not write"), run.toString());
		assertEquals("<svg>drawn by hand</svg>\n", Files.readString(svg));
	}

	@Test
	void markerNamingPathsOutsideTheFolder_neverTouchesThem() throws IOException {
		Path out = dir.resolve("out");
		Path outside = write("precious.txt", "keep me\n");
		write("out/Smart4S/" + GeneratedFolder.MARKER, "../../precious.txt\n" + outside + "\n..\n");
		Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		assertEquals("keep me\n", Files.readString(outside));
	}

	@Test
	void outputThatIsAFile_exitTwoWithAMessage() throws IOException {
		Path file = write("out", "a file, not a folder\n");
		Run run = Run.of("generate", reference(), "-o", file.toString(), "--no-svg").exits(2).clean();
		assertEquals(file + " exists and is not a folder: nothing was written; choose another output folder",
				run.lastErrLine());
		assertEquals("a file, not a folder\n", Files.readString(file));
	}

	@Test
	void packFolderThatIsASymbolicLink_refused() throws IOException {
		Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
		Files.createDirectories(dir.resolve("out"));
		Files.createSymbolicLink(dir.resolve("out/Smart4S"), elsewhere);
		Run run = Run.of("generate", reference(), "-o", dir.resolve("out").toString(), "--no-svg").exits(2).clean();
		assertTrue(run.lastErrLine().endsWith(" is a symbolic link: nothing was written; bmsgen writes only into a real folder"),
				run.toString());
		assertTrue(contents(elsewhere).isEmpty());
	}

	@Test
	void noOutputOption_isAUsageError() {
		Run run = Run.of("generate", reference()).exits(2).clean();
		assertTrue(run.err().contains("Missing required option: '--output=DIR'"), run.toString());
	}

	@Test
	void folder_everyPackOfEveryModelBelowIt_eachOnce_namedRelativeToTheFolder() throws IOException {
		Path out = dir.resolve("out");
		Run run = Run.of("generate", Run.models().toString(), "-o", out.toString(), "--no-svg").exits(0).clean();
		// smart4s.bms and the three variants of models/variants/ (which import it): four packs, Smart4S once
		assertTrue(run.lastErrLine().contains(" for 4 packs (Smart4S, Smart3SLfp, Smart4SHalfMilliohmShunt,"
				+ " Smart5SHighCurrent) into "), run.toString());
		try (Stream<Path> list = Files.list(out)) {
			assertEquals(List.of("Smart3SLfp", "Smart4S", "Smart4SHalfMilliohmShunt", "Smart5SHighCurrent"),
					list.map(p -> p.getFileName().toString()).sorted().toList());
		}
		String sheet = Files.readString(out.resolve("Smart3SLfp/Smart3SLfp-configuration.md"));
		assertTrue(sheet.substring(0, 600).contains("variants/smart3s-lfp.bms"), sheet.substring(0, 600));
		assertTrue(Files.isRegularFile(out.resolve("Smart3SLfp/java/org/bmsgen/firmware/smart3slfp/stm32/PackState.java")));

		Run one = Run.of("generate", Run.models().toString(), "--pack", "Smart3SLfp", "-o", dir.resolve("one").toString(),
				"--no-svg").exits(0).clean();
		assertTrue(one.out().lines().allMatch(l -> l.startsWith("Smart3SLfp/")), one.toString());
		assertArrayEquals(Files.readAllBytes(out.resolve("Smart3SLfp/Smart3SLfp.dbc")),
				Files.readAllBytes(dir.resolve("one/Smart3SLfp/Smart3SLfp.dbc")));
	}

	@Test
	void nestedStaleFile_removedWithTheFoldersItEmptied_userFilesBesideItKept() throws IOException {
		Path out = dir.resolve("out");
		Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		Path markerFile = out.resolve("Smart4S").resolve(GeneratedFolder.MARKER);
		// as if an earlier generator version had emitted two more classes
		Files.writeString(markerFile, Files.readString(markerFile) + "java/org/bmsgen/firmware/smart4s/old/Gone.java\n"
				+ "java/org/bmsgen/firmware/smart4s/stm32/Removed.java\n");
		write("out/Smart4S/java/org/bmsgen/firmware/smart4s/old/Gone.java", "class Gone {}\n");
		write("out/Smart4S/java/org/bmsgen/firmware/smart4s/stm32/Removed.java", "class Removed {}\n");
		Path mine = write("out/Smart4S/java/org/bmsgen/firmware/smart4s/stm32/MyHelper.java", "class MyHelper {}\n");

		Run run = Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		assertTrue(run.err().contains("removed Smart4S/java/org/bmsgen/firmware/smart4s/old/Gone.java"), run.toString());
		assertFalse(Files.exists(out.resolve("Smart4S/java/org/bmsgen/firmware/smart4s/old")), "emptied folder left");
		assertFalse(Files.exists(out.resolve("Smart4S/java/org/bmsgen/firmware/smart4s/stm32/Removed.java")));
		assertTrue(Files.isRegularFile(out.resolve("Smart4S/java/org/bmsgen/firmware/smart4s/stm32/PackState.java")));
		assertEquals("class MyHelper {}\n", Files.readString(mine));
		assertFalse(Files.readString(markerFile).contains("Gone.java"));
	}

	@Test
	void userFileAtANestedGeneratedPath_refusedNotOverwritten() throws IOException {
		write("out/Smart4S/" + GeneratedFolder.MARKER, "# bmsgen's, but this file is not listed\n");
		Path mine = write("out/Smart4S/java/org/bmsgen/firmware/smart4s/stm32/PackState.java", "my own state\n");
		Run run = Run.of("generate", reference(), "-o", dir.resolve("out").toString(), "--no-svg").exits(2).clean();
		assertTrue(run.lastErrLine().contains("java/org/bmsgen/firmware/smart4s/stm32/PackState.java that bmsgen did not"
				+ " write"), run.toString());
		assertEquals("my own state\n", Files.readString(mine));
		assertEquals("", run.out());
	}

	@Test
	void symbolicLinkAsAParentFolder_refused_nothingWrittenThroughIt() throws IOException {
		Path out = dir.resolve("out");
		Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
		Path java = out.resolve("Smart4S/java");
		deleteTree(java);
		Files.createSymbolicLink(java, elsewhere);
		Run run = Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(2).clean();
		assertTrue(run.lastErrLine().contains("holds java where bmsgen writes a folder"), run.toString());
		assertTrue(contents(elsewhere).isEmpty(), "written through the link");
	}

	@Test
	void markerNamingNestedPathsOutsideTheFolder_neverTouchesThem() throws IOException {
		Path out = dir.resolve("out");
		Path outside = write("precious.txt", "keep me\n");
		Path sibling = write("out/Other/keep.txt", "keep me too\n");
		write("out/Smart4S/" + GeneratedFolder.MARKER, "java/../../../precious.txt\n/" + outside + "\n./java/x\n"
				+ "java//x\n../Other/keep.txt\njava\\..\\..\\precious.txt\n");
		Run.of("generate", reference(), "-o", out.toString(), "--no-svg").exits(0).clean();
		assertEquals("keep me\n", Files.readString(outside));
		assertEquals("keep me too\n", Files.readString(sibling));
	}

	private static void deleteTree(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	@Test
	void help_hasAnExample() {
		Run run = Run.of("generate", "--help").exits(0).clean();
		assertTrue(run.out().contains("bmsgen generate models/smart4s.bms -o generated"), run.toString());
		assertTrue(run.out().contains("bmsgen generate models -o generated-firmware"), run.toString());
	}

	/** Every file below a folder, relative path with '/' -> bytes, sorted. */
	private static Map<String, byte[]> contents(Path root) {
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return files;
	}
}
