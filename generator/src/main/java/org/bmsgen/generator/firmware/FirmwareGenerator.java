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
	private final ProtectionTableEmitter protectionTable = new ProtectionTableEmitter();
	private final ChecksumsEmitter checksums = new ChecksumsEmitter();
	private final PackStateEmitter packState = new PackStateEmitter();
	private final LinkFramesEmitter linkFrames = new LinkFramesEmitter();
	private final UartLinkEmitter uartLink = new UartLinkEmitter();
	private final CanTelemetryEmitter canTelemetry = new CanTelemetryEmitter();
	private final Esp32Emitters esp32 = new Esp32Emitters();

	/** Both images' sources. */
	public List<GeneratedSource> sources(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		// STM32
		GeneratedSource afe = afeConfiguration.emit(pack);
		if (afe != null) {
			sources.add(afe);
		}
		sources.add(protectionTable.emit(pack));
		sources.add(checksums.emit(pack, FirmwareImage.STM32));
		sources.add(packState.emit(pack));
		addIfPresent(sources, linkFrames.emit(pack, FirmwareImage.STM32));
		addIfPresent(sources, uartLink.emitSender(pack));
		addIfPresent(sources, canTelemetry.emit(pack));
		// ESP32
		sources.add(checksums.emit(pack, FirmwareImage.ESP32));
		addIfPresent(sources, linkFrames.emit(pack, FirmwareImage.ESP32));
		addIfPresent(sources, uartLink.emitReceiver(pack));
		sources.addAll(esp32.emit(pack));
		sources.sort(Comparator.comparing(GeneratedSource::relativePath));
		return List.copyOf(sources);
	}

	/** Emitters return null for a part the pack does not have (no radio: no link). */
	private static void addIfPresent(List<GeneratedSource> sources, GeneratedSource source) {
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
