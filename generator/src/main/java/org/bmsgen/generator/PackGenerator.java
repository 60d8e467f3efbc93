package org.bmsgen.generator;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bmsgen.generator.artifacts.ArtifactGenerator;
import org.bmsgen.generator.artifacts.GeneratedArtifact;
import org.bmsgen.generator.firmware.FirmwareGenerator;
import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.harness.HarnessGenerator;
import org.bmsgen.generator.ir.PackIr;

/**
 * Everything bmsgen generates for one pack, as the files of the pack's output folder ({@code DIR/<pack>/}): the
 * artifacts at the top (DBC, state diagrams, configuration sheet) and the firmware of both images under
 * {@value #JAVA_FOLDER}/ as a Java source root ({@code java/org/bmsgen/firmware/smart4s/stm32/...}), and the generated
 * tests that run it on the simulated board under {@value #TEST_JAVA_FOLDER}/ ({@code .../smart4s/harness/...}). Paths are
 * relative and '/'-separated; the map is sorted, so the folder is the same on every machine.
 */
public final class PackGenerator {

	/** The folder of a pack's output that is the firmware's Java source root. */
	public static final String JAVA_FOLDER = "java";
	/** The folder of a pack's output that is the generated tests' Java source root (Java 17, run on the simulator). */
	public static final String TEST_JAVA_FOLDER = "test-java";

	private final ArtifactGenerator artifacts;
	private final FirmwareGenerator firmware = new FirmwareGenerator();
	private final HarnessGenerator harness = new HarnessGenerator();

	/** @param renderSvg false to skip the state diagrams' SVG (PlantUML layout takes about a second each) */
	public PackGenerator(boolean renderSvg) {
		this.artifacts = new ArtifactGenerator(renderSvg);
	}

	/** The pack's files by relative path. */
	public SortedMap<String, byte[]> files(PackIr pack) {
		SortedMap<String, byte[]> files = new TreeMap<>();
		for (GeneratedArtifact artifact : artifacts.artifacts(pack)) {
			files.put(artifact.fileName(), artifact.bytes());
		}
		for (GeneratedSource source : firmware.sources(pack)) {
			files.put(JAVA_FOLDER + "/" + source.relativePath(), source.bytes());
		}
		for (GeneratedSource source : harness.testSources(pack)) {
			files.put(TEST_JAVA_FOLDER + "/" + source.relativePath(), source.bytes());
		}
		return Collections.unmodifiableSortedMap(files);
	}
}
