package org.bmsgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A folder that belongs to bmsgen: the output of one pack. A marker file lists what bmsgen wrote there, so that
 * a regeneration replaces and removes only its own files and never a file a user put in the folder. A folder
 * that has files but no marker is someone else's and is refused as a whole; a file of the name of a generated
 * file that the marker does not list is the user's and is refused too, never overwritten.
 */
final class GeneratedFolder {

	/** The marker's file name: hidden, so a listing of the folder shows the artifacts. */
	static final String MARKER = ".bmsgen-generated";

	private static final String MARKER_HEADER = "# Written by bmsgen generate. This folder is bmsgen's output: the files"
			+ " listed below are replaced or removed\n# when the pack is regenerated; any other file here is left alone.\n";

	private final Path folder;
	private final String shownName;

	/**
	 * @param folder the pack's output folder
	 * @param shownName how messages name it (as the user wrote the output folder, plus the pack's name)
	 */
	GeneratedFolder(Path folder, String shownName) {
		this.folder = folder;
		this.shownName = shownName;
	}

	/** Why bmsgen must not write the given files into this folder, or null when it may. */
	String refusal(Set<String> fileNames) throws IOException {
		if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		if (Files.isSymbolicLink(folder)) {
			// writing through it would put files, and remove stale ones, somewhere else than DIR/<pack>/
			return shownName + " is a symbolic link: nothing was written; bmsgen writes only into a real folder";
		}
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return shownName + " exists and is not a folder: choose another output folder";
		}
		List<String> present = entries();
		if (present.isEmpty()) {
			return null;
		}
		if (!present.contains(MARKER)) {
			return shownName + " already holds files that bmsgen did not write (it has no " + MARKER
					+ " marker): nothing was written; choose another output folder, or empty this one";
		}
		Set<String> ours = listed();
		List<String> foreign = fileNames.stream().filter(present::contains).filter(name -> !ours.contains(name)).sorted()
				.toList();
		if (!foreign.isEmpty()) {
			return shownName + " holds " + String.join(", ", foreign) + " that bmsgen did not write (not listed in "
					+ MARKER + "): nothing was written; move " + (foreign.size() == 1 ? "it" : "them")
					+ " away to regenerate";
		}
		return null;
	}

	/**
	 * Writes the files (each through a temporary file and an atomic move; a file with the same bytes already is left
	 * as it is), then removes the files bmsgen wrote before that are no longer produced.
	 *
	 * @return the names of the stale files removed, sorted
	 */
	List<String> write(Map<String, byte[]> files) throws IOException {
		Files.createDirectories(folder);
		Set<String> before = listed();
		// listed before writing, so that an interrupted run still knows every file it may have left behind
		Set<String> both = new TreeSet<>(before);
		both.addAll(files.keySet());
		AtomicFile.replace(folder.resolve(MARKER), marker(both));
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			Path target = folder.resolve(file.getKey());
			if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
					&& Arrays.equals(Files.readAllBytes(target), file.getValue())) {
				continue;
			}
			AtomicFile.replace(target, file.getValue());
		}
		List<String> removed = new ArrayList<>();
		for (String stale : before) {
			if (!files.containsKey(stale)) {
				Path target = folder.resolve(stale);
				if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
					Files.delete(target);
					removed.add(stale);
				}
			}
		}
		AtomicFile.replace(folder.resolve(MARKER), marker(new TreeSet<>(files.keySet())));
		return List.copyOf(removed);
	}

	/**
	 * The file names the marker lists. Only plain names count: a line naming a path (a hand-edited marker) can
	 * never make bmsgen touch anything outside this folder.
	 */
	private Set<String> listed() throws IOException {
		Path marker = folder.resolve(MARKER);
		Set<String> names = new TreeSet<>();
		if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
			return names;
		}
		for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
			String name = line.strip();
			if (name.isEmpty() || name.startsWith("#") || name.equals(MARKER) || !isPlainFileName(name)) {
				continue;
			}
			names.add(name);
		}
		return names;
	}

	static boolean isPlainFileName(String name) {
		return !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
				&& name.indexOf('\0') < 0 && name.indexOf(':') < 0;
	}

	private List<String> entries() throws IOException {
		try (Stream<Path> list = Files.list(folder)) {
			return list.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static byte[] marker(Set<String> names) {
		StringBuilder text = new StringBuilder(MARKER_HEADER);
		names.forEach(name -> text.append(name).append('\n'));
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}
}
