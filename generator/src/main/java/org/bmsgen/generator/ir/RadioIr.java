package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The ESP32 link: UART rate, what it publishes, the commands it may forward (authenticated by the secret) and
 * the UART telemetry frames.
 *
 * @param uartBaud 0 when not written
 * @param commands in model order: "clear-faults", "ship-mode", "balancing-on", "balancing-off"
 * @param secret the shared secret for the commands' HMAC, "" when none is written
 */
public record RadioIr(String part, int uartBaud, List<Publication> publications, List<String> commands,
		String secret, List<UartFrame> frames, Trace trace) {

	/** @param channel "wifi" or "ble" */
	public record Publication(String channel, int periodMs, Trace trace) {
	}

	/**
	 * A frame from the STM32 to the ESP32. Payload layout (bmsgen's, the model gives none): each field a signed
	 * 32-bit little-endian integer in its source's fixed-point unit, in model order; enough for every
	 * measurement (mA up to 2.1 MA) without per-field scale.
	 */
	public record UartFrame(String name, int type, int periodMs, List<UartField> fields, int payloadBytes,
			Trace trace) {
	}

	public static final int UART_FIELD_BYTES = 4;

	/** @param offset byte offset in the payload */
	public record UartField(String name, int offset, SignalSource source, Trace trace) {
	}
}
