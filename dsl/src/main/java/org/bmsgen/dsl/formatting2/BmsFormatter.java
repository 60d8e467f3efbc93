package org.bmsgen.dsl.formatting2;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.services.BmsGrammarAccess;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.CommentReplacer;
import org.eclipse.xtext.formatting2.internal.WhitespaceReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;
import org.eclipse.xtext.xbase.lib.Procedures.Procedure1;

import com.google.inject.Inject;

/**
 * Layout of .bms files: tabs for indentation, one statement (member, protection, state, transition,
 * signal, ...) per line, blocks as <code>name {</code> ... <code>}</code> with their contents indented, single
 * spaces between the tokens of a statement, one blank line between top-level elements, comments kept
 * byte for byte.
 * <p>
 * Every gap between two tokens gets exactly one decision ({@link #gapBefore}), so no two rules can
 * conflict and the result does not depend on the order rules were registered in. Only the whitespace
 * around tokens is touched; the {@code format} command re-lexes the result to prove it.
 * <p>
 * Tables ({@code { 0 %: 2.5 V, 100 %: 4.2 V }}) stay on one line when written on one line; a table the
 * user spread over several lines keeps its line breaks (after a comma) and gets its rows indented: an
 * OCV table reads best as a few points per line, which no fixed rule would choose well, and keeping the
 * user's breaks is stable (formatting twice gives the same text).
 */
public class BmsFormatter extends AbstractJavaFormatter {

	@Inject
	private BmsGrammarAccess grammar;

	/** Keywords that begin a statement of their own line inside a block. */
	private Set<Keyword> statementKeywords;

	/** Containment features whose objects begin a statement of their own line. */
	private static final Set<EStructuralFeature> STATEMENT_FEATURES = Set.of(
			BmsPackage.Literals.MODEL__IMPORTS, BmsPackage.Literals.MODEL__ELEMENTS,
			BmsPackage.Literals.CELL__OCV, BmsPackage.Literals.CELL__ECM, BmsPackage.Literals.CELL__THERMAL,
			BmsPackage.Literals.CELL__SPREAD, BmsPackage.Literals.EQUIVALENT_CIRCUIT__PARAMETERS,
			BmsPackage.Literals.PACK__MEMBERS, BmsPackage.Literals.AFE__THERMISTORS,
			BmsPackage.Literals.RADIO__PUBLICATIONS, BmsPackage.Literals.RADIO__COMMANDS,
			BmsPackage.Literals.PROTECTION_SET__PROTECTIONS, BmsPackage.Literals.CURRENT_LIMITS__DERATINGS,
			BmsPackage.Literals.STATE_MACHINE__STATES, BmsPackage.Literals.STATE_MACHINE__FAULT_REACTION,
			BmsPackage.Literals.STATE__TRANSITIONS, BmsPackage.Literals.CAN_MESSAGE__SIGNALS,
			BmsPackage.Literals.UART_FRAME__FIELDS, BmsPackage.Literals.LOGGING__EVENTS,
			BmsPackage.Literals.LOGGING__HISTORY);

	private enum Gap {
		NONE, SPACE, NEWLINE, NEWLINE_KEEP_BLANK, BLANK_LINE
	}

	private Set<Keyword> statementKeywords() {
		if (statementKeywords == null) {
			var cell = grammar.getCellAccess();
			var afe = grammar.getAfeAccess();
			var mcu = grammar.getMcuAccess();
			var radio = grammar.getRadioAccess();
			var can = grammar.getCanBusAccess();
			var thermal = grammar.getThermalModelAccess();
			var spread = grammar.getManufacturingSpreadAccess();
			var balancing = grammar.getBalancingAccess();
			var soc = grammar.getSocEstimatorAccess();
			var soh = grammar.getSohEstimatorAccess();
			var limits = grammar.getCurrentLimitsAccess();
			var machine = grammar.getStateMachineAccess();
			var state = grammar.getStateAccess();
			statementKeywords = new HashSet<>(java.util.List.of(
					cell.getChemistryKeyword_3_0_0(), cell.getManufacturerKeyword_3_1_0(), cell.getSourceKeyword_3_2_0(),
					cell.getVoltageKeyword_3_3_0(), cell.getCapacityKeyword_3_4_0(), cell.getCurrentKeyword_3_5_0(),
					cell.getTemperatureKeyword_3_6_0(),
					afe.getAddressKeyword_3_0_0(), afe.getCrcKeyword_3_1_0(), afe.getShuntKeyword_3_2_0(),
					afe.getChannelsKeyword_3_4_0(),
					mcu.getPeriodKeyword_3_0(), mcu.getWatchdogKeyword_4_0(),
					radio.getUartKeyword_3_0_0(), radio.getSecretKeyword_3_3_0(),
					grammar.getCanModeAccess().getFdFdKeyword_1_0(), grammar.getCanModeAccess().getClassicClassicKeyword_0_0(),
					can.getNominalKeyword_4(),
					can.getDataKeyword_6_0(),
					thermal.getMassKeyword_3_0(), thermal.getResistanceKeyword_4_0(),
					spread.getCapacityKeyword_3_0(), spread.getResistanceKeyword_4_0(), spread.getSocKeyword_5_0(),
					balancing.getStartKeyword_4_0(), balancing.getStopKeyword_5_0(), balancing.getCellsKeyword_6_0(),
					balancing.getMaxKeyword_7_0(), balancing.getWhenKeyword_8_0(), balancing.getNeverKeyword_9_0(),
					balancing.getAdjacentKeyword_10_0(),
					soc.getModelKeyword_4_0(), soc.getProcessKeyword_5_0(), soc.getMeasurementKeyword_6_0(),
					soc.getInitialKeyword_7_0(), soc.getInitialKeyword_8_0(), soc.getRestKeyword_9_0(),
					soh.getCapacityKeyword_3_0(), soh.getResistanceKeyword_4_0(), soh.getEndKeyword_5_0(),
					limits.getChargeKeyword_3_0(), limits.getDischargeKeyword_4_0(),
					machine.getInitialKeyword_3(),
					state.getEntryKeyword_3_0(), state.getDuringKeyword_4_0(), state.getExitKeyword_5_0()));
		}
		return statementKeywords;
	}

	protected void format(Model model, IFormattableDocument doc) {
		ITextRegionAccess regions = getTextRegionAccess();
		Map<IHiddenRegion, Gap> statementGaps = new HashMap<>();
		collectStatementGaps(model, statementGaps);
		ISemanticRegion first = regions.regionForRootEObject() == null ? null
				: regions.regionForRootEObject().getPreviousHiddenRegion().getNextSemanticRegion();
		if (first == null) {
			return;
		}
		// blocks and tables: indentation between the braces
		for (ISemanticRegion token = first; token != null; token = token.getNextSemanticRegion()) {
			if (isOpeningBrace(token)) {
				ISemanticRegion closing = matchingClose(token);
				if (closing != null && (!isTableBrace(token) || isMultiLine(token, closing))) {
					doc.interior(token, closing, IHiddenRegionFormatter::indent);
				}
			}
		}
		doc.set(first.getPreviousHiddenRegion(), IHiddenRegionFormatter::noSpace);
		for (ISemanticRegion token = first; token != null; token = token.getNextSemanticRegion()) {
			compactNegativeNumber(token, doc);
		}
		for (ISemanticRegion token = first; token != null; token = token.getNextSemanticRegion()) {
			ISemanticRegion next = token.getNextSemanticRegion();
			IHiddenRegion gap = token.getNextHiddenRegion();
			if (next == null) {
				doc.set(gap, h -> h.setNewLines(1));
				break;
			}
			Gap decision = gapBefore(token, next, gap, statementGaps.get(gap));
			doc.set(gap, apply(decision));
		}
	}

	/**
	 * "- 20 degC" becomes "-20 degC". The sign belongs to the number's datatype rule, so the space after it
	 * is inside one token region rather than a gap between two; only plain whitespace is removed there.
	 */
	private void compactNegativeNumber(ISemanticRegion token, IFormattableDocument doc) {
		if (token.getGrammarElement() instanceof RuleCall
				&& ((RuleCall) token.getGrammarElement()).getRule() == grammar.getDecimalRule()
				&& NEGATIVE_WITH_SPACE.matcher(token.getText()).matches()) {
			String compact = token.getText().replaceAll("\\s+", "");
			doc.addReplacer(new ITextReplacer() {
				@Override
				public ITextSegment getRegion() {
					return token;
				}

				@Override
				public ITextReplacerContext createReplacements(ITextReplacerContext context) {
					context.addReplacement(token.replaceWith(compact));
					return context;
				}
			});
		}
	}

	private static final Pattern NEGATIVE_WITH_SPACE = Pattern.compile("-[ \\t\\r\\n]+[0-9][0-9.eE+-]*");

	private static Procedure1<IHiddenRegionFormatter> apply(Gap gap) {
		switch (gap) {
		case NONE:
			return IHiddenRegionFormatter::noSpace;
		case SPACE:
			return IHiddenRegionFormatter::oneSpace;
		case NEWLINE:
			return IHiddenRegionFormatter::newLine;
		case NEWLINE_KEEP_BLANK:
			return h -> h.setNewLines(1, 1, 2);
		case BLANK_LINE:
			return h -> h.setNewLines(2);
		default:
			throw new IllegalStateException(gap.toString());
		}
	}

	private void collectStatementGaps(EObject object, Map<IHiddenRegion, Gap> gaps) {
		for (EObject child : object.eContents()) {
			EStructuralFeature feature = child.eContainingFeature();
			if (STATEMENT_FEATURES.contains(feature)) {
				IEObjectRegion region = getTextRegionAccess().regionForEObject(child);
				if (region != null && region.getPreviousHiddenRegion() != null) {
					gaps.put(region.getPreviousHiddenRegion(), gapBeforeStatement(child));
				}
			}
			collectStatementGaps(child, gaps);
		}
	}

	/** Imports one per line; one blank line between top-level elements; up to one blank line kept in blocks. */
	private static Gap gapBeforeStatement(EObject statement) {
		if (statement.eContainingFeature() == BmsPackage.Literals.MODEL__IMPORTS) {
			return Gap.NEWLINE;
		}
		if (statement.eContainingFeature() == BmsPackage.Literals.MODEL__ELEMENTS) {
			return Gap.BLANK_LINE;
		}
		return Gap.NEWLINE_KEEP_BLANK;
	}

	private Gap gapBefore(ISemanticRegion token, ISemanticRegion next, IHiddenRegion gap, Gap statement) {
		if (isOpeningBrace(token)) {
			if (isTableBrace(token)) {
				return isMultiLine(token, matchingClose(token)) ? Gap.NEWLINE : Gap.SPACE;
			}
			return Gap.NEWLINE;
		}
		if (isClosingBrace(next)) {
			if (isTableBrace(next)) {
				return isMultiLine(matchingOpen(next), next) ? Gap.NEWLINE : Gap.SPACE;
			}
			return Gap.NEWLINE;
		}
		if (statement != null) {
			return statement;
		}
		if (next.getGrammarElement() instanceof Keyword && statementKeywords().contains(next.getGrammarElement())) {
			return Gap.NEWLINE_KEEP_BLANK;
		}
		if (isKeyword(token, ",") && isTableComma(token)) {
			return gap.isMultiline() ? Gap.NEWLINE : Gap.SPACE;
		}
		if (isKeyword(next, ",") || isKeyword(next, ":") || isKeyword(next, "]") || isKeyword(token, "[")
				|| isKeyword(token, "|") || isKeyword(next, "|")) {
			return Gap.NONE;
		}
		if (isKeyword(next, "[") && next.getGrammarElement() == grammar.getMeasurementSourceAccess()
				.getLeftSquareBracketKeyword_1_0()) {
			return Gap.NONE;
		}
		if (token.getGrammarElement() == grammar.getDecimalAccess().getHyphenMinusKeyword_0()) {
			return Gap.NONE;
		}
		return Gap.SPACE;
	}

	private static boolean isKeyword(ISemanticRegion region, String text) {
		return region != null && region.getGrammarElement() instanceof Keyword
				&& text.equals(((Keyword) region.getGrammarElement()).getValue());
	}

	private static boolean isOpeningBrace(ISemanticRegion region) {
		return isKeyword(region, "{");
	}

	private static boolean isClosingBrace(ISemanticRegion region) {
		return isKeyword(region, "}");
	}

	private boolean isTableBrace(ISemanticRegion region) {
		return region.getGrammarElement() == grammar.getTableAccess().getLeftCurlyBracketKeyword_0()
				|| region.getGrammarElement() == grammar.getTableAccess().getRightCurlyBracketKeyword_4();
	}

	private boolean isTableComma(ISemanticRegion region) {
		return region.getGrammarElement() == grammar.getTableAccess().getCommaKeyword_2_0()
				|| region.getGrammarElement() == grammar.getTableAccess().getCommaKeyword_3();
	}

	/** A table is multi-line when the user wrote a line break anywhere between its braces. */
	private boolean isMultiLine(ISemanticRegion open, ISemanticRegion close) {
		if (open == null) {
			return false;
		}
		ISemanticRegion end = close != null ? close : matchingClose(open);
		for (ISemanticRegion token = open; token != null && token != end; token = token.getNextSemanticRegion()) {
			if (token.getNextHiddenRegion().isMultiline()) {
				return true;
			}
		}
		return false;
	}

	/** The closing brace or bracket owned by the same object as {@code open}. */
	private ISemanticRegion matchingClose(ISemanticRegion open) {
		String close = "}";
		EObject owner = open.getSemanticElement();
		ISemanticRegion found = null;
		for (ISemanticRegion token : getTextRegionAccess().regionForEObject(owner).getAllSemanticRegions()) {
			if (token.getSemanticElement() == owner && isKeyword(token, close) && token.getOffset() > open.getOffset()) {
				found = token;
				break;
			}
		}
		return found;
	}

	private ISemanticRegion matchingOpen(ISemanticRegion close) {
		EObject owner = close.getSemanticElement();
		ISemanticRegion found = null;
		for (ISemanticRegion token : getTextRegionAccess().regionForEObject(owner).getAllSemanticRegions()) {
			if (token.getSemanticElement() == owner && isOpeningBrace(token) && token.getOffset() < close.getOffset()) {
				found = token;
			}
		}
		return found;
	}

	/** Gaps with comments get {@link CommentedGap}'s layout. */
	@Override
	public ITextReplacer createHiddenRegionReplacer(IHiddenRegion region,
			org.eclipse.xtext.formatting2.IHiddenRegionFormatting formatting) {
		return new CommentedGap(region, formatting);
	}

	/**
	 * Comments are never rewritten: Xtext's default replacers normalise the space after {@code //}, keep
	 * some line comments at column 0 and re-indent the lines of a block comment, and a formatter must not
	 * change what the user wrote there. Only the whitespace around a comment is formatted.
	 */
	@Override
	public ITextReplacer createCommentReplacer(IComment comment) {
		return new CommentReplacer(comment) {
			@Override
			public ITextReplacerContext createReplacements(ITextReplacerContext context) {
				return context;
			}

			@Override
			public void configureWhitespace(WhitespaceReplacer leading, WhitespaceReplacer trailing) {
			}
		};
	}
}
