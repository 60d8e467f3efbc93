package org.bmsgen.dsl.ide.hover;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.CellCurrents;
import org.bmsgen.dsl.bms.CellVoltages;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Signal;
import org.bmsgen.dsl.bms.State;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.bms.Transition;
import org.bmsgen.dsl.bms.Trip;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.CurrentSetting;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.parts.Bq769x0.MicrovoltRange;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.ExpectedDimensions;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.validation.AfeSettings;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.hover.HoverContext;
import org.eclipse.xtext.ide.server.hover.HoverService;

/**
 * Hover of the .bms editor. Over a quantity: the value in its dimension's base unit (what every check and
 * the generator compute with) and, for a level or delay the bq769x0 enforces, the register and code the chip
 * is programmed with and the physical value that code means, from {@link AfeSettings}, the computation the
 * checks' "programmed as" warnings use. Over a reference (or a declaration): a summary of the element, so
 * an engineer sees the cell's window without opening the imported file.
 */
public class BmsHoverService extends HoverService {

	@Override
	protected MarkupContent getMarkupContent(HoverContext context) {
		String contents = getContents(context.getElement());
		return contents == null || contents.isBlank() ? null : toMarkupContent(getKind(context), contents);
	}

	@Override
	public String getContents(EObject element) {
		String summary = summary(element);
		return summary != null ? summary : super.getContents(element);
	}

	/** The hover text of an element in markdown, or null when the element has none of its own. */
	public String summary(EObject element) {
		if (element instanceof Quantity quantity) {
			return quantity(quantity);
		}
		if (element instanceof Cell cell) {
			return cell(cell);
		}
		if (element instanceof State state) {
			return state(state);
		}
		if (element instanceof StateMachine machine) {
			return "state machine **" + machine.getName() + "**: states "
					+ machine.getStates().stream().map(State::getName).collect(Collectors.joining(", "))
					+ (machine.getInitial() != null && !machine.getInitial().eIsProxy()
							? "; starts in " + machine.getInitial().getName() : "");
		}
		if (element instanceof CanMessage message) {
			return message(message);
		}
		if (element instanceof Protection protection) {
			return protection(protection);
		}
		if (element instanceof Pack pack) {
			return pack(pack);
		}
		return null;
	}

	// ------------------------------------------------------------------ quantities

	private String quantity(Quantity quantity) {
		if (quantity.getValue() == null) {
			return null;
		}
		List<String> lines = new ArrayList<>();
		if (Units.hasUnit(quantity)) {
			Dimension dimension = Units.dimensionOf(quantity);
			lines.add("`" + Units.format(quantity) + "` = **" + Units.formatBase(Units.toBase(quantity), dimension)
					+ "** (" + dimension.description() + ", base unit " + dimension.baseUnit() + ")");
		} else {
			ExpectedDimensions.Expectation expected = ExpectedDimensions.of(quantity);
			lines.add("`" + Units.format(quantity) + "`: "
					+ (expected.needsUnit() ? "no unit; " + expected.describe() + " is due here" : "a plain number"));
		}
		afeProgrammed(quantity).ifPresent(lines::add);
		return String.join("\n\n", lines);
	}

	/**
	 * For the trip level or delay of a protection the AFE enforces, what the chip is programmed with. The
	 * written protection must be the one in force for its pack (a variant may override it).
	 */
	private Optional<String> afeProgrammed(Quantity quantity) {
		EObject owner = quantity.eContainer();
		boolean isLevel = owner instanceof Trip && owner.eContainingFeature() == BmsPackage.Literals.PROTECTION__TRIP;
		boolean isDelay = owner instanceof Protection
				&& quantity.eContainingFeature() == BmsPackage.Literals.PROTECTION__DELAY;
		if (!isLevel && !isDelay) {
			return Optional.empty();
		}
		Protection written = EcoreUtil2.getContainerOfType(owner, Protection.class);
		Pack pack = EcoreUtil2.getContainerOfType(written, Pack.class);
		if (written.getSubject() == null || written.getKind() == null || pack == null) {
			return Optional.empty();
		}
		String name = ProtectionNames.nameOf(written);
		EffectivePack effective = EffectivePack.of(pack);
		Protection inForce = AfeSettings.afeProtection(effective, name);
		if (inForce == null || effective.originOf(inForce) != written) {
			return Optional.empty();
		}
		return isDelay ? programmedDelay(name, quantity) : programmedLevel(effective, name, quantity);
	}

	private static Optional<String> programmedLevel(EffectivePack effective, String name, Quantity level) {
		CurrentComparator comparator = AfeSettings.comparatorOf(name);
		if (comparator != null && Units.dimensionOf(level) == Dimension.CURRENT) {
			Optional<CurrentSetting> setting = AfeSettings.programmedCurrent(effective, comparator);
			if (setting.isEmpty()) {
				return Optional.of("The " + effective.afe().getPart() + " cannot be programmed with this level (see the"
						+ " diagnostics).");
			}
			CurrentSetting programmed = setting.get();
			String register = comparator == CurrentComparator.OCD ? "PROTECT2 OCD_THRESH" : "PROTECT1 SCD_THRESH";
			String text = String.format(Locale.ROOT, "AFE: %s = 0x%X with RSNS = %d (PROTECT1): %d mV across the %s"
					+ " shunt = **%s**", register, programmed.code(), programmed.rsns(), programmed.millivolts(),
					Units.format(effective.afe().getShunt()), amps(programmed.amps()));
			boolean differs = Math.abs(programmed.amps() - Units.base(level)) > 1e-9 * Math.max(1, Units.base(level));
			return Optional.of(differs ? text + "; the chip trips at " + amps(programmed.amps()) + ", not at "
					+ Units.format(level) : text + ", as modelled");
		}
		boolean over = AfeSettings.CELL_OVERVOLTAGE.equals(name);
		if ((over || AfeSettings.CELL_UNDERVOLTAGE.equals(name)) && Units.dimensionOf(level) == Dimension.VOLTAGE) {
			long microvolts = Units.toBase(level).movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP)
					.longValue();
			Optional<MicrovoltRange> span = AfeSettings.programmedVoltage(over, microvolts);
			if (span.isEmpty()) {
				return Optional.of("The bq769x0 cannot program this level on every chip (see the diagnostics).");
			}
			return Optional.of("AFE: " + (over ? "OV_TRIP" : "UV_TRIP") + " is computed at start-up from the chip's"
					+ " ADCGAIN/ADCOFFSET (DS 9.2), never tripping later than modelled: over every factory trim it"
					+ " programs **" + volts(span.get().min()) + " to " + volts(span.get().max()) + "**");
		}
		return Optional.empty();
	}

	private static Optional<String> programmedDelay(String name, Quantity delay) {
		DelayTable table = AfeSettings.delayTableOf(name);
		if (table == null || Units.dimensionOf(delay) != Dimension.TIME) {
			return Optional.empty();
		}
		double seconds = Units.base(delay);
		Optional<Integer> code = AfeSettings.programmedDelay(table, seconds);
		String register = switch (table) {
			case OV, UV -> "PROTECT3 " + table + "_DELAY";
			case OCD -> "PROTECT2 OCD_DELAY";
			case SCD -> "PROTECT1 SCD_DELAY";
		};
		if (code.isEmpty()) {
			return Optional.of("AFE: " + register + " has no such entry (" + table.describe() + ", DS 8.5)");
		}
		String text = String.format(Locale.ROOT, "AFE: %s = 0x%X: **%s**", register, code.get(),
				table.format(code.get()));
		return Optional.of(Math.abs(table.seconds(code.get()) - seconds) > 1e-12 * Math.max(1, seconds)
				? text + "; the chip acts after " + table.format(code.get()) + ", not " + Units.format(delay)
				: text + ", as modelled");
	}

	private static String amps(double amps) {
		return new BigDecimal(amps).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString() + " A";
	}

	private static String volts(long microvolts) {
		return BigDecimal.valueOf(microvolts).movePointLeft(6).stripTrailingZeros().toPlainString() + " V";
	}

	// ------------------------------------------------------------------ elements

	private static String cell(Cell cell) {
		List<String> facts = new ArrayList<>();
		if (cell.getChemistry() != null) {
			facts.add(cell.getChemistry().getLiteral());
		}
		if (cell.getCapacity() != null) {
			facts.add(Units.format(cell.getCapacity()));
		}
		CellVoltages voltages = cell.getVoltage();
		if (voltages != null) {
			String window = voltages.getMinimum() != null && voltages.getMaximum() != null
					? Units.format(voltages.getMinimum()) + " to " + Units.format(voltages.getMaximum()) : null;
			String nominal = voltages.getNominal() != null ? Units.format(voltages.getNominal()) + " nominal" : null;
			if (window != null) {
				facts.add(window + (nominal != null ? " (" + nominal + ")" : ""));
			} else if (nominal != null) {
				facts.add(nominal);
			}
		}
		CellCurrents currents = cell.getCurrents();
		if (currents != null) {
			List<String> limits = new ArrayList<>();
			if (currents.getCharge() != null) {
				limits.add("charge " + Units.format(currents.getCharge()));
			}
			if (currents.getDischarge() != null) {
				limits.add("discharge " + Units.format(currents.getDischarge()));
			}
			if (currents.getPeak() != null) {
				limits.add("peak " + Units.format(currents.getPeak()));
			}
			if (!limits.isEmpty()) {
				facts.add(String.join(", ", limits));
			}
		}
		String origin = cell.getManufacturer() != null ? " (" + cell.getManufacturer() + ")" : "";
		return "cell **" + cell.getName() + "**" + origin + ": " + String.join("; ", facts)
				+ fileOf(cell);
	}

	private static String state(State state) {
		StateMachine machine = EcoreUtil2.getContainerOfType(state, StateMachine.class);
		String targets = state.getTransitions().stream().map(Transition::getTarget)
				.filter(target -> target != null && !target.eIsProxy()).map(State::getName).distinct()
				.collect(Collectors.joining(", "));
		return "state **" + state.getName() + "**" + (machine != null ? " of " + machine.getName() : "")
				+ (machine != null && machine.getInitial() == state ? " (initial)" : "") + ": "
				+ state.getTransitions().size() + " transition(s)" + (targets.isEmpty() ? "" : " to " + targets);
	}

	private static String message(CanMessage message) {
		String signals = message.getSignals().stream().map(Signal::getName).collect(Collectors.joining(", "));
		return String.format(Locale.ROOT, "CAN message **%s**: ID 0x%X%s%s, %d B, every %s; signals %s",
				message.getName(), message.getId(), message.isExtended() ? " extended" : "",
				message.isFd() ? " FD" : "", message.getLength() == 0 ? 8 : message.getLength(),
				Units.format(message.getPeriod()), signals.isEmpty() ? "none" : signals);
	}

	private static String protection(Protection protection) {
		if (protection.getSubject() == null || protection.getKind() == null) {
			return null;
		}
		StringBuilder text = new StringBuilder("protection **" + ProtectionNames.describe(protection) + "**");
		if (protection.getTrip() != null && protection.getTrip().getLevel() != null) {
			text.append(": trips ").append(protection.getTrip().getDirection().getLiteral()).append(' ')
					.append(Units.format(protection.getTrip().getLevel()));
		}
		if (protection.getDelay() != null) {
			text.append(" for ").append(Units.format(protection.getDelay()));
		}
		if (protection.getEnforcement() != null) {
			text.append(", enforced by ").append(protection.getEnforcement().getLiteral());
		}
		return text.toString();
	}

	private static String pack(Pack pack) {
		EffectivePack effective = EffectivePack.of(pack);
		String cells = effective.topology() == null ? "no cells"
				: effective.topology().getArrangement() + " "
						+ (effective.topology().getCell() == null || effective.topology().getCell().eIsProxy() ? "?"
								: effective.topology().getCell().getName());
		return "pack **" + pack.getName() + "**" + (pack.getBase() != null && !pack.getBase().eIsProxy()
				? " extends " + pack.getBase().getName() : "") + ": " + cells + ", "
				+ effective.protections().size() + " protections" + fileOf(pack);
	}

	private static String fileOf(EObject element) {
		return element.eResource() == null || element.eResource().getURI() == null ? ""
				: "\n\n_" + element.eResource().getURI().lastSegment() + "_";
	}
}
