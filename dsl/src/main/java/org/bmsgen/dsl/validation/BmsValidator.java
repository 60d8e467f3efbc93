package org.bmsgen.dsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;

/**
 * The checks of the .bms language, one class per concern; each check raises the codes of
 * {@link IssueCodes} and has its own test.
 */
@ComposedChecks(validators = { HardwareChecks.class, ProtectionChecks.class, StateMachineChecks.class,
		TelemetryChecks.class, LoggingChecks.class, ModelStructureChecks.class, UnitChecks.class, CellChecks.class,
		EstimatorChecks.class, BalancingChecks.class })
public class BmsValidator extends AbstractBmsValidator {
}
