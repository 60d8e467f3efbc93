package org.bmsgen.dsl.ide.codeactions;

import static org.bmsgen.dsl.ide.codeactions.TextFixes.data;
import static org.bmsgen.dsl.ide.codeactions.TextFixes.elementAt;
import static org.bmsgen.dsl.ide.codeactions.TextFixes.first;
import static org.bmsgen.dsl.ide.codeactions.TextFixes.marked;
import static org.bmsgen.dsl.ide.codeactions.TextFixes.marksQuantity;
import static org.bmsgen.dsl.ide.codeactions.TextFixes.replaceMarked;

import java.util.List;

import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanBus;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.CellTemperatures;
import org.bmsgen.dsl.bms.Enforcement;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.State;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.validation.IssueCodes;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.quickfix.AbstractDeclarativeIdeQuickfixProvider;
import org.eclipse.xtext.ide.editor.quickfix.DiagnosticResolution;
import org.eclipse.xtext.ide.editor.quickfix.DiagnosticResolutionAcceptor;
import org.eclipse.xtext.ide.editor.quickfix.ITextModification;
import org.eclipse.xtext.ide.editor.quickfix.QuickFix;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2.Options;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * The quick fixes of the .bms checks, one method per issue code of {@link IssueCodes} that has a mechanical
 * fix. Where the right value needs the model's computation (the AFE step the chip is programmed with, the next
 * free CAN ID, the level mirrored to the safe side), the check puts it in the issue data and the fix writes it,
 * so the fix and the check's message cannot disagree. Every fix is a text edit, so the rest of the line keeps
 * the engineer's layout and comments.
 *
 * <p>Xtext's fix methods receive only the acceptor; the labels name the value written, so the diagnostic in
 * hand is kept for the duration of {@link #getResolutions}.
 */
public class BmsQuickfixProvider extends AbstractDeclarativeIdeQuickfixProvider {

	private final ThreadLocal<Diagnostic> current = new ThreadLocal<>();

	@Override
	public List<DiagnosticResolution> getResolutions(Options options, Diagnostic diagnostic) {
		current.set(diagnostic);
		try {
			return super.getResolutions(options, diagnostic);
		} finally {
			current.remove();
		}
	}

	private Diagnostic diagnostic() {
		return current.get();
	}

	/** Offers "label" replacing the marked quantity with the check's data[0]. */
	private void writeData(DiagnosticResolutionAcceptor acceptor, String labelStart) {
		String value = first(diagnostic());
		if (value == null || value.isEmpty()) {
			return;
		}
		acceptor.accept(labelStart + value, (ITextModification) (diagnostic, element, document) -> marksQuantity(
				diagnostic, document) ? replaceMarked(diagnostic, value) : List.of());
	}

	// ------------------------------------------------------------------ units

	@QuickFix(IssueCodes.MISSING_UNIT)
	public void addUnit(DiagnosticResolutionAcceptor acceptor) {
		for (String unit : data(diagnostic())) {
			acceptor.accept("Add the unit " + unit, (ITextModification) (diagnostic, element, document) -> marksQuantity(
					diagnostic, document) ? List.of(new TextEdit(
							new org.eclipse.lsp4j.Range(diagnostic.getRange().getEnd(), diagnostic.getRange().getEnd()),
							" " + unit)) : List.of());
		}
	}

	@QuickFix(IssueCodes.DIMENSION_MISMATCH)
	public void replaceUnit(DiagnosticResolutionAcceptor acceptor) {
		unitFix(acceptor);
	}

	/** A signal's scale, offset or range in another unit than its source's (data: written unit, meant unit). */
	@QuickFix(IssueCodes.SIGNAL_UNIT_MISMATCH)
	public void signalUnit(DiagnosticResolutionAcceptor acceptor) {
		unitFix(acceptor);
	}

	/** Data [written, meant]: replaces the written unit (none: "") by the meant one (none: the unit goes). */
	private void unitFix(DiagnosticResolutionAcceptor acceptor) {
		List<String> data = data(diagnostic());
		if (data.size() != 2) {
			return;
		}
		String written = data.get(0);
		String meant = data.get(1);
		String label = written.isEmpty() ? "Add the unit " + meant
				: meant.isEmpty() ? "Drop the unit " + written : "Write " + meant + " instead of " + written;
		acceptor.accept(label, (ITextModification) (diagnostic, element, document) -> {
			String text = marked(diagnostic, document);
			if (!marksQuantity(diagnostic, document) || !text.endsWith(written)) {
				return List.of();
			}
			int end = document.getOffSet(diagnostic.getRange().getEnd());
			if (written.isEmpty()) {
				return List.of(TextFixes.insert(document, end, " " + meant));
			}
			int start = end - written.length();
			if (meant.isEmpty()) {
				String contents = document.getContents();
				while (start > 0 && contents.charAt(start - 1) == ' ') {
					start--;
				}
			}
			return List.of(TextFixes.replace(document, start, end - start, meant));
		});
	}

	@QuickFix(IssueCodes.VALUE_OUT_OF_RANGE)
	public void dropMinusSign(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Drop the minus sign: ");
	}

	// ------------------------------------------------------------------ cells

	/** A temperature range written the wrong way round: swap its ends. */
	@QuickFix(IssueCodes.CELL_TEMPERATURES_INCONSISTENT)
	public void swapTemperatureRange(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Swap the two temperatures", (ITextModification) (diagnostic, element, document) -> {
			CellTemperatures temperatures = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document),
					CellTemperatures.class);
			if (temperatures == null) {
				return List.of();
			}
			int start = document.getOffSet(diagnostic.getRange().getStart());
			for (EReference[] pair : new EReference[][] {
					{ BmsPackage.Literals.CELL_TEMPERATURES__CHARGE_MIN, BmsPackage.Literals.CELL_TEMPERATURES__CHARGE_MAX },
					{ BmsPackage.Literals.CELL_TEMPERATURES__DISCHARGE_MIN,
							BmsPackage.Literals.CELL_TEMPERATURES__DISCHARGE_MAX } }) {
				int[] low = TextFixes.featureRegion(temperatures, pair[0]);
				int[] high = TextFixes.featureRegion(temperatures, pair[1]);
				if (low != null && high != null && low[0] == start) {
					String contents = document.getContents();
					String lowText = contents.substring(low[0], low[0] + low[1]);
					String highText = contents.substring(high[0], high[0] + high[1]);
					if (lowText.equals(highText)) {
						return List.of();
					}
					return List.of(TextFixes.replace(document, low[0], low[1], highText),
							TextFixes.replace(document, high[0], high[1], lowText));
				}
			}
			return List.of();
		});
	}

	// ------------------------------------------------------------------ AFE

	@QuickFix(IssueCodes.AFE_THRESHOLD_QUANTISED)
	public void snapToAfeStep(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Write what the AFE is programmed with: ");
	}

	@QuickFix(IssueCodes.AFE_DELAY_UNSUPPORTED)
	public void snapToAfeDelay(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Use the AFE delay ");
	}

	@QuickFix(IssueCodes.AFE_CANNOT_ENFORCE)
	public void enforceByFirmware(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Enforce it by firmware", (ITextModification) (diagnostic, element, document) -> "afe"
				.equals(marked(diagnostic, document)) ? replaceMarked(diagnostic, "firmware") : List.of());
	}

	@QuickFix(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE)
	public void outOfRangeByFirmware(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Enforce it by firmware", (ITextModification) (diagnostic, element, document) -> {
			Protection protection = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document),
					Protection.class);
			if (protection == null || protection.getEnforcement() != Enforcement.AFE) {
				return List.of();
			}
			int[] region = TextFixes.featureRegion(protection, BmsPackage.Literals.PROTECTION__ENFORCEMENT);
			return region == null ? List.of() : List.of(TextFixes.replace(document, region[0], region[1], "firmware"));
		});
	}

	@QuickFix(IssueCodes.AFE_ADDRESS_INVALID)
	public void documentedAddress(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Use the documented address ");
	}

	@QuickFix(IssueCodes.THERMISTOR_INPUT_UNAVAILABLE)
	public void freeThermistorInput(DiagnosticResolutionAcceptor acceptor) {
		String input = first(diagnostic());
		if (input == null) {
			return;
		}
		acceptor.accept("Use the free input " + input, (ITextModification) (diagnostic, element, document) -> marked(
				diagnostic, document).startsWith("TS") ? replaceMarked(diagnostic, input) : List.of());
	}

	/** Another member of the bq769x0 family that supports the pack's cell count (DS device comparison). */
	@QuickFix(IssueCodes.CELL_COUNT_UNSUPPORTED)
	public void suitableAfe(DiagnosticResolutionAcceptor acceptor) {
		for (String part : data(diagnostic())) {
			acceptor.accept("Use a " + part, (ITextModification) (diagnostic, element, document) -> {
				Pack pack = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document), Pack.class);
				Afe afe = pack == null ? null
						: pack.getMembers().stream().filter(Afe.class::isInstance).map(Afe.class::cast).findFirst()
								.orElse(null);
				int[] region = afe == null ? null : TextFixes.featureRegion(afe, BmsPackage.Literals.AFE__PART);
				return region == null ? List.of() : List.of(TextFixes.replace(document, region[0], region[1], part));
			});
		}
	}

	@QuickFix(IssueCodes.CHANNEL_MAP_MISMATCH)
	public void channelMap(DiagnosticResolutionAcceptor acceptor) {
		String channels = first(diagnostic());
		if (channels == null) {
			return;
		}
		acceptor.accept("Wire the channels as [" + channels + "]", (ITextModification) (diagnostic, element, document) -> {
			EObject at = elementAt(diagnostic, element, document);
			Afe afe = at instanceof Afe ? (Afe) at : EcoreUtil2.getContainerOfType(at, Afe.class);
			int[] region = afe == null ? null : TextFixes.featureRegion(afe, BmsPackage.Literals.AFE__CHANNELS);
			return region == null ? List.of() : List.of(TextFixes.replace(document, region[0], region[1], channels));
		});
	}

	// ------------------------------------------------------------------ protection

	@QuickFix(IssueCodes.PROTECTION_DIRECTION_WRONG)
	public void flipDirection(DiagnosticResolutionAcceptor acceptor) {
		String direction = first(diagnostic());
		if (direction == null) {
			return;
		}
		acceptor.accept("Write '" + direction + "'", (ITextModification) (diagnostic, element, document) -> {
			String text = marked(diagnostic, document);
			return text.equals("above") || text.equals("below") ? replaceMarked(diagnostic, direction) : List.of();
		});
	}

	@QuickFix(IssueCodes.RELEASE_WRONG_SIDE)
	public void releaseOnSafeSide(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Release on the safe side of the trip: ");
	}

	@QuickFix(IssueCodes.WARNING_BEYOND_FAULT)
	public void warningBeforeFault(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Warn before the fault: ");
	}

	@QuickFix(IssueCodes.LIMIT_OUTSIDE_CELL_RATING)
	public void limitAtCellRating(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Trip at the cell rating: ");
	}

	@QuickFix(IssueCodes.PACK_LIMIT_INCONSISTENT)
	public void packLimitFromCells(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Trip at the cells' limit: ");
	}

	/** communication-loss has no threshold: remove the level written after it (with its release/warning keyword). */
	@QuickFix(IssueCodes.PROTECTION_THRESHOLD_MISSING)
	public void removeLevel(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Remove the level", (ITextModification) (diagnostic, element, document) -> {
			String text = marked(diagnostic, document);
			if (!text.startsWith("above") && !text.startsWith("below")) {
				return List.of();
			}
			String contents = document.getContents();
			int start = document.getOffSet(diagnostic.getRange().getStart());
			int end = document.getOffSet(diagnostic.getRange().getEnd());
			int before = start;
			while (before > 0 && Character.isWhitespace(contents.charAt(before - 1))) {
				before--;
			}
			for (String keyword : new String[] { "release", "warning" }) {
				if (contents.startsWith(keyword, before - keyword.length())) {
					before -= keyword.length();
					while (before > 0 && Character.isWhitespace(contents.charAt(before - 1))) {
						before--;
					}
				}
			}
			return List.of(TextFixes.replace(document, before, end - before, ""));
		});
	}

	@QuickFix(IssueCodes.DUPLICATE_PROTECTION)
	public void removeDuplicateProtection(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Remove this second protection", (ITextModification) (diagnostic, element, document) -> {
			Protection protection = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document),
					Protection.class);
			return protection == null ? List.of()
					: List.of(TextFixes.removeStatement(document, NodeModelUtils.getNode(protection)));
		});
	}

	// ------------------------------------------------------------------ balancing

	@QuickFix(IssueCodes.BALANCING_ADJACENT)
	public void noAdjacentBalancing(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Write 'adjacent off'", (ITextModification) (diagnostic, element, document) -> "on"
				.equals(marked(diagnostic, document)) ? replaceMarked(diagnostic, "off") : List.of());
	}

	@QuickFix(IssueCodes.BALANCING_TOO_MANY_CELLS)
	public void balancingCells(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Balance at most this many cells at once: ");
	}

	// ------------------------------------------------------------------ state machines

	@QuickFix(IssueCodes.NO_INITIAL_STATE)
	public void initialState(DiagnosticResolutionAcceptor acceptor) {
		List<String> data = data(diagnostic());
		if (data.isEmpty()) {
			return;
		}
		String written = data.get(0);
		for (String state : data.subList(1, data.size())) {
			acceptor.accept("Start in " + state, (ITextModification) (diagnostic, element, document) -> !written
					.isEmpty() && written.equals(marked(diagnostic, document)) ? replaceMarked(diagnostic, state)
							: List.of());
		}
		if (!written.isEmpty()) {
			acceptor.accept("Add the state " + written, (ITextModification) (diagnostic, element, document) -> {
				if (!written.equals(marked(diagnostic, document))) {
					return List.of();
				}
				int end = document.getOffSet(diagnostic.getRange().getEnd());
				String indent = TextFixes.indentationAt(document, end);
				return List.of(TextFixes.insert(document, TextFixes.lineEnd(document, end),
						"\n" + indent + "state " + written + " {\n" + indent + "}"));
			});
		}
	}

	@QuickFix(IssueCodes.NO_WAY_OUT_OF_FAULT)
	public void wayOutOfFault(DiagnosticResolutionAcceptor acceptor) {
		String transition = first(diagnostic());
		if (transition == null) {
			return;
		}
		acceptor.accept("Add '" + transition + "'", (ITextModification) (diagnostic, element, document) -> {
			EObject at = elementAt(diagnostic, element, document);
			State state = at instanceof State ? (State) at : EcoreUtil2.getContainerOfType(at, State.class);
			TextEdit edit = state == null ? null : TextFixes.insertBeforeClosingBrace(document, state, transition);
			return edit == null ? List.of() : List.of(edit);
		});
	}

	@QuickFix(IssueCodes.NO_FAULT_REACTION)
	public void faultReaction(DiagnosticResolutionAcceptor acceptor) {
		for (String value : data(diagnostic())) {
			if (value.startsWith("on any")) {
				acceptor.accept("Add '" + value + "'", (ITextModification) (diagnostic, element, document) -> {
					EObject at = elementAt(diagnostic, element, document);
					StateMachine machine = at instanceof StateMachine ? (StateMachine) at
							: EcoreUtil2.getContainerOfType(at, StateMachine.class);
					TextEdit edit = machine == null || machine.getFaultReaction() != null ? null
							: TextFixes.insertBeforeClosingBrace(document, machine, value);
					return edit == null ? List.of() : List.of(edit);
				});
			} else {
				acceptor.accept("React to every fault: 'on any " + value + "'",
						(ITextModification) (diagnostic, element, document) -> "permanent"
								.equals(marked(diagnostic, document)) ? replaceMarked(diagnostic, value) : List.of());
			}
		}
	}

	@QuickFix(IssueCodes.UNREACHABLE_STATE)
	public void removeUnreachableState(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Remove the unreachable state", (ITextModification) (diagnostic, element, document) -> {
			EObject at = elementAt(diagnostic, element, document);
			State state = at instanceof State ? (State) at : EcoreUtil2.getContainerOfType(at, State.class);
			if (state == null || !state.getName().equals(marked(diagnostic, document))) {
				return List.of();
			}
			return List.of(TextFixes.removeStatement(document, NodeModelUtils.getNode(state)));
		});
	}

	// ------------------------------------------------------------------ telemetry

	@QuickFix(IssueCodes.DUPLICATE_CAN_ID)
	public void nextFreeCanId(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Renumber to the next free ID ");
	}

	@QuickFix(IssueCodes.CAN_ID_OUT_OF_RANGE)
	public void extendedId(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Make it a 29-bit extended identifier", (ITextModification) (diagnostic, element, document) -> {
			EObject at = elementAt(diagnostic, element, document);
			if (!(at instanceof CanMessage message) || message.isExtended() || message.getId() > 0x1FFFFFFFL
					|| !marksQuantity(diagnostic, document)) {
				return List.of();
			}
			return List.of(new TextEdit(new org.eclipse.lsp4j.Range(diagnostic.getRange().getEnd(),
					diagnostic.getRange().getEnd()), " extended"));
		});
	}

	@QuickFix(IssueCodes.FD_WITHOUT_FD_BUS)
	public void classicFrame(DiagnosticResolutionAcceptor acceptor) {
		acceptor.accept("Send it as a classic frame (drop 'fd')", (ITextModification) (diagnostic, element, document) -> {
			EObject at = elementAt(diagnostic, element, document);
			if (!(at instanceof CanMessage message) || !"fd".equals(marked(diagnostic, document))
					|| message.getLength() > 8) {
				return List.of();
			}
			int start = document.getOffSet(diagnostic.getRange().getStart());
			int end = document.getOffSet(diagnostic.getRange().getEnd());
			String contents = document.getContents();
			int before = start;
			while (before > 0 && contents.charAt(before - 1) == ' ') {
				before--;
			}
			return List.of(TextFixes.replace(document, before, end - before, ""));
		});
	}

	/** An FD frame too short for its signals: the shortest FD length that holds them (the check's data). */
	@QuickFix(IssueCodes.SIGNAL_BEYOND_FRAME)
	public void longerFrame(DiagnosticResolutionAcceptor acceptor) {
		String length = first(diagnostic());
		if (length == null) {
			return;
		}
		acceptor.accept("Set the frame length to " + length + " B", (ITextModification) (diagnostic, element, document) -> {
			CanMessage message = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document),
					CanMessage.class);
			if (message == null) {
				return List.of();
			}
			int[] written = TextFixes.featureRegion(message, BmsPackage.Literals.CAN_MESSAGE__LENGTH);
			if (written != null) {
				return List.of(TextFixes.replace(document, written[0], written[1], length));
			}
			int[] period = TextFixes.featureRegion(message, BmsPackage.Literals.CAN_MESSAGE__PERIOD);
			int every = period == null ? -1 : document.getContents().lastIndexOf("every", period[0]);
			return every < 0 ? List.of() : List.of(TextFixes.insert(document, every, "length " + length + " "));
		});
	}

	@QuickFix(IssueCodes.FRAME_LENGTH_INVALID)
	public void fdLength(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Use the next CAN FD length: ");
	}

	@QuickFix(IssueCodes.TELEMETRY_FASTER_THAN_CONTROL)
	public void controlPeriod(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Send once per control period: every ");
	}

	/**
	 * A data bit rate on a classic bus: make the bus FD, or drop the data rate; a data rate below the nominal
	 * one: raise it to the nominal rate.
	 */
	@QuickFix(IssueCodes.BIT_RATE_UNSUPPORTED)
	public void bitRate(DiagnosticResolutionAcceptor acceptor) {
		String value = first(diagnostic());
		if (!"fd".equals(value)) {
			writeData(acceptor, "Use the nominal rate: ");
			return;
		}
		acceptor.accept("Make the bus CAN FD", (ITextModification) (diagnostic, element, document) -> {
			CanBus bus = EcoreUtil2.getContainerOfType(elementAt(diagnostic, element, document), CanBus.class);
			int[] mode = bus == null ? null : TextFixes.featureRegion(bus, BmsPackage.Literals.CAN_BUS__MODE);
			return mode == null ? List.of() : List.of(TextFixes.replace(document, mode[0], mode[1], "fd"));
		});
		acceptor.accept("Drop the data bit rate", (ITextModification) (diagnostic, element, document) -> {
			if (!marksQuantity(diagnostic, document)) {
				return List.of();
			}
			String contents = document.getContents();
			int start = document.getOffSet(diagnostic.getRange().getStart());
			int end = document.getOffSet(diagnostic.getRange().getEnd());
			int keyword = contents.lastIndexOf("data", start);
			if (keyword < 0 || !contents.substring(keyword + 4, start).isBlank()) {
				return List.of();
			}
			int lineStart = contents.lastIndexOf('\n', keyword - 1) + 1;
			int lineEnd = contents.indexOf('\n', end);
			boolean ownLine = contents.substring(lineStart, keyword).isBlank()
					&& contents.substring(end, lineEnd < 0 ? contents.length() : lineEnd).isBlank();
			if (ownLine) {
				return List.of(TextFixes.replace(document, lineStart,
						(lineEnd < 0 ? contents.length() : lineEnd + 1) - lineStart, ""));
			}
			int before = keyword;
			while (before > 0 && contents.charAt(before - 1) == ' ') {
				before--;
			}
			return List.of(TextFixes.replace(document, before, end - before, ""));
		});
	}

	// ------------------------------------------------------------------ logging

	@QuickFix(IssueCodes.FLASH_AREA_MISALIGNED)
	public void wholeSectors(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Round up to whole erase sectors: ");
	}

	@QuickFix(IssueCodes.LOG_RECORD_SIZE_INVALID)
	public void pageRecord(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Use a record size that divides the page: ");
	}

	@QuickFix(IssueCodes.HISTORY_FORGETS_SOH)
	public void recordForSoh(DiagnosticResolutionAcceptor acceptor) {
		writeData(acceptor, "Use a history record that holds the SoH: ");
	}

	@QuickFix(IssueCodes.LOG_WITHOUT_FLASH)
	public void addFlash(DiagnosticResolutionAcceptor acceptor) {
		String flash = first(diagnostic());
		if (flash == null) {
			return;
		}
		acceptor.accept("Add '" + flash + "'", (ITextModification) (diagnostic, element, document) -> {
			if (!marked(diagnostic, document).startsWith("log")) {
				return List.of();
			}
			int start = document.getOffSet(diagnostic.getRange().getStart());
			return List.of(TextFixes.insert(document, start, flash + "\n" + TextFixes.indentationAt(document, start)));
		});
	}
}
