package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack folder's rules on nested paths, without a model: what may be written, listed and removed. */
class GeneratedFolderTest {

	@TempDir
	Path dir;

	private static Map<String, byte[]> files(String... paths) {
		Map<String, byte[]> files = new TreeMap<>();
		for (String path : paths) {
			files.put(path, (path + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

	@Test
	void safeRelativePaths_onlyPlainSegments() {
		for (String good : List.of("Smart4S.dbc", "java/org/bmsgen/firmware/smart4s/stm32/PackState.java", "a/b")) {
			assertTrue(GeneratedFolder.isSafeRelativePath(good), good);
		}
		for (String bad : List.of("", "/etc/passwd", "../x", "java/../../x", "java/./x", "java//x", "java/", "a\\b",
				"C:/x", "a/..", ".")) {
			assertFalse(GeneratedFolder.isSafeRelativePath(bad), bad);
		}
	}

	@Test
	void pathsLeavingTheFolder_refusedAndNeverWritten() throws IOException {
		GeneratedFolder folder = new GeneratedFolder(dir.resolve("out/P"), "out/P");
		assertTrue(folder.refusal(Set.of("ok.txt", "../escape.txt")).contains("../escape.txt"));
		assertThrows(IOException.class, () -> folder.write(files("ok.txt", "../escape.txt")));
		assertFalse(Files.exists(dir.resolve("out/escape.txt")));
	}

	@Test
	void nestedFiles_writtenAndListed_staleOnesRemovedWithTheirEmptyFolders() throws IOException {
		Path root = dir.resolve("P");
		GeneratedFolder folder = new GeneratedFolder(root, "P");
		assertNull(folder.refusal(files("a.txt", "java/x/One.java", "java/y/Two.java").keySet()));
		assertEquals(List.of(), folder.write(files("a.txt", "java/x/One.java", "java/y/Two.java")));
		assertEquals("java/x/One.java\n", Files.readString(root.resolve("java/x/One.java")));

		assertNull(folder.refusal(files("a.txt", "java/x/One.java").keySet()));
		assertEquals(List.of("java/y/Two.java"), folder.write(files("a.txt", "java/x/One.java")));
		assertFalse(Files.exists(root.resolve("java/y")), "the emptied folder stays");
		assertTrue(Files.isDirectory(root.resolve("java/x")));
		String marker = Files.readString(root.resolve(GeneratedFolder.MARKER));
		assertTrue(marker.endsWith("\na.txt\njava/x/One.java\n"), marker);
	}

	@Test
	void aFolderWhereAGeneratedFileGoes_orAFileWhereAGeneratedFolderGoes_refused() throws IOException {
		Path root = dir.resolve("P");
		GeneratedFolder folder = new GeneratedFolder(root, "P");
		folder.write(files("a.txt"));
		Files.createDirectories(root.resolve("b.txt"));
		Files.writeString(root.resolve("java"), "a user's file named java\n");
		String refusal = folder.refusal(files("a.txt", "b.txt", "java/One.java").keySet());
		assertTrue(refusal.contains("holds java where bmsgen writes a folder"), refusal);
		Files.delete(root.resolve("java"));
		refusal = folder.refusal(files("a.txt", "b.txt", "java/One.java").keySet());
		assertTrue(refusal.contains("holds b.txt that bmsgen did not write"), refusal);
	}

	@Test
	void staleFileBehindASymbolicLinkedFolder_notRemoved() throws IOException {
		Path root = dir.resolve("P");
		GeneratedFolder folder = new GeneratedFolder(root, "P");
		folder.write(files("a.txt", "java/x/One.java"));
		Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/x"));
		Files.writeString(elsewhere.resolve("One.java"), "not bmsgen's\n");
		deleteTree(root.resolve("java"));
		Files.createSymbolicLink(root.resolve("java"), dir.resolve("elsewhere"));
		assertEquals(List.of(), folder.write(files("a.txt")));
		assertEquals("not bmsgen's\n", Files.readString(elsewhere.resolve("One.java")));
	}

	private static void deleteTree(Path root) throws IOException {
		try (var walk = Files.walk(root)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
