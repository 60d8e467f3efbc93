package org.bmsgen.cli;

import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.SourceText;
import org.bmsgen.dsl.loading.ModelLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.validation.IssueCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bmsgen check`: exit codes and output for valid models, model errors and every kind of bad input. */
class CheckCommandTest {

	@TempDir
	Path dir;

	private Path write(String name, String text) throws IOException {
		return write(name, text.getBytes(StandardCharsets.UTF_8));
	}

	private Path write(String name, byte[] bytes) throws IOException {
		Path file = dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.write(file, bytes);
		return file;
	}

	@Test
	void referenceModels_exitZeroAndSummary() {
		Run run = Run.of("check", Run.models().toString()).exits(0).clean();
		assertEquals("", run.out());
		assertEquals("0 errors, 0 warnings in " + bmsFilesBelow(Run.models()) + " files", run.err().strip());
	}

	@Test
	void load_keepsTheModelsGivenForLaterCommands() {
		ModelLoader.LoadedModels loaded = new ModelLoader()
				.load(List.of(ModelFile.of(Run.models().resolve("smart4s.bms"))));
		assertEquals(0, CheckReport.of(loaded).errorCount());
		assertEquals(1, loaded.models().size());
		assertEquals("Smart4S", ((org.bmsgen.dsl.bms.Pack) loaded.models().get(0).getElements().get(0)).getName());
		assertEquals(2, loaded.resourceSet().getResources().size());
	}

	@Test
	void importedFileIsCheckedAndCounted() {
		Run run = Run.of("check", Run.models().resolve("smart4s.bms").toString()).exits(0).clean();
		assertEquals("0 errors, 0 warnings in 2 files", run.lastErrLine());
	}

	@Test
	void syntaxError_exitOneWithPositionAndSyntaxCode() throws IOException {
		Path file = write("broken.bms", "cell C {\n\tchemistry NCA\n\tchemistry sideways\n}\n");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.err().startsWith(file + ":3:12: error: "), run.toString());
		assertTrue(run.errLines().get(0).endsWith("[syntax]"), run.toString());
		assertEquals("1 error, 0 warnings in 1 file", run.lastErrLine());
	}

	@Test
	void unresolvedReference_exitOneWithItsCode() throws IOException {
		Path file = write("unresolved.bms", "pack P {\n\tcells 4S3P NoSuchCell\n}\n");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().contains(file + ":2:13: error: no cell 'NoSuchCell' is defined in this file or in a file it imports ["
				+ ModelLoader.CODE_UNRESOLVED_REFERENCE + "]"), run.toString());
	}

	@Test
	void missingImport_reportedAtTheImport() throws IOException {
		Path file = write("importer.bms", "// header\nimport \"nowhere/cell.bms\"\n\ncell C {\n}\n");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().get(0).startsWith(file + ":2:8: error: import \"nowhere/cell.bms\" does not resolve"),
				run.toString());
		assertEquals(2, run.errLines().size(), "reported once: " + run);
		assertTrue(run.errLines().get(0).endsWith("[" + IssueCodes.UNRESOLVED_IMPORT + "]"), run.toString());
	}

	@Test
	void importsThatCannotNameABmsFile_reportedNotThrown() throws IOException {
		Files.createDirectories(dir.resolve("folder.bms"));
		write("notes.txt", "pack N {\n}\n");
		Path file = write("odd.bms", "import \"#cells/x.bms\"\nimport \"notes.txt\"\nimport \"folder.bms\"\n"
				+ "import \"odd.bms?x\"\n\npack P {\n\tcells 4S1P Nothing\n}\n");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.err().contains(file + ":1:8: error: import \"#cells/x.bms\" does not name a .bms file"), run.toString());
		assertTrue(run.err().contains(file + ":2:8: error: import \"notes.txt\" does not name a .bms file"), run.toString());
		assertTrue(run.err().contains(file + ":3:1: error: imported file \"folder.bms\" is a directory"), run.toString());
		assertTrue(run.err().contains(file + ":4:8: error: import \"odd.bms?x\" does not name a .bms file"), run.toString());
		assertTrue(run.err().contains(file + ":7:13: error: no cell 'Nothing' is defined in this file or in a file it imports"), run.toString());
	}

	@Test
	void brokenImportedFile_reportedInThatFile() throws IOException {
		write("cells/bad.bms", new byte[] { 'c', 'e', 'l', 'l', 0 });
		Path file = write("pack.bms", "import \"cells/bad.bms\"\n\ncell C {\n}\n");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.err().contains("cells/bad.bms:1:5: error: not a text file (NUL byte at byte offset 4) [not-text]"),
				run.toString());
		assertEquals("1 error, 0 warnings in 2 files", run.lastErrLine());
	}

	@Test
	void diagnosticsSortedByFileThenPosition() throws IOException {
		Path b = write("b.bms", "pack B {\n\tcells 4S3P Missing\n\tfets\n}\n");
		Path a = write("a.bms", "pack A {\n\tfets\n}\n");
		Run run = Run.of("check", b.toString(), a.toString()).exits(1).clean().diagnosticsOnly();
		List<String> lines = run.errLines().subList(0, run.errLines().size() - 1);
		assertTrue(lines.get(0).startsWith(a + ":"), run.toString());
		List<String> sorted = lines.stream().sorted((x, y) -> {
			String[] p = x.split(":");
			String[] q = y.split(":");
			int byFile = p[0].compareTo(q[0]);
			return byFile != 0 ? byFile : Integer.compare(Integer.parseInt(p[1]), Integer.parseInt(q[1]));
		}).collect(Collectors.toList());
		assertEquals(sorted, lines);
		assertTrue(run.lastErrLine().endsWith("in 2 files"), run.toString());
	}

	@Test
	void fileWithAnotherExtension_checkedAsAModel() throws IOException {
		Path file = write("model.txt", "cell C {\n}\n");
		Run.of("check", file.toString()).exits(0).clean();
		Path broken = write("notes.md", "# not a model\n");
		Run.of("check", broken.toString()).exits(1).clean().diagnosticsOnly();
	}

	@Test
	void emptyFile() throws IOException {
		Path file = write("empty.bms", "");
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertEquals(file + ":1:1: error: file is empty [empty-file]", run.errLines().get(0));
	}

	@Test
	void binaryFile_nulBytePositioned() throws IOException {
		Path file = write("binary.bms", new byte[] { 'p', 'a', 'c', 'k', '\n', 'x', 0, 1, 2 });
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertEquals(file + ":2:2: error: not a text file (NUL byte at byte offset 6) [not-text]", run.errLines().get(0));
	}

	@Test
	void utf16File_saysSo() throws IOException {
		byte[] utf16 = "\uFEFFpack P {\n}\n".getBytes(StandardCharsets.UTF_16LE);
		Path file = write("utf16.bms", utf16);
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().get(0).startsWith(file + ":1:1: error: file is UTF-16"), run.toString());
		Path bigEndian = write("utf16be.bms", "\uFEFFpack P {\n}\n".getBytes(StandardCharsets.UTF_16BE));
		Run.of("check", bigEndian.toString()).exits(1).clean().diagnosticsOnly();
	}

	@Test
	void invalidUtf8_byteOffsetAndPosition() throws IOException {
		byte[] latin1 = "pack P {\n\t// café\n}\n".getBytes(StandardCharsets.ISO_8859_1);
		Path file = write("latin1.bms", latin1);
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertEquals(file + ":2:8: error: not valid UTF-8: byte 0xE9 at byte offset 16 cannot start or continue a"
				+ " character; save the file as UTF-8 [encoding]", run.errLines().get(0));
	}

	@Test
	void utf8ByteOrderMark_isAccepted() throws IOException {
		Path file = write("bom.bms", "\uFEFFcell C {\n}\n");
		Run.of("check", file.toString()).exits(0).clean();
	}

	@Test
	void hugeFile_refusedWithoutReadingIt() throws IOException {
		Path file = dir.resolve("huge.bms");
		try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
			sparse.setLength(SourceText.MAX_BYTES + 1);
		}
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().get(0).startsWith(file + ":1:1: error: file is too large for a model ("), run.toString());
	}

	@Test
	void truncatedModel_syntaxErrorAtTheEnd() throws IOException {
		String model = Files.readString(Run.models().resolve("smart4s.bms"));
		String truncated = model.substring(0, model.indexOf("balancing passive {") + "balancing passive {\n\t\tstart above".length());
		Files.createDirectories(dir.resolve("cells"));
		Files.copy(Run.models().resolve("cells/panasonic-ncr18650pf.bms"), dir.resolve("cells/panasonic-ncr18650pf.bms"));
		Path file = write("truncated.bms", truncated);
		int lastLine = (int) truncated.chars().filter(c -> c == '\n').count() + 1;
		Run run = Run.of("check", file.toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().stream().allMatch(l -> !l.contains(": error: ") || l.startsWith(file + ":" + lastLine + ":")),
				"errors must point at the end of the truncated text, line " + lastLine + "\n" + run);
		assertTrue(run.err().contains("[syntax]"), run.toString());
	}

	@Test
	void missingFile_exitTwo() {
		Path file = dir.resolve("nowhere.bms");
		Run run = Run.of("check", file.toString()).exits(2).clean().diagnosticsOnly();
		assertEquals(file + ":1:1: error: no such file [io]", run.errLines().get(0));
	}

	@Test
	void missingFileAmongGoodOnes_othersStillChecked_exitTwo() throws IOException {
		Path bad = write("bad.bms", "pack P {\n\tfets\n}\n");
		Run run = Run.of("check", dir.resolve("nowhere.bms").toString(), bad.toString()).exits(2).clean().diagnosticsOnly();
		assertTrue(run.err().contains(bad + ":2:"), run.toString());
	}

	@Test
	void directory_standsForTheBmsFilesBelowIt() throws IOException {
		write("sub/one.bms", "cell One {\n}\n");
		write("sub/deeper/two.bms", "pack Two {\n\tfets\n}\n");
		write("sub/notes.txt", "not a model");
		Run run = Run.of("check", dir.resolve("sub").toString()).exits(1).clean().diagnosticsOnly();
		assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith(dir.resolve("sub/deeper/two.bms") + ":2:")),
				run.toString());
		assertTrue(run.errLines().stream().noneMatch(l -> l.contains("one.bms")), run.toString());
		assertTrue(run.lastErrLine().endsWith(" in 2 files"), run.toString());
	}

	@Test
	void directoryWithoutModels_exitTwo() throws IOException {
		Files.createDirectories(dir.resolve("nothing"));
		Run run = Run.of("check", dir.resolve("nothing").toString()).exits(2).clean().diagnosticsOnly();
		assertTrue(run.err().contains("no .bms files in this directory [io]"), run.toString());
	}

	@Test
	void noFiles_isAUsageError() {
		Run run = Run.of("check").exits(2).clean();
		assertTrue(run.err().contains("Missing required parameter"), run.toString());
	}

	private static long bmsFilesBelow(Path dir) {
		try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
			return files.filter(f -> f.toString().endsWith(".bms")).count();
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
