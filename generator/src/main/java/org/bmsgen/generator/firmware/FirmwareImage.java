package org.bmsgen.generator.firmware;

/**
 * The two processors of the board, each with its own firmware image: a package of its own under the pack's
 * ({@code org.bmsgen.firmware.smart4s.stm32}), compiled and flashed alone. What both must agree on (the UART link's
 * framing, the checksums) is emitted into each, from one emitter, so neither image depends on the other.
 */
public enum FirmwareImage {
	/** The STM32G431: AFE, protections, estimators, state machines, CAN, flash log, the link's sending end. */
	STM32("stm32"),
	/** The ESP32: the link's receiving end, the telemetry state, HTTP and BLE, authenticated commands. */
	ESP32("esp32");

	private final String segment;

	FirmwareImage(String segment) {
		this.segment = segment;
	}

	/** The last segment of the image's package: {@code stm32}. */
	public String segment() {
		return segment;
	}
}
