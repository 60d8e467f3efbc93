package org.bmsgen.dsl.ide.contentassist;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionKind;
import org.bmsgen.dsl.bms.ProtectionSubject;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Trip;
import org.bmsgen.dsl.bms.Unit;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.parts.Bq769x0.MicrovoltRange;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.ExpectedDimensions;
import org.bmsgen.dsl.units.ExpectedDimensions.Expectation;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.validation.AfeSettings;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Completion of the .bms editor beyond Xtext's keywords and references (cell types, states, messages and
 * protections come from the scopes, imported files included):
 * <ul>
 * <li>after a number, only the units of the dimension due at that place ({@link ExpectedDimensions}): after
 * {@code period 250} the times, not the voltages;</li>
 * <li>where a bq769x0 table decides what the chip can do, its entries: the OCD and SCD thresholds for the
 * pack's shunt (in amperes, with the register code and RSNS; only the RSNS the other comparator's level also
 * fits, since both share one bit), the OV/UV/OCD/SCD delays, and for OV/UV the cell's own limit with the range
 * every chip can program.</li>
 * </ul>
 */
public class BmsIdeContentProposalProvider extends IdeContentProposalProvider {

	/** A trip level of a protection (not its release or warning) ends the text before the cursor. */
	private static final Pattern RELEASE_OR_WARNING = Pattern.compile("(release|warning)\\s+(above|below)\\s*\\S*$");

	private static final int TABLE_PRIORITY = 900;

	@Override
	protected void _createProposals(Keyword keyword, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		Unit unit = unitOf(keyword);
		if (unit != null && !unitFits(unit, context)) {
			return;
		}
		super._createProposals(keyword, context, acceptor);
	}

	@Override
	protected void _createProposals(Assignment assignment, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		ParserRule rule = GrammarUtil.containingParserRule(assignment);
		String ruleName = rule == null ? "" : rule.getName();
		if ("Import".equals(ruleName) && "importURI".equals(assignment.getFeature())) {
			importableFiles(context, acceptor);
		} else if ("Trip".equals(ruleName) && "level".equals(assignment.getFeature())) {
			Protection protection = protectionAt(context);
			if (protection != null && !isReleaseOrWarning(context)) {
				tripLevels(protection, context, acceptor);
			}
		} else if ("Protection".equals(ruleName) && "delay".equals(assignment.getFeature())) {
			Protection protection = protectionAt(context);
			if (protection != null) {
				delays(protection, context, acceptor);
			}
		}
		super._createProposals(assignment, context, acceptor);
	}

	// ------------------------------------------------------------------ imports

	/** The .bms files beside the model and below its folder, as an import writes them (relative, quoted). */
	private void importableFiles(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		org.eclipse.emf.common.util.URI uri = context.getResource() == null ? null : context.getResource().getURI();
		if (uri == null || !uri.isFile()) {
			return;
		}
		java.nio.file.Path self = java.nio.file.Path.of(uri.toFileString()).toAbsolutePath();
		java.nio.file.Path folder = self.getParent();
		if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
			return;
		}
		try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(folder, 3)) {
			List<String> relative = files.filter(f -> f.toString().endsWith(".bms") && !f.equals(self))
					.map(f -> folder.relativize(f).toString().replace(java.io.File.separatorChar, '/')).sorted()
					.limit(200).collect(java.util.stream.Collectors.toList());
			int rank = 0;
			for (String file : relative) {
				accept("\"" + file + "\"", "a model file beside this one", String.format(Locale.ROOT, "%03d",
						Math.min(rank++, 899)), context, acceptor);
			}
		} catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
			// no proposals from a folder that cannot be listed
		}
	}

	// ------------------------------------------------------------------ units

	/** The unit an enum literal keyword of the grammar's Unit rule stands for, or null for any other keyword. */
	private static Unit unitOf(Keyword keyword) {
		EObject literal = keyword.eContainer();
		if (!(literal instanceof EnumLiteralDeclaration declaration)
				|| !(declaration.eContainer() != null && GrammarUtil.containingRule(declaration) instanceof EnumRule rule)
				|| !"Unit".equals(rule.getName())) {
			return null;
		}
		return Unit.getByName(declaration.getEnumLiteral().getName());
	}

	/** True when the unit's dimension is allowed for the quantity being written (or nothing is known of it). */
	private static boolean unitFits(Unit unit, ContentAssistContext context) {
		Quantity quantity = quantityAt(context);
		if (quantity == null) {
			return true;
		}
		Expectation expected = ExpectedDimensions.of(quantity);
		return expected.isAny() || expected.allows(Units.dimensionOf(unit));
	}

	private static Quantity quantityAt(ContentAssistContext context) {
		if (context.getCurrentModel() instanceof Quantity quantity) {
			return quantity;
		}
		INode last = context.getLastCompleteNode();
		EObject semantic = last == null ? null : NodeModelUtils.findActualSemanticObjectFor(last);
		return semantic instanceof Quantity quantity ? quantity : null;
	}

	// ------------------------------------------------------------------ AFE tables

	private static Protection protectionAt(ContentAssistContext context) {
		EObject model = context.getCurrentModel();
		if (model instanceof Quantity || model instanceof Trip) {
			model = EcoreUtil2.getContainerOfType(model, Protection.class);
		}
		return model instanceof Protection protection && protection.getSubject() != null
				&& protection.getKind() != null ? protection : null;
	}

	private static boolean isReleaseOrWarning(ContentAssistContext context) {
		String text = context.getRootNode().getText();
		int offset = Math.min(context.getOffset(), text.length());
		int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
		return RELEASE_OR_WARNING.matcher(text.substring(lineStart, offset)).find();
	}

	private void tripLevels(Protection protection, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		Pack pack = EcoreUtil2.getContainerOfType(protection, Pack.class);
		if (pack == null) {
			return;
		}
		EffectivePack effective = EffectivePack.of(pack);
		String name = ProtectionNames.nameOf(protection);
		CurrentComparator comparator = AfeSettings.comparatorOf(name);
		if (comparator != null) {
			currentThresholds(effective, comparator, context, acceptor);
		} else if (protection.getSubject() == ProtectionSubject.CELL && (protection.getKind() == ProtectionKind.OVERVOLTAGE
				|| protection.getKind() == ProtectionKind.UNDERVOLTAGE)) {
			cellVoltageLevel(effective, protection.getKind() == ProtectionKind.OVERVOLTAGE, context, acceptor);
		}
	}

	/**
	 * The OCD or SCD table in amperes for the pack's shunt. Both comparators share PROTECT1's RSNS bit, so when
	 * the other one's level fits only one RSNS range, only that range is offered.
	 */
	private void currentThresholds(EffectivePack effective, CurrentComparator comparator, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		Double shunt = AfeSettings.shuntOhm(effective.afe());
		if (shunt == null) {
			return;
		}
		Set<Integer> ranges = new TreeSet<>(List.of(1, 0));
		String otherName = comparator == CurrentComparator.OCD ? AfeSettings.DISCHARGE_SHORT_CIRCUIT
				: AfeSettings.DISCHARGE_OVERCURRENT;
		CurrentComparator other = comparator == CurrentComparator.OCD ? CurrentComparator.SCD : CurrentComparator.OCD;
		Quantity otherLevel = AfeSettings.level(AfeSettings.afeProtection(effective, otherName), Dimension.CURRENT);
		String sharedNote = "";
		if (otherLevel != null) {
			Set<Integer> fitting = new TreeSet<>();
			for (int rsns = 0; rsns <= 1; rsns++) {
				if (Bq769x0.currentSetting(other, Units.base(otherLevel), shunt, rsns).isPresent()) {
					fitting.add(rsns);
				}
			}
			if (fitting.size() == 1) {
				ranges = fitting;
				sharedNote = "; " + otherName + " " + Units.format(otherLevel) + " needs this RSNS";
			}
		}
		Map<String, String> byAmps = new LinkedHashMap<>();
		List<double[]> entries = new ArrayList<>();
		for (int rsns : ranges) {
			for (int code = 0; code < comparator.codes(); code++) {
				entries.add(new double[] { comparator.millivolts(rsns, code) / 1000.0 / shunt, rsns, code });
			}
		}
		entries.sort((a, b) -> Double.compare(a[0], b[0]));
		for (double[] entry : entries) {
			String amps = amps(entry[0]);
			int rsns = (int) entry[1];
			int code = (int) entry[2];
			byAmps.putIfAbsent(amps, String.format(Locale.ROOT, "%s_THRESH 0x%X, RSNS=%d: %d mV across %s%s",
					comparator, code, rsns, comparator.millivolts(rsns, code), Units.format(effective.afe().getShunt()),
					sharedNote));
		}
		int rank = 0;
		for (Map.Entry<String, String> proposal : byAmps.entrySet()) {
			accept(proposal.getKey(), proposal.getValue(), String.format(Locale.ROOT, "%03d", rank++), context,
					acceptor);
		}
	}

	private void cellVoltageLevel(EffectivePack effective, boolean over, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		MicrovoltRange range = over ? Bq769x0.ovRangeForEveryTrim() : Bq769x0.uvRangeForEveryTrim();
		String programmable = (over ? "OV_TRIP" : "UV_TRIP") + " is set per chip from its trim; every chip can program "
				+ volts(range.min()) + " to " + volts(range.max()) + " (DS Tables 8-12, 8-13)";
		Cell cell = effective.topology() == null ? null : effective.topology().getCell();
		if (cell != null && !cell.eIsProxy() && cell.getVoltage() != null) {
			Quantity limit = over ? cell.getVoltage().getMaximum() : cell.getVoltage().getMinimum();
			if (limit != null && limit.getValue() != null && Units.dimensionOf(limit) == Dimension.VOLTAGE) {
				accept(Units.format(limit), "the " + (over ? "maximum" : "minimum") + " voltage of " + cell.getName()
						+ "; " + programmable, "000", context, acceptor);
			}
		}
	}

	private void delays(Protection protection, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		DelayTable table = AfeSettings.delayTableOf(ProtectionNames.nameOf(protection));
		if (table == null) {
			return;
		}
		String register = switch (table) {
			case OV, UV -> "PROTECT3 " + table + "_DELAY";
			case OCD -> "PROTECT2 OCD_DELAY";
			case SCD -> "PROTECT1 SCD_DELAY";
		};
		for (int code = 0; code < table.codes(); code++) {
			accept(table.format(code), String.format(Locale.ROOT, "%s 0x%X (bq769x0, DS 8.5)", register, code),
					String.format(Locale.ROOT, "%03d", code), context, acceptor);
		}
	}

	private void accept(String proposal, String description, String rank, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		ContentAssistEntry entry = getProposalCreator().createProposal(proposal, context,
				e -> {
					e.setDescription(description);
					e.setKind(ContentAssistEntry.KIND_VALUE);
					e.setLabel(proposal);
				});
		if (entry != null) {
			acceptor.accept(entry, TABLE_PRIORITY - Integer.parseInt(rank));
		}
	}

	private static String amps(double amps) {
		return new BigDecimal(amps).round(new MathContext(10)).stripTrailingZeros().toPlainString() + " A";
	}

	private static String volts(long microvolts) {
		return BigDecimal.valueOf(microvolts).movePointLeft(6).round(new MathContext(4)).stripTrailingZeros()
				.toPlainString() + " V";
	}
}
