package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.generator.ir.PackIr;

/**
 * The generated test harnesses of a pack (issue 5), sorted by path: test classes in
 * {@code org.bmsgen.firmware.<pack>.harness} (Java 17, JUnit 5), written next to the firmware into the pack's
 * test source folder and run by the build against the generated firmware.
 */
public final class HarnessEmitters {

	private final ModelCoverageEmitter coverage = new ModelCoverageEmitter();
	private final ProtectionHarnessEmitter protections = new ProtectionHarnessEmitter();
	private final StateMachineHarnessEmitter machines = new StateMachineHarnessEmitter();
	private final BalancingHarnessEmitter balancing = new BalancingHarnessEmitter();
	private final TelemetryHarnessEmitter telemetry = new TelemetryHarnessEmitter();
	private final FlashLogHarnessEmitter flashLog = new FlashLogHarnessEmitter();
	private final FaultInjectionHarnessEmitter faults = new FaultInjectionHarnessEmitter();
	private final AfeStartupHarnessEmitter afeStartup = new AfeStartupHarnessEmitter();

	public List<GeneratedSource> sources(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		sources.add(coverage.emit(pack));
		sources.add(protections.emit(pack));
		sources.addAll(machines.emit(pack));
		sources.addAll(balancing.emit(pack));
		sources.addAll(telemetry.emit(pack));
		sources.addAll(flashLog.emit(pack));
		sources.addAll(faults.emit(pack));
		sources.addAll(afeStartup.emit(pack));
		sources.sort(Comparator.comparing(GeneratedSource::relativePath));
		return List.copyOf(sources);
	}
}
