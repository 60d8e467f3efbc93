package org.bmsgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
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
 * A folder that belongs to bmsgen: the output of one pack. A marker file lists what bmsgen wrote there, as
 * '/'-separated paths relative to the folder ({@code Smart4S.dbc}, {@code java/org/bmsgen/firmware/...}), so that a
 * regeneration replaces and removes only its own files and never a file a user put in the folder. A folder that has
 * files but no marker is someone else's and is refused as a whole; a file at the path of a generated file that the
 * marker does not list is the user's and is refused too, never overwritten.
 * <p>
 * Nothing bmsgen does here can reach outside the folder: a path with an empty, "." or ".." segment, an absolute
 * path, a backslash or a drive colon is never written, listed or removed, and a parent directory that is a symbolic
 * link (or a file) is refused rather than followed.
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

	/** Why bmsgen must not write the given files (relative paths) into this folder, or null when it may. */
	String refusal(Set<String> paths) throws IOException {
		List<String> unsafe = paths.stream().filter(p -> !isSafeRelativePath(p)).sorted().toList();
		if (!unsafe.isEmpty()) {
			// the generator's own paths; a bug, but never one that may write outside the folder
			return "cannot write " + String.join(", ", unsafe) + " into " + shownName
					+ ": not a plain relative path inside the folder";
		}
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
		List<String> blockedParents = new ArrayList<>();
		List<String> foreign = new ArrayList<>();
		for (String path : new TreeSet<>(paths)) {
			String parent = firstNonFolderParent(path);
			if (parent != null) {
				if (!blockedParents.contains(parent)) {
					blockedParents.add(parent);
				}
				continue;
			}
			Path target = resolve(path);
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
					&& (!ours.contains(path) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
				foreign.add(path);
			}
		}
		if (!blockedParents.isEmpty()) {
			return shownName + " holds " + String.join(", ", blockedParents) + " where bmsgen writes a folder (a file or"
					+ " a symbolic link, not a folder): nothing was written; move " + (blockedParents.size() == 1 ? "it" : "them")
					+ " away to regenerate";
		}
		if (!foreign.isEmpty()) {
			return shownName + " holds " + String.join(", ", foreign) + " that bmsgen did not write (not listed in "
					+ MARKER + "): nothing was written; move " + (foreign.size() == 1 ? "it" : "them")
					+ " away to regenerate";
		}
		return null;
	}

	/**
	 * Writes the files (each through a temporary file and an atomic move; a file with the same bytes already is left
	 * as it is), then removes the files bmsgen wrote before that are no longer produced, and the folders that this
	 * left empty.
	 *
	 * @param files by '/'-separated path relative to the folder; {@link #refusal} said yes to them
	 * @return the paths of the stale files removed, sorted
	 */
	List<String> write(Map<String, byte[]> files) throws IOException {
		for (String path : files.keySet()) {
			if (!isSafeRelativePath(path)) {
				throw new IOException(path + ": not a plain relative path inside " + shownName);
			}
		}
		Files.createDirectories(folder);
		if (Files.isSymbolicLink(folder)) {
			throw new IOException(shownName + " is a symbolic link");
		}
		Set<String> before = listed();
		// listed before writing, so that an interrupted run still knows every file it may have left behind
		Set<String> both = new TreeSet<>(before);
		both.addAll(files.keySet());
		AtomicFile.replace(folder.resolve(MARKER), marker(both));
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			createParents(file.getKey());
			Path target = resolve(file.getKey());
			if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
					&& Arrays.equals(Files.readAllBytes(target), file.getValue())) {
				continue;
			}
			AtomicFile.replace(target, file.getValue());
		}
		List<String> removed = new ArrayList<>();
		for (String stale : before) {
			if (files.containsKey(stale) || firstNonFolderParent(stale) != null) {
				continue;
			}
			Path target = resolve(stale);
			if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
				Files.delete(target);
				removed.add(stale);
				removeEmptyParents(stale);
			}
		}
		AtomicFile.replace(folder.resolve(MARKER), marker(new TreeSet<>(files.keySet())));
		return List.copyOf(removed);
	}

	/**
	 * The paths the marker lists. Only safe relative paths count: a line naming anything else (a hand-edited marker)
	 * can never make bmsgen touch anything outside this folder.
	 */
	private Set<String> listed() throws IOException {
		Path marker = folder.resolve(MARKER);
		Set<String> names = new TreeSet<>();
		if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
			return names;
		}
		for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
			String name = line.strip();
			if (name.isEmpty() || name.startsWith("#") || name.equals(MARKER) || !isSafeRelativePath(name)) {
				continue;
			}
			names.add(name);
		}
		return names;
	}

	/** One segment of a path: a file or folder name, nothing that could leave or name another folder. */
	static boolean isPlainFileName(String name) {
		return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
				&& name.indexOf('\\') < 0 && name.indexOf('\0') < 0 && name.indexOf(':') < 0;
	}

	/** '/'-separated plain names: relative, no empty, "." or ".." segment, so always inside the folder. */
	static boolean isSafeRelativePath(String path) {
		if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
			return false;
		}
		for (String segment : path.split("/", -1)) {
			if (!isPlainFileName(segment)) {
				return false;
			}
		}
		return true;
	}

	private Path resolve(String relative) {
		Path target = folder;
		for (String segment : relative.split("/")) {
			target = target.resolve(segment);
		}
		return target;
	}

	/**
	 * The first parent of a path, relative, that exists but is not a real folder (a file, or a symbolic link that
	 * writing or removing through would follow out of the folder); null when every existing parent is a folder.
	 */
	private String firstNonFolderParent(String relative) {
		String[] segments = relative.split("/");
		Path current = folder;
		StringBuilder shown = new StringBuilder();
		for (int i = 0; i < segments.length - 1; i++) {
			current = current.resolve(segments[i]);
			shown.append(i == 0 ? "" : "/").append(segments[i]);
			if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
				return null;
			}
			if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
				return shown.toString();
			}
		}
		return null;
	}

	/** Creates the parent folders of a path one by one, never through a symbolic link. */
	private void createParents(String relative) throws IOException {
		String[] segments = relative.split("/");
		Path current = folder;
		for (int i = 0; i < segments.length - 1; i++) {
			current = current.resolve(segments[i]);
			if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectory(current);
			} else if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
				throw new IOException(current + " is not a folder (a file or a symbolic link): not written through");
			}
		}
	}

	/** After a stale file's removal, the folders of its path that are now empty, deepest first, up to the pack folder. */
	private void removeEmptyParents(String relative) throws IOException {
		String[] segments = relative.split("/");
		for (int depth = segments.length - 1; depth >= 1; depth--) {
			Path parent = resolve(String.join("/", Arrays.copyOf(segments, depth)));
			if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(parent)) {
				return;
			}
			try (Stream<Path> list = Files.list(parent)) {
				if (list.findAny().isPresent()) {
					return;
				}
			}
			try {
				Files.delete(parent);
			} catch (DirectoryNotEmptyException e) {
				return;
			}
		}
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
