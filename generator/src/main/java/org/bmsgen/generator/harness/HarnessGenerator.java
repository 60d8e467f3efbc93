package org.bmsgen.generator.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.generator.firmware.EstimatorHarnessEmitter;
import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.firmware.HarnessEmitters;
import org.bmsgen.generator.ir.PackIr;

/**
 * Every generated TEST source of a pack (Java 17, JUnit 5, the simulator on the class path), sorted by path: what
 * {@link org.bmsgen.generator.PackGenerator} writes under {@code test-java/}. These are not firmware: they run the
 * firmware of {@link org.bmsgen.generator.firmware.FirmwareGenerator} on the pack's simulated board.
 */
public final class HarnessGenerator {

	private final SimulatedPackEmitter simulatedPack = new SimulatedPackEmitter();
	private final HarnessEmitters harnesses = new HarnessEmitters();
	private final EstimatorHarnessEmitter estimator = new EstimatorHarnessEmitter();

	/** The pack's test sources; none for a pack the simulated board cannot stand for ({@link BoardSpec#of}). */
	public List<GeneratedSource> testSources(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		addIfModelled(sources, simulatedPack.emit(pack));
		sources.addAll(harnesses.sources(pack));
		sources.addAll(estimator.emit(pack));
		sources.sort(Comparator.comparing(GeneratedSource::relativePath));
		return List.copyOf(sources);
	}

	private static void addIfModelled(List<GeneratedSource> sources, GeneratedSource source) {
		if (source != null) {
			sources.add(source);
		}
	}
}
