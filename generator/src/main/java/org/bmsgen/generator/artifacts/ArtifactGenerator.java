package org.bmsgen.generator.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.generator.ir.PackIr;

/**
 * Every artifact of a pack (CAN database, state diagrams as PlantUML source and SVG, configuration sheet), in
 * file-name order, and writing them into a folder: UTF-8, LF, no timestamps, so the same model gives the same
 * bytes.
 */
public final class ArtifactGenerator {

	private final CanDbcEmitter dbc = new CanDbcEmitter();
	private final StateDiagramEmitter diagrams = new StateDiagramEmitter();
	private final StateDiagramRenderer renderer = new StateDiagramRenderer();
	private final ConfigurationSheetEmitter sheet = new ConfigurationSheetEmitter();
	private final boolean renderSvg;

	/** With SVG rendering. */
	public ArtifactGenerator() {
		this(true);
	}

	/** @param renderSvg false to skip the SVG (PlantUML layout takes about a second per diagram) */
	public ArtifactGenerator(boolean renderSvg) {
		this.renderSvg = renderSvg;
	}

	/** The artifacts of a pack, sorted by file name. */
	public List<GeneratedArtifact> artifacts(PackIr pack) {
		List<GeneratedArtifact> artifacts = new ArrayList<>();
		if (pack.can() != null && !pack.can().messages().isEmpty()) {
			artifacts.add(dbc.emit(pack));
		}
		for (GeneratedArtifact diagram : diagrams.emit(pack)) {
			artifacts.add(diagram);
			if (renderSvg) {
				artifacts.add(renderer.render(diagram));
			}
		}
		artifacts.add(sheet.emit(pack));
		artifacts.sort(Comparator.comparing(GeneratedArtifact::fileName));
		return List.copyOf(artifacts);
	}

	/** Writes the pack's artifacts into a folder (created if missing), replacing files of the same names. */
	public List<Path> write(PackIr pack, Path directory) throws IOException {
		Files.createDirectories(directory);
		List<Path> written = new ArrayList<>();
		for (GeneratedArtifact artifact : artifacts(pack)) {
			Path file = directory.resolve(artifact.fileName());
			Files.write(file, artifact.bytes());
			written.add(file);
		}
		return List.copyOf(written);
	}
}
