package org.bmsgen.dsl.validation;

/**
 * Every diagnostic of the .bms checks, by code. The same constant is what a check raises, what a quick
 * fix is registered for and what the check's test asserts on; the CLI prints it as {@code [code]}.
 * Where a quick fix needs a value only the check computes (the AFE step programmed, the next free CAN ID, the
 * release mirrored to the safe side), the check passes it as issue data, normally the replacement of the text
 * it marks; dsl-ide's BmsQuickfixProvider writes it, and docs/language.md lists the codes with a fix.
 */
public final class IssueCodes {

	private IssueCodes() {
	}

	private static final String PREFIX = "bms.";

	// units
	public static final String DIMENSION_MISMATCH = PREFIX + "dimension-mismatch";
	public static final String MISSING_UNIT = PREFIX + "missing-unit";
	public static final String VALUE_OUT_OF_RANGE = PREFIX + "value-out-of-range";

	// cells
	public static final String CELL_VOLTAGES_INCONSISTENT = PREFIX + "cell-voltages-inconsistent";
	public static final String CELL_TEMPERATURES_INCONSISTENT = PREFIX + "cell-temperatures-inconsistent";
	public static final String OCV_NOT_MONOTONIC = PREFIX + "ocv-not-monotonic";
	public static final String OCV_NOT_COVERING = PREFIX + "ocv-not-covering";
	public static final String OCV_OUTSIDE_CELL_VOLTAGES = PREFIX + "ocv-outside-cell-voltages";
	public static final String TABLE_NOT_ASCENDING = PREFIX + "table-not-ascending";
	public static final String DUPLICATE_TEMPERATURE = PREFIX + "duplicate-temperature";
	public static final String ECM_INCOMPLETE = PREFIX + "ecm-incomplete";

	// pack topology and hardware
	public static final String MISSING_MEMBER = PREFIX + "missing-member";
	public static final String DUPLICATE_MEMBER = PREFIX + "duplicate-member";
	public static final String CELL_COUNT_UNSUPPORTED = PREFIX + "cell-count-unsupported";
	public static final String CHANNEL_MAP_MISMATCH = PREFIX + "channel-map-mismatch";
	public static final String AFE_ADDRESS_INVALID = PREFIX + "afe-address-invalid";
	public static final String THERMISTOR_INPUT_UNAVAILABLE = PREFIX + "thermistor-input-unavailable";
	public static final String CURRENT_ABOVE_RATING = PREFIX + "current-above-rating";
	public static final String PERIOD_OUT_OF_RANGE = PREFIX + "period-out-of-range";
	public static final String BIT_RATE_UNSUPPORTED = PREFIX + "bit-rate-unsupported";

	// protection
	public static final String AFE_THRESHOLD_OUT_OF_RANGE = PREFIX + "afe-threshold-out-of-range";
	public static final String AFE_THRESHOLD_QUANTISED = PREFIX + "afe-threshold-quantised";
	public static final String AFE_DELAY_UNSUPPORTED = PREFIX + "afe-delay-unsupported";
	public static final String AFE_CANNOT_ENFORCE = PREFIX + "afe-cannot-enforce";
	public static final String AFE_SHUNT_RANGE_CONFLICT = PREFIX + "afe-shunt-range-conflict";
	public static final String PROTECTION_KIND_INVALID = PREFIX + "protection-kind-invalid";
	public static final String PROTECTION_DIRECTION_WRONG = PREFIX + "protection-direction-wrong";
	public static final String PROTECTION_THRESHOLD_MISSING = PREFIX + "protection-threshold-missing";
	public static final String DUPLICATE_PROTECTION = PREFIX + "duplicate-protection";
	public static final String UNDERVOLTAGE_ABOVE_OVERVOLTAGE = PREFIX + "undervoltage-above-overvoltage";
	public static final String RELEASE_WRONG_SIDE = PREFIX + "release-wrong-side";
	public static final String WARNING_BEYOND_FAULT = PREFIX + "warning-beyond-fault";
	public static final String LIMIT_OUTSIDE_CELL_RATING = PREFIX + "limit-outside-cell-rating";
	public static final String PACK_LIMIT_INCONSISTENT = PREFIX + "pack-limit-inconsistent";
	public static final String MISSING_PROTECTION = PREFIX + "missing-protection";
	public static final String STUCK_FET_NOT_LATCHED = PREFIX + "stuck-fet-not-latched";
	public static final String STUCK_FET_LEVEL_IN_NOISE = PREFIX + "stuck-fet-level-in-noise";

	// balancing
	public static final String BALANCING_ADJACENT = PREFIX + "balancing-adjacent";
	public static final String BALANCING_THRESHOLDS_INCONSISTENT = PREFIX + "balancing-thresholds-inconsistent";
	public static final String BALANCING_TOO_MANY_CELLS = PREFIX + "balancing-too-many-cells";

	// estimators and limits
	public static final String ESTIMATOR_PARAMETER_INVALID = PREFIX + "estimator-parameter-invalid";
	public static final String ECM_ORDER_UNSUPPORTED = PREFIX + "ecm-order-unsupported";
	public static final String DERATING_INVALID = PREFIX + "derating-invalid";

	// state machines
	public static final String NO_INITIAL_STATE = PREFIX + "no-initial-state";
	public static final String UNREACHABLE_STATE = PREFIX + "unreachable-state";
	public static final String NO_WAY_OUT_OF_FAULT = PREFIX + "no-way-out-of-fault";
	public static final String NO_FAULT_REACTION = PREFIX + "no-fault-reaction";
	public static final String OVERLAPPING_TRANSITIONS = PREFIX + "overlapping-transitions";
	public static final String TRANSITION_WITHOUT_TRIGGER = PREFIX + "transition-without-trigger";
	public static final String DUPLICATE_STATE = PREFIX + "duplicate-state";
	public static final String ACTION_INVALID = PREFIX + "action-invalid";

	// telemetry
	public static final String CAN_ID_OUT_OF_RANGE = PREFIX + "can-id-out-of-range";
	public static final String DUPLICATE_CAN_ID = PREFIX + "duplicate-can-id";
	public static final String DUPLICATE_SIGNAL_NAME = PREFIX + "duplicate-signal-name";
	public static final String SIGNAL_BEYOND_FRAME = PREFIX + "signal-beyond-frame";
	public static final String SIGNALS_OVERLAP = PREFIX + "signals-overlap";
	public static final String FRAME_LENGTH_INVALID = PREFIX + "frame-length-invalid";
	public static final String FD_WITHOUT_FD_BUS = PREFIX + "fd-without-fd-bus";
	public static final String SIGNAL_UNIT_MISMATCH = PREFIX + "signal-unit-mismatch";
	public static final String SIGNAL_RANGE_UNREPRESENTABLE = PREFIX + "signal-range-unrepresentable";
	public static final String DUPLICATE_MESSAGE_NAME = PREFIX + "duplicate-message-name";
	public static final String UART_FRAME_INVALID = PREFIX + "uart-frame-invalid";
	public static final String RADIO_SECRET_MISSING = PREFIX + "radio-secret-missing";
	public static final String TELEMETRY_FASTER_THAN_CONTROL = PREFIX + "telemetry-faster-than-control";

	// logging
	public static final String FLASH_CAPACITY_EXCEEDED = PREFIX + "flash-capacity-exceeded";
	public static final String FLASH_AREA_MISALIGNED = PREFIX + "flash-area-misaligned";
	public static final String LOG_RECORD_SIZE_INVALID = PREFIX + "log-record-size-invalid";
	public static final String LOG_WITHOUT_FLASH = PREFIX + "log-without-flash";
	public static final String HISTORY_FORGETS_SOH = PREFIX + "history-forgets-soh";

	// model structure
	public static final String EXTENDS_CYCLE = PREFIX + "extends-cycle";
	public static final String UNRESOLVED_IMPORT = PREFIX + "unresolved-import";
	public static final String DUPLICATE_NAME = PREFIX + "duplicate-name";
}
