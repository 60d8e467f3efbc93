package org.bmsgen.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/** How every command writes a file: an interrupted run leaves the old file or the new one, never half of one. */
final class AtomicFile {

	private AtomicFile() {
	}

	/**
	 * Writes beside the target, then moves over it. A file that exists keeps its permissions; a new one gets
	 * the umask's (not Files.createTempFile: its owner-only permissions would stay on the written file).
	 */
	static void replace(Path target, byte[] content) throws IOException {
		Path temporary = target.toAbsolutePath()
				.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			PosixFileAttributeView existing = Files.exists(target)
					? Files.getFileAttributeView(target, PosixFileAttributeView.class)
					: null;
			if (existing != null) {
				Files.setPosixFilePermissions(temporary, existing.readAttributes().permissions());
			}
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(temporary);
		}
	}
}
