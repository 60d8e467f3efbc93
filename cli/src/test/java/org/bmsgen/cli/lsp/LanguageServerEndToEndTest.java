package org.bmsgen.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.cli.Bmsgen;
import org.bmsgen.dsl.loading.BmsLanguage;
import org.bmsgen.dsl.ide.server.BmsLanguageServer;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeCapabilities;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server driven as an editor drives it: an LSP4J client connected over a pair of pipes to the
 * server {@code bmsgen lsp} runs, with a temporary copy of models/ as its workspace folder. Every expectation is
 * read off the model text by hand (line and column of a token, which file defines a cell), not off the server.
 */
class LanguageServerEndToEndTest {

	private static final long TIMEOUT_MS = 120_000;

	@TempDir
	static Path temporary;

	private static Path workspace;

	private static Set<Path> filesAtStart;

	private static RecordingClient client;

	private static LanguageServer server;

	private static InitializeResult initialized;

	@BeforeAll
	static void startServerOnACopyOfTheModels() throws Exception {
		// The command line's own injector registers the runtime language in EMF's global registries, where the
		// server registers the ide one (rename looks its strategy up there). A server process never runs
		// another command; this test does (bmsgen format), so the command line's setup comes first.
		BmsLanguage.injector();
		workspace = temporary.resolve("models");
		copy(Models.folder(), workspace);
		// a variant whose own machine sends a message the reference pack defines: a reference across files
		Files.writeString(workspace.resolve("variants/reporting.bms"), String.join("\n",
				"import \"../smart4s.bms\"", "", "pack Smart4SReporting extends Smart4S {", "\tstatemachine Control {",
				"\t\tinitial Init", "\t\tstate Init {", "\t\t\tentry send PackStatus", "\t\t\ton afe-ready -> Init", "\t\t}",
				"\t}", "}", ""));
		filesAtStart = files(workspace);
		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		PipedOutputStream clientOut = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream(1 << 16);
		PipedOutputStream serverOut = new PipedOutputStream(clientIn);
		BmsLanguageServer.serve(serverIn, serverOut, false);
		client = new RecordingClient();
		Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
		launcher.startListening();
		server = launcher.getRemoteProxy();
		initialized = initialize(server, workspace);
	}

	@AfterAll
	static void shutDown() throws Exception {
		if (server != null) {
			server.shutdown().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		}
	}

	/** What an editor with outline, folding and prepare-rename support sends. */
	static InitializeResult initialize(LanguageServer server, Path workspace) throws Exception {
		InitializeParams params = new InitializeParams();
		params.setProcessId((int) ProcessHandle.current().pid());
		params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "models")));
		params.setRootUri(workspace.toUri().toString());
		TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
		DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
		symbols.setHierarchicalDocumentSymbolSupport(true);
		text.setDocumentSymbol(symbols);
		text.setFoldingRange(new FoldingRangeCapabilities());
		RenameCapabilities rename = new RenameCapabilities();
		rename.setPrepareSupport(true);
		text.setRename(rename);
		ClientCapabilities capabilities = new ClientCapabilities();
		capabilities.setTextDocument(text);
		params.setCapabilities(capabilities);
		InitializeResult result = server.initialize(params).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		server.initialized(new InitializedParams());
		return result;
	}

	@Test
	void announcesWhatItOffers() {
		var capabilities = initialized.getCapabilities();
		assertTrue(capabilities.getDefinitionProvider().getLeft());
		assertTrue(capabilities.getReferencesProvider().getLeft());
		assertTrue(capabilities.getDocumentFormattingProvider().getLeft());
		assertTrue(capabilities.getDocumentRangeFormattingProvider().getLeft());
		assertTrue(capabilities.getFoldingRangeProvider().getLeft());
		assertTrue(capabilities.getRenameProvider().getRight().getPrepareProvider());
	}

	@Test
	void theReferenceModelHasNoErrors() throws Exception {
		String uri = uri("smart4s.bms");
		open("smart4s.bms", read("smart4s.bms"));
		List<Diagnostic> diagnostics = client.awaitDiagnostics(uri, 0, any -> true, TIMEOUT_MS);
		assertEquals(List.of(), errors(diagnostics));
	}

	@Test
	void aBrokenCopyGetsEachDiagnosticWithItsCodeAndPosition() throws Exception {
		// the reference model with four mistakes, each on a line of its own
		String broken = read("smart4s.bms").replace("pack Smart4S {", "pack Broken4S {")
				.replace("period 250 ms", "period 250 mV").replace("initial Init", "initial Boot")
				.replace("Faults id 0x102", "Faults id 0x100");
		String uri = uri("broken.bms");
		open("broken.bms", broken);
		List<Diagnostic> diagnostics = client.awaitDiagnostics(uri, 0, list -> errors(list).size() >= 4, TIMEOUT_MS);
		// "\t\tperiod 250 mV": two tabs and "period " before the quantity, column 9
		Position period = positionOf(broken, "period 250 mV", "250");
		assertEquals(9, period.getCharacter());
		assertHas(diagnostics, "bms.dimension-mismatch", period.getLine(), 9);
		// "\t\tinitial Boot": the unresolved name at column 10
		Position initial = positionOf(broken, "initial Boot", "Boot");
		assertHas(diagnostics, "org.eclipse.xtext.diagnostics.Diagnostic.Linking", initial.getLine(), 10);
		assertHas(diagnostics, "bms.no-initial-state", initial.getLine(), 10);
		// "\tcan message Faults id 0x100 ...": a tab and "can message Faults id " before the ID, column 23
		Position id = positionOf(broken, "can message Faults id 0x100", "0x100");
		assertHas(diagnostics, "bms.duplicate-can-id", id.getLine(), 23);
		for (Diagnostic diagnostic : diagnostics) {
			assertNotNull(diagnostic.getCode(), () -> "a diagnostic without a code: " + diagnostic);
			assertEquals("bmsgen", diagnostic.getSource(), diagnostic::toString);
		}
	}

	/**
	 * Whatever {@code bmsgen check} reports for a model, the server reports at the same line and column with the
	 * same code, for three models with 16 different codes between them (14 checks, a syntax error, an unresolved
	 * name). The server keeps Xtext's long codes for those two ("...Diagnostic.Syntax", "...Diagnostic.Linking"),
	 * which the command line shortens; every check code is the IssueCodes constant on both.
	 */
	@Test
	void reportsEveryDiagnosticOfBmsgenCheckWithItsCodeAtItsPosition() throws Exception {
		String reference = read("smart4s.bms");
		List<String> models = List.of(
				reference.replace("pack Smart4S {", "pack Many4S {").replace("address 0x08", "address 0x09")
						.replace("above 4.20 V for 2 s release below 4.10 V", "above 4.23 V for 2 s release above 4.30 V")
						.replace("channels [1, 2, 3, 5]", "channels [1, 2, 3]").replace("nominal 500 kbit/s", "nominal 300 kbit/s")
						.replace("initial Init", "initial Init\n\t\tstate Init {\n\t\t}").replace("-> Ship", "-> Nowhere")
						.replace("max 2 cells", "max 9 cells").replace("every 250 ms {", "every 0 ms {")
						.replace("end of life 80 %", "end of life 180 %"),
				reference.replace("pack Smart4S {", "pack Syntax4S {").replace("watchdog 1 s", "watchdog 1 s }"),
				reference.replace("pack Smart4S {", "pack Dup4S {").replace("Faults id 0x102", "Faults id 0x100")
						.replace("period 250 ms", "period 250 mV"));
		Set<String> codes = new TreeSet<>();
		for (int i = 0; i < models.size(); i++) {
			String name = "consistency-" + i + ".bms";
			Set<String> byCommandLine = checkedByTheCommandLine(name, models.get(i));
			open(name, models.get(i));
			List<Diagnostic> published = client.awaitDiagnostics(uri(name), 0, any -> true, TIMEOUT_MS);
			Set<String> byServer = new TreeSet<>();
			for (Diagnostic diagnostic : published) {
				if (diagnostic.getSeverity() == DiagnosticSeverity.Error || diagnostic.getSeverity() == DiagnosticSeverity.Warning) {
					String code = diagnostic.getCode().getLeft()
							.replace("org.eclipse.xtext.diagnostics.Diagnostic.Linking", "unresolved-reference")
							.replace("org.eclipse.xtext.diagnostics.Diagnostic.Syntax", "syntax");
					byServer.add((diagnostic.getRange().getStart().getLine() + 1) + ":"
							+ (diagnostic.getRange().getStart().getCharacter() + 1) + " " + code);
				}
			}
			assertEquals(byCommandLine, byServer, name);
			byServer.forEach(diagnostic -> codes.add(diagnostic.substring(diagnostic.indexOf(' ') + 1)));
		}
		assertTrue(codes.containsAll(List.of("bms.afe-address-invalid", "bms.channel-map-mismatch",
				"bms.limit-outside-cell-rating", "bms.protection-direction-wrong", "bms.release-wrong-side",
				"bms.balancing-too-many-cells", "bms.estimator-parameter-invalid", "bms.duplicate-state",
				"bms.unreachable-state", "bms.no-way-out-of-fault", "bms.value-out-of-range", "bms.duplicate-can-id",
				"bms.dimension-mismatch", "syntax", "unresolved-reference")), codes::toString);
	}

	/** "line:column code" of each diagnostic {@code bmsgen check} prints for the file itself (not its imports). */
	private static Set<String> checkedByTheCommandLine(String name, String text) throws IOException {
		Path folder = temporary.resolve("check-by-cli");
		if (!Files.isDirectory(folder)) {
			copy(Models.folder(), folder);
		}
		Path file = folder.resolve(name);
		Files.writeString(file, text);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), "check", file.toString());
		java.util.regex.Pattern line = java.util.regex.Pattern
				.compile("^(.*):(\\d+):(\\d+): (?:error|warning): .* \\[([a-z.-]+)\\]$");
		Set<String> result = new TreeSet<>();
		for (String printed : err.toString().split("\n")) {
			java.util.regex.Matcher matcher = line.matcher(printed);
			if (matcher.matches() && matcher.group(1).endsWith(name)) {
				result.add(matcher.group(2) + ":" + matcher.group(3) + " " + matcher.group(4));
			}
		}
		assertFalse(result.isEmpty(), err::toString);
		return result;
	}

	@Test
	void anEditIsDiagnosedAndItsUndoClearsTheDiagnostic() throws Exception {
		String text = read("variants/smart4s-half-milliohm-shunt.bms");
		String uri = uri("variants/smart4s-half-milliohm-shunt.bms");
		open("variants/smart4s-half-milliohm-shunt.bms", text);
		client.awaitDiagnostics(uri, 0, list -> errors(list).isEmpty(), TIMEOUT_MS);
		int before = client.publications(uri);
		// "shunt 0.5 mOhm" becomes "shunt 0.5 mV": a voltage where a resistance belongs
		Position unit = positionOf(text, "shunt 0.5 mOhm", "mOhm");
		change(uri, 2, new Range(unit, new Position(unit.getLine(), unit.getCharacter() + 4)), "mV");
		List<Diagnostic> edited = client.awaitDiagnostics(uri, before, list -> !errors(list).isEmpty(), TIMEOUT_MS);
		assertHas(edited, "bms.dimension-mismatch", unit.getLine(), unit.getCharacter() - 4);
		int afterEdit = client.publications(uri);
		change(uri, 3, new Range(unit, new Position(unit.getLine(), unit.getCharacter() + 2)), "mOhm");
		client.awaitDiagnostics(uri, afterEdit, list -> errors(list).isEmpty(), TIMEOUT_MS);
	}

	@Test
	void completesTheStatesOfTheMachineAfterAnArrow() throws Exception {
		String text = read("smart4s.bms");
		open("smart4s.bms", text);
		// "\t\t\ton wake -> Init": the cursor right after "-> "
		Position afterArrow = positionOf(text, "on wake -> Init", "Init");
		CompletionParams params = new CompletionParams(new TextDocumentIdentifier(uri("smart4s.bms")), afterArrow);
		List<CompletionItem> items = server.getTextDocumentService().completion(params)
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).getRight().getItems();
		Set<String> labels = items.stream().map(CompletionItem::getLabel).collect(Collectors.toSet());
		for (String state : List.of("Init", "Standby", "Charging", "Discharging", "Fault", "Ship")) {
			assertTrue(labels.contains(state), () -> state + " not proposed: " + labels);
		}
	}

	/**
	 * Hover over the delay and the level of the discharge overcurrent, which the bq769x0 enforces. Expected texts
	 * from DS 8.5 (bq76920.md, PROTECT1/2 tables): 640 ms is OCD_DELAY code 6 of 8, 20, 40, 80, 160, 320, 640,
	 * 1280 ms; with RSNS = 1 the OCD steps are ... 50, 56, 61 ... mV, so across the 1 mOhm shunt 56 A is code 7
	 * exactly, and 60 A (60 mV) lies between 56 and 61 mV: the chip is programmed not above the model, 56 mV.
	 */
	@Test
	void hoversAThresholdWithItsBaseUnitAndTheValueTheAfeIsProgrammedWith() throws Exception {
		String text = read("smart4s.bms");
		open("smart4s.bms", text);
		String delay = hover("smart4s.bms", positionOf(text, "discharge overcurrent above 56 A for 640 ms", "640"));
		assertTrue(delay.contains("`640 ms` = **0.64 s**"), delay);
		assertTrue(delay.contains("PROTECT2 OCD_DELAY = 0x6: **640 ms**, as modelled"), delay);
		String level = hover("smart4s.bms", positionOf(text, "discharge overcurrent above 56 A", "56"));
		assertTrue(level.contains("`56 A` = **56 A**"), level);
		assertTrue(level.contains("PROTECT2 OCD_THRESH = 0x7 with RSNS = 1 (PROTECT1): 56 mV across the 1 mOhm shunt"
				+ " = **56 A**, as modelled"), level);

		String between = text.replace("pack Smart4S {", "pack Hover4S {")
				.replace("discharge overcurrent above 56 A", "discharge overcurrent above 60 A");
		open("hover-60a.bms", between);
		String programmed = hover("hover-60a.bms", positionOf(between, "discharge overcurrent above 60 A", "60"));
		assertTrue(programmed.contains("`60 A` = **60 A**"), programmed);
		assertTrue(programmed.contains("PROTECT2 OCD_THRESH = 0x7"), programmed);
		assertTrue(programmed.contains("56 mV across the 1 mOhm shunt = **56 A**; the chip trips at 56 A, not at 60 A"),
				programmed);
	}

	/**
	 * The editor's loop for a quick fix: the diagnostic as published, textDocument/codeAction for it, the
	 * returned WorkspaceEdit applied to the open document with didChange, and the next publication without it.
	 * Both broken copies are the reference model with one value changed, so the fix must give the reference back.
	 */
	@Test
	void aQuickFixAppliedWithDidChangeMakesItsDiagnosticDisappear() throws Exception {
		String reference = read("smart4s.bms");
		// CellVoltages has 0x101 and PackStatus 0x100: the next free ID is 0x102, what Faults had
		String fixed = quickFix("fix-can-id.bms",
				reference.replace("pack Smart4S {", "pack FixId4S {").replace("Faults id 0x102", "Faults id 0x101"),
				"bms.duplicate-can-id", "Faults id 0x101", "Renumber to the next free ID 0x102");
		assertEquals(reference.replace("pack Smart4S {", "pack FixId4S {"), fixed);
		// 60 A is not an OCD step (see the hover above); the chip is programmed with 56 A
		fixed = quickFix("fix-ocd.bms",
				reference.replace("pack Smart4S {", "pack FixOcd4S {").replace("overcurrent above 56 A", "overcurrent above 60 A"),
				"bms.afe-threshold-quantised", "overcurrent above 60 A", "Write what the AFE is programmed with: 56 A");
		assertEquals(reference.replace("pack Smart4S {", "pack FixOcd4S {"), fixed);
	}

	/**
	 * Opens the document, finds the diagnostic with the code on the line containing {@code where}, applies the
	 * code action with the title as a client does, and returns the text the client then holds.
	 */
	private static String quickFix(String name, String text, String code, String where, String title) throws Exception {
		String uri = uri(name);
		open(name, text);
		int line = positionOf(text, where, where).getLine();
		List<Diagnostic> published = client.awaitDiagnostics(uri, 0,
				list -> list.stream().anyMatch(d -> code.equals(d.getCode().getLeft())), TIMEOUT_MS);
		Diagnostic diagnostic = published.stream()
				.filter(d -> code.equals(d.getCode().getLeft()) && d.getRange().getStart().getLine() == line).findFirst()
				.orElseThrow(() -> new AssertionError("no " + code + " on line " + line + ": " + published));
		assertEquals("bmsgen", diagnostic.getSource());
		List<Either<Command, CodeAction>> actions = server.getTextDocumentService()
				.codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.getRange(),
						new CodeActionContext(List.of(diagnostic))))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		CodeAction action = actions.stream().filter(Either::isRight).map(Either::getRight)
				.filter(a -> title.equals(a.getTitle())).findFirst()
				.orElseThrow(() -> new AssertionError("no action '" + title + "' in " + actions));
		Map<String, List<TextEdit>> edits = LspTexts.editsByUri(action.getEdit());
		assertEquals(Set.of(uri), edits.keySet());
		// didChange applies its events one after the other: from the end of the document backwards, every range
		// still means what it meant in the text the edits were computed on
		List<TextDocumentContentChangeEvent> changes = edits.get(uri).stream()
				.sorted(java.util.Comparator.comparingInt((TextEdit e) -> LspTexts.offset(text, e.getRange().getStart()))
						.reversed())
				.map(e -> new TextDocumentContentChangeEvent(e.getRange(), e.getNewText())).toList();
		int before = client.publications(uri);
		server.getTextDocumentService().didChange(
				new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2), changes));
		List<Diagnostic> after = client.awaitDiagnostics(uri, before, any -> true, TIMEOUT_MS);
		assertTrue(after.stream().noneMatch(d -> code.equals(d.getCode().getLeft())), after::toString);
		assertEquals(List.of(), errors(after));
		return LspTexts.apply(text, edits.get(uri));
	}

	private static String hover(String name, Position position) throws Exception {
		Hover hover = server.getTextDocumentService()
				.hover(new HoverParams(new TextDocumentIdentifier(uri(name)), position))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertNotNull(hover, () -> "no hover at " + position + " of " + name);
		return hover.getContents().getRight().getValue();
	}

	@Test
	void jumpsFromACellTypeToItsDefinitionInTheImportedFile() throws Exception {
		String text = read("smart4s.bms");
		open("smart4s.bms", text);
		Position reference = positionOf(text, "cells 4S3P NCR18650PF", "NCR18650PF");
		List<? extends Location> definitions = server.getTextDocumentService()
				.definition(new DefinitionParams(new TextDocumentIdentifier(uri("smart4s.bms")), reference))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).getLeft();
		assertEquals(1, definitions.size(), definitions::toString);
		Location definition = definitions.get(0);
		assertEquals(uri("cells/panasonic-ncr18650pf.bms"), definition.getUri());
		assertEquals(positionOf(read("cells/panasonic-ncr18650pf.bms"), "cell NCR18650PF {", "NCR18650PF"),
				definition.getRange().getStart());
	}

	@Test
	void findsTheReferencesToACellTypeInEveryFileThatImportsIt() throws Exception {
		String cells = read("cells/panasonic-ncr18650pf.bms");
		Position definition = positionOf(cells, "cell NCR18650PF {", "NCR18650PF");
		ReferenceParams params = new ReferenceParams(new TextDocumentIdentifier(uri("cells/panasonic-ncr18650pf.bms")),
				definition, new ReferenceContext(false));
		List<? extends Location> references = server.getTextDocumentService().references(params)
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Set<String> where = new TreeSet<>();
		for (Location location : onDisk(references)) {
			where.add(location.getUri() + ":" + location.getRange().getStart().getLine());
		}
		assertEquals(new TreeSet<>(Set.of(uri("smart4s.bms") + ":6", uri("variants/smart5s-high-current.bms") + ":10")),
				where);
	}

	@Test
	void renamesAStateAndEveryTransitionToIt() throws Exception {
		String text = read("smart4s.bms");
		open("smart4s.bms", text);
		Position declaration = positionOf(text, "state Standby {", "Standby");
		TextDocumentIdentifier document = new TextDocumentIdentifier(uri("smart4s.bms"));
		var prepared = server.getTextDocumentService().prepareRename(new PrepareRenameParams(document, declaration))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertNotNull(prepared, "prepareRename refused the state name");
		WorkspaceEdit edit = server.getTextDocumentService().rename(new RenameParams(document, declaration, "Idle"))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Map<String, List<TextEdit>> edits = LspTexts.editsByUri(edit);
		assertEquals(Set.of(uri("smart4s.bms")), edits.keySet());
		// outside comments, the name "Standby" appears in smart4s.bms only as this state and the transitions to it;
		// a comment that mentions the state keeps the old name
		String renamed = text.lines().map(line -> line.strip().startsWith("//") ? line : line.replace("Standby", "Idle"))
				.collect(Collectors.joining("\n", "", "\n"));
		assertTrue(text.lines().anyMatch(line -> line.strip().startsWith("//") && line.contains("Standby")));
		assertEquals(renamed, LspTexts.apply(text, edits.get(uri("smart4s.bms"))));
	}

	@Test
	void renamesACellTypeInTheFileThatDefinesItAndInEveryFileThatUsesIt() throws Exception {
		String cells = read("cells/panasonic-ncr18650pf.bms");
		Position declaration = positionOf(cells, "cell NCR18650PF {", "NCR18650PF");
		TextDocumentIdentifier document = new TextDocumentIdentifier(uri("cells/panasonic-ncr18650pf.bms"));
		WorkspaceEdit edit = server.getTextDocumentService().rename(new RenameParams(document, declaration, "PanasonicPF"))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Map<String, List<TextEdit>> edits = onDisk(LspTexts.editsByUri(edit));
		assertEquals(Set.of(uri("cells/panasonic-ncr18650pf.bms"), uri("smart4s.bms"),
				uri("variants/smart5s-high-current.bms")), edits.keySet());
		// the comments that mention the cell ("4S3P NCR18650PF, 14.4 V nominal") keep the old name
		assertEquals(cells.replace("cell NCR18650PF {", "cell PanasonicPF {"),
				LspTexts.apply(cells, edits.get(uri("cells/panasonic-ncr18650pf.bms"))));
		String reference = read("smart4s.bms");
		assertEquals(reference.replace("\tcells 4S3P NCR18650PF\n", "\tcells 4S3P PanasonicPF\n"),
				LspTexts.apply(reference, edits.get(uri("smart4s.bms"))));
		String variant = read("variants/smart5s-high-current.bms");
		assertEquals(variant.replace("\tcells 5S8P NCR18650PF\n", "\tcells 5S8P PanasonicPF\n"),
				LspTexts.apply(variant, edits.get(uri("variants/smart5s-high-current.bms"))));
	}

	@Test
	void renamesACanMessageWhereAVariantInAnotherFileSendsIt() throws Exception {
		String reference = read("smart4s.bms");
		Position declaration = positionOf(reference, "can message PackStatus", "PackStatus");
		WorkspaceEdit edit = server.getTextDocumentService()
				.rename(new RenameParams(new TextDocumentIdentifier(uri("smart4s.bms")), declaration, "Status"))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Map<String, List<TextEdit>> edits = onDisk(LspTexts.editsByUri(edit));
		assertEquals(Set.of(uri("smart4s.bms"), uri("variants/reporting.bms")), edits.keySet());
		assertEquals(reference.replace("can message PackStatus id", "can message Status id"),
				LspTexts.apply(reference, edits.get(uri("smart4s.bms"))));
		String variant = read("variants/reporting.bms");
		assertEquals(variant.replace("entry send PackStatus", "entry send Status"),
				LspTexts.apply(variant, edits.get(uri("variants/reporting.bms"))));
	}

	@Test
	void formatsABadlyFormattedModelAsBmsgenFormatDoes() throws Exception {
		String messy = messy(read("smart4s.bms"));
		open("messy.bms", messy);
		DocumentFormattingParams params = new DocumentFormattingParams(new TextDocumentIdentifier(uri("messy.bms")),
				new FormattingOptions(4, false));
		List<? extends TextEdit> edits = server.getTextDocumentService().formatting(params)
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertFalse(edits.isEmpty());
		assertEquals(formattedByTheCommandLine(messy), LspTexts.apply(messy, edits));
	}

	@Test
	void formatsOnlyTheSelectedRange() throws Exception {
		String messy = messy(read("smart4s.bms"));
		open("messy-range.bms", messy);
		// the mcu block only: "mcu STM32G431 {" to its "}"
		Position start = positionOf(messy, "mcu STM32G431 {", "mcu");
		Position end = new Position(start.getLine() + 3, 1);
		DocumentRangeFormattingParams params = new DocumentRangeFormattingParams(
				new TextDocumentIdentifier(uri("messy-range.bms")), new FormattingOptions(4, false), new Range(start, end));
		List<? extends TextEdit> edits = server.getTextDocumentService().rangeFormatting(params)
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertFalse(edits.isEmpty());
		for (TextEdit edit : edits) {
			int line = edit.getRange().getStart().getLine();
			assertTrue(line >= start.getLine() - 1 && edit.getRange().getEnd().getLine() <= end.getLine(),
					() -> "edit outside the selected lines: " + edit);
		}
		String formatted = LspTexts.apply(messy, edits);
		assertTrue(formatted.contains("\tmcu STM32G431 {\n\t\tperiod 250 ms\n\t\twatchdog 1 s\n\t}\n"), formatted);
		// the next block is still as messy as it was
		assertTrue(formatted.contains("radio   ESP32 {\nuart 115200 baud\n"), formatted);
	}

	@Test
	void outlinesPacksProtectionsMachinesStatesAndMessages() throws Exception {
		open("smart4s.bms", read("smart4s.bms"));
		List<DocumentSymbol> roots = server.getTextDocumentService()
				.documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri("smart4s.bms"))))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream().map(either -> either.getRight()).toList();
		assertEquals(List.of("Smart4S"), roots.stream().map(DocumentSymbol::getName).toList());
		DocumentSymbol pack = roots.get(0);
		assertEquals(SymbolKind.Module, pack.getKind());
		assertEquals(List.of("protection", "Control", "PackStatus", "CellVoltages", "Faults", "Telemetry"),
				pack.getChildren().stream().map(DocumentSymbol::getName).toList());
		DocumentSymbol protection = child(pack, "protection");
		// one line per protection in the model's protection block, each ending in its enforcement (17 since the
		// stuck-FET "fet plausibility")
		long written = read("smart4s.bms").lines().filter(line -> line.matches("\t\t[a-z].* by (afe|firmware)")).count();
		assertEquals(17, written);
		assertEquals(written, protection.getChildren().size());
		DocumentSymbol overvoltage = child(protection, "cellOvervoltage");
		assertEquals(SymbolKind.Event, overvoltage.getKind());
		assertEquals("cell overvoltage above 4.20 V for 2 s release below 4.10 V warning above 4.18 V by afe",
				overvoltage.getDetail());
		DocumentSymbol control = child(pack, "Control");
		assertEquals(SymbolKind.Enum, control.getKind());
		assertEquals(List.of("Init", "Standby", "Charging", "Discharging", "Fault", "Ship"),
				control.getChildren().stream().map(DocumentSymbol::getName).toList());
		DocumentSymbol status = child(pack, "PackStatus");
		assertEquals(SymbolKind.Struct, status.getKind());
		assertEquals("id 0x100 fd length 16 every 250 ms", status.getDetail());
		assertEquals(List.of("packVoltage", "packCurrent", "soc", "state", "maxTemperature"),
				status.getChildren().stream().map(DocumentSymbol::getName).toList());
		assertEquals("0|16 unsigned scale 0.001 V from pack-voltage", child(status, "packVoltage").getDetail());
		assertEquals(SymbolKind.Struct, child(pack, "Telemetry").getKind());
	}

	@Test
	void findsWorkspaceSymbolsWithTheOutlinesKinds() throws Exception {
		var found = server.getWorkspaceService().symbol(new org.eclipse.lsp4j.WorkspaceSymbolParams("NCR18650PF"))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		List<String> symbols = found.isLeft()
				? found.getLeft().stream().map(s -> s.getName() + " " + s.getKind() + " " + s.getLocation().getUri()).toList()
				: found.getRight().stream().map(s -> s.getName() + " " + s.getKind() + " "
						+ (s.getLocation().isLeft() ? s.getLocation().getLeft().getUri() : s.getLocation().getRight().getUri()))
						.toList();
		assertTrue(symbols.contains("NCR18650PF Class " + uri("cells/panasonic-ncr18650pf.bms")), symbols::toString);
	}

	@Test
	void foldsBlocksFromTheirKeywordAndCommentRuns() throws Exception {
		String text = read("smart4s.bms");
		open("smart4s.bms", text);
		List<FoldingRange> ranges = server.getTextDocumentService()
				.foldingRange(new FoldingRangeRequestParams(new TextDocumentIdentifier(uri("smart4s.bms"))))
				.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Set<String> folds = ranges.stream()
				.map(r -> r.getStartLine() + "-" + r.getEndLine() + (r.getKind() == null ? "" : " " + r.getKind()))
				.collect(Collectors.toSet());
		List<String> lines = text.lines().toList();
		int pack = lines.indexOf("pack Smart4S {");
		int packEnd = lines.lastIndexOf("}");
		assertTrue(folds.contains(pack + "-" + packEnd), folds::toString);
		// the three header comment lines
		assertTrue(folds.contains("0-2 comment"), folds::toString);
		// "state Standby {" folds from its own line, not from the two comment lines above it
		int standby = lines.indexOf("\t\tstate Standby {");
		int standbyEnd = lines.subList(standby, lines.size()).indexOf("\t\t}") + standby;
		assertTrue(folds.contains(standby + "-" + standbyEnd), folds::toString);
		assertTrue(folds.contains((standby - 2) + "-" + (standby - 1) + " comment"), folds::toString);
		// no two folds start on the same line
		assertEquals(ranges.size(), ranges.stream().map(FoldingRange::getStartLine).distinct().count(), folds::toString);
	}

	@Test
	void writesNothingIntoTheWorkspace() throws Exception {
		// a build has run on initialize and on every open and change above; the generator must not have
		open("smart4s.bms", read("smart4s.bms"));
		client.awaitDiagnostics(uri("smart4s.bms"), 0, any -> true, TIMEOUT_MS);
		assertEquals(filesAtStart, files(workspace));
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * Leaves out the documents other tests opened without saving (broken.bms, messy.bms ...): they are part of
	 * the workspace while open, and copies of the reference model refer to its cell too.
	 */
	private static List<Location> onDisk(List<? extends Location> locations) {
		return locations.stream().filter(location -> filesAtStart.contains(relative(location.getUri())))
				.map(Location.class::cast).toList();
	}

	private static Map<String, List<TextEdit>> onDisk(Map<String, List<TextEdit>> edits) {
		Map<String, List<TextEdit>> result = new java.util.HashMap<>(edits);
		result.keySet().removeIf(uri -> !filesAtStart.contains(relative(uri)));
		return result;
	}

	private static Path relative(String uri) {
		return workspace.relativize(Path.of(java.net.URI.create(uri)));
	}

	private static void assertHas(List<Diagnostic> diagnostics, String code, int line, int character) {
		boolean found = diagnostics.stream().anyMatch(d -> d.getCode() != null && code.equals(d.getCode().getLeft())
				&& d.getRange().getStart().equals(new Position(line, character)));
		assertTrue(found, () -> "no " + code + " at " + line + ":" + character + " in " + diagnostics);
	}

	private static List<Diagnostic> errors(List<Diagnostic> diagnostics) {
		return diagnostics.stream().filter(d -> d.getSeverity() == DiagnosticSeverity.Error).toList();
	}

	private static DocumentSymbol child(DocumentSymbol parent, String name) {
		return parent.getChildren().stream().filter(c -> c.getName().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError(name + " not in " + parent.getChildren()));
	}

	/** Where the token is on the (first) line containing the given text. */
	static Position positionOf(String text, String lineContaining, String token) {
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			int at = lines.get(i).indexOf(lineContaining);
			if (at >= 0) {
				return new Position(i, lines.get(i).indexOf(token, at));
			}
		}
		throw new AssertionError("no line contains " + lineContaining);
	}

	/** No indentation, runs of spaces between words, statements glued onto their block's line. */
	private static String messy(String text) {
		return text.lines().map(String::strip).map(line -> line.replace("pack Smart4S {", "pack   Smart4S{")
				.replace("radio ESP32 {", "radio   ESP32 {").replace("flash W25Q128JV", "flash    W25Q128JV"))
				.collect(Collectors.joining("\n", "", "\n"));
	}

	private static String formattedByTheCommandLine(String text) throws IOException {
		Path file = temporary.resolve("format-by-cli/messy.bms");
		Files.createDirectories(file.getParent());
		copy(workspace.resolve("cells"), file.getParent().resolve("cells"));
		Files.writeString(file, text);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), "format", file.toString());
		assertEquals(0, exit, err::toString);
		return Files.readString(file);
	}

	private static final Set<String> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** Opens a document once; later calls find it open (with the text it was opened with). */
	private static void open(String relative, String text) {
		if (!OPEN.add(relative)) {
			return;
		}
		server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri(relative), "bms", 1, text)));
	}

	private static void change(String uri, int version, Range range, String text) {
		TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(range, text);
		server.getTextDocumentService().didChange(
				new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
	}

	private static String uri(String relative) {
		return workspace.resolve(relative).toUri().toString();
	}

	private static String read(String relative) throws IOException {
		return Files.readString(workspace.resolve(relative));
	}

	static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				} else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static Set<Path> files(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.map(folder::relativize).collect(Collectors.toCollection(TreeSet::new));
		}
	}
}
