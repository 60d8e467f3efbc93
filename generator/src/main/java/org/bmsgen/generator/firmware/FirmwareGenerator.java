package org.bmsgen.generator.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.generator.ir.PackIr;

/**
 * Every firmware source of a pack, sorted by path, and writing them under a source root (package folders
 * created): UTF-8, LF, no timestamps, so the same model gives the same bytes.
 */
public final class FirmwareGenerator {

	private final AfeConfigurationEmitter afeConfiguration = new AfeConfigurationEmitter();
	private final AfeDriverEmitter afeDriver = new AfeDriverEmitter();
	private final ProtectionTableEmitter protectionTable = new ProtectionTableEmitter();
	private final ProtectionMonitorEmitter protectionMonitor = new ProtectionMonitorEmitter();
	private final ChecksumsEmitter checksums = new ChecksumsEmitter();
	private final PackStateEmitter packState = new PackStateEmitter();
	private final SocEstimatorEmitter socEstimator = new SocEstimatorEmitter();
	private final SohEstimatorEmitter sohEstimator = new SohEstimatorEmitter();
	private final CurrentLimitsEmitter currentLimits = new CurrentLimitsEmitter();
	private final StateMachineEmitter stateMachines = new StateMachineEmitter();
	private final BalancingEmitter balancing = new BalancingEmitter();
	private final FlashDriverEmitter flashDriver = new FlashDriverEmitter();
	private final FlashLogEmitter flashLog = new FlashLogEmitter();
	private final LinkFramesEmitter linkFrames = new LinkFramesEmitter();
	private final UartLinkEmitter uartLink = new UartLinkEmitter();
	private final CanTelemetryEmitter canTelemetry = new CanTelemetryEmitter();
	private final Stm32FirmwareEmitter stm32Firmware = new Stm32FirmwareEmitter();
	private final Esp32Emitters esp32 = new Esp32Emitters();

	/** Both images' sources. */
	public List<GeneratedSource> sources(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		// STM32
		GeneratedSource afe = afeConfiguration.emit(pack);
		if (afe != null) {
			sources.add(afe);
			sources.add(afeDriver.emit(pack));
		}
		sources.add(protectionTable.emit(pack));
		sources.add(protectionMonitor.emit(pack));
		sources.add(checksums.emit(pack, FirmwareImage.STM32));
		sources.add(packState.emit(pack));
		addIfModelled(sources, socEstimator.emit(pack));
		addIfModelled(sources, sohEstimator.emit(pack));
		addIfModelled(sources, currentLimits.emit(pack));
		sources.addAll(stateMachines.emit(pack));
		sources.add(balancing.emit(pack));
		addIfModelled(sources, flashDriver.emit(pack));
		addIfModelled(sources, flashLog.emit(pack));
		addIfModelled(sources, linkFrames.emit(pack, FirmwareImage.STM32));
		addIfModelled(sources, uartLink.emitSender(pack));
		addIfModelled(sources, canTelemetry.emit(pack));
		sources.add(stm32Firmware.emit(pack));
		// ESP32
		sources.add(checksums.emit(pack, FirmwareImage.ESP32));
		addIfModelled(sources, linkFrames.emit(pack, FirmwareImage.ESP32));
		addIfModelled(sources, uartLink.emitReceiver(pack));
		sources.addAll(esp32.emit(pack));
		sources.sort(Comparator.comparing(GeneratedSource::relativePath));
		return List.copyOf(sources);
	}

	private static void addIfModelled(List<GeneratedSource> sources, GeneratedSource source) {
		if (source != null) {
			sources.add(source);
		}
	}

	/** Writes the pack's sources under a source root, replacing files of the same paths. */
	public List<Path> write(PackIr pack, Path sourceRoot) throws IOException {
		List<Path> written = new ArrayList<>();
		for (GeneratedSource source : sources(pack)) {
			Path file = sourceRoot.resolve(source.relativePath());
			Files.createDirectories(file.getParent());
			Files.write(file, source.bytes());
			written.add(file);
		}
		return List.copyOf(written);
	}
}
