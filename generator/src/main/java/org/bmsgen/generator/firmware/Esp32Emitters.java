package org.bmsgen.generator.firmware;

import java.util.List;

import org.bmsgen.generator.ir.PackIr;

/**
 * The ESP32 image's own files (docs/firmware.md, "ESP32 image"), one emitter each; the files both images share
 * (Checksums, LinkFrames) are registered with the STM32's in {@link FirmwareGenerator}.
 */
final class Esp32Emitters {

	private final TelemetryStateEmitter telemetryState = new TelemetryStateEmitter();
	private final Sha256Emitter sha256 = new Sha256Emitter();
	private final CommandAuthenticatorEmitter commandAuthenticator = new CommandAuthenticatorEmitter();
	private final TelemetryApiEmitter telemetryApi = new TelemetryApiEmitter();
	private final BatteryGattServiceEmitter batteryGattService = new BatteryGattServiceEmitter();
	private final Esp32FirmwareEmitter esp32Firmware = new Esp32FirmwareEmitter();

	/** The files, none for a pack without a radio (no link, nothing to publish). */
	List<GeneratedSource> emit(PackIr pack) {
		if (pack.radio() == null) {
			return List.of();
		}
		return List.of(telemetryState.emit(pack), sha256.emit(pack), commandAuthenticator.emit(pack),
				telemetryApi.emit(pack), batteryGattService.emit(pack), esp32Firmware.emit(pack));
	}
}
