package org.bmsgen.dsl.editors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.dsl.services.BmsGrammarAccess;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.RepositoryRoot;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/**
 * editors/textmate/bms.tmLanguage.json (VS Code, Eclipse TM4E) against the Xtext grammar: every keyword is
 * coloured, as a whole word, and comments, strings, numbers and units get their scopes on real lines.
 * editors/vscode/scripts/grammar-test.js checks the same under Oniguruma, the engine VS Code and TM4E use.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class TextMateGrammarTest {

	private static final String IDENTIFIER = "variable.other.bms";
	private static final String UNIT = "keyword.other.unit.bms";

	/** Punctuation keywords the grammar leaves to the token they belong to, and why. */
	private static final Map<String, String> NOT_COLOURED_ON_THEIR_OWN = Map.of(
			"-", "the sign of a negative number: part of its constant.numeric token (see numbersAndUnits)");

	/** Regex escapes that mean the same in Oniguruma and java.util.regex (\h, \G, \A, \K ... do not, or differ). */
	private static final Set<Character> PORTABLE_ESCAPES = Set.of('b', 'w', 's', '.', '*', '+', '?', '^', '$', '|', '/',
			'\\', '(', ')', '[', ']', '{', '}', '-', '"', '\'');

	@Inject
	private BmsGrammarAccess grammarAccess;

	private TextMateTokenizer textMate;

	@BeforeEach
	void load() throws IOException {
		textMate = TextMateTokenizer.load(RepositoryRoot.get().resolve("editors/textmate/bms.tmLanguage.json"));
	}

	@Test
	void describesTheBmsLanguage() {
		assertEquals("source.bms", textMate.json().get("scopeName").getAsString());
		assertEquals("bms", textMate.json().getAsJsonArray("fileTypes").get(0).getAsString(),
				"TM4E picks a user grammar by file type when no content type is bound");
	}

	@Test
	void patternsUseOnlyWhatOnigurumaAndJavaReadAlike() {
		assertTrue(textMate.regexSources().size() > 20, "the grammar's patterns were read");
		for (String source : textMate.regexSources()) {
			assertFalse(source.contains("[:"), "POSIX bracket classes are character unions in Java: " + source);
			for (int i = 0; i < source.length(); i++) {
				if (source.charAt(i) == '\\') {
					char escaped = source.charAt(++i);
					assertTrue(PORTABLE_ESCAPES.contains(escaped), "\\" + escaped + " in " + source);
				}
			}
		}
	}

	@Test
	void everyKeywordOfTheXtextGrammarIsColouredAsAWholeWord() {
		Set<String> keywords = new TreeSet<>(GrammarUtil.getAllKeywords(grammarAccess.getGrammar()));
		Set<String> units = enumLiterals("Unit");
		assertTrue(keywords.size() > 200 && keywords.containsAll(units) && keywords.contains("statemachine")
				&& keywords.contains("->"), "all keywords were read: " + keywords.size());
		assertTrue(keywords.containsAll(NOT_COLOURED_ON_THEIR_OWN.keySet()), "the exceptions are keywords");

		List<String> problems = new ArrayList<>();
		for (String keyword : keywords) {
			if (NOT_COLOURED_ON_THEIR_OWN.containsKey(keyword)) {
				continue;
			}
			if (units.contains(keyword)) {
				// a unit is a unit only after a number
				String scope = scopeOf("1 " + keyword, 2, keyword);
				if (!UNIT.equals(scope)) {
					problems.add("unit " + keyword + " -> " + scope);
				}
				String glued = scopeOf("1 " + keyword + "x", 2, keyword);
				if (UNIT.equals(glued)) {
					problems.add("unit " + keyword + " also coloured as the start of " + keyword + "x");
				}
				continue;
			}
			String scope = scopeOf(keyword, 0, keyword);
			if (scope == null || scope.equals(IDENTIFIER)) {
				problems.add(keyword + " -> " + scope);
			}
			if (isWord(keyword)) {
				String prefix = scopeOf(keyword + "_x", 0, keyword);
				String suffix = scopeOf("x_" + keyword, 2, keyword);
				if (prefix != null || suffix != null) {
					problems.add(keyword + " coloured inside a longer name: " + prefix + " / " + suffix);
				}
			}
		}
		assertEquals(List.of(), problems);
	}

	@Test
	void enumLiteralsAreGroupedByWhatTheyMean() {
		Map<String, String> scopeOfEnum = Map.ofEntries(
				Map.entry("Chemistry", "constant.language.chemistry.bms"),
				Map.entry("ProtectionKind", "constant.language.protection.bms"),
				Map.entry("Severity", "constant.language.severity.bms"),
				Map.entry("AfePart", "support.class.part.bms"),
				Map.entry("McuPart", "support.class.part.bms"),
				Map.entry("RadioPart", "support.class.part.bms"),
				Map.entry("CanTransceiver", "support.class.part.bms"),
				Map.entry("FlashPart", "support.class.part.bms"),
				Map.entry("ThermistorInput", "support.constant.thermistor.bms"),
				Map.entry("ThermistorKind", "support.constant.thermistor.bms"),
				Map.entry("EcmParameterKind", "support.variable.ecm.bms"),
				Map.entry("Direction", "keyword.operator.comparison.bms"),
				Map.entry("Event", "constant.language.bms"),
				Map.entry("EcmOrder", "constant.language.bms"),
				Map.entry("CanMode", "constant.language.bms"),
				Map.entry("ByteOrder", "constant.language.bms"),
				Map.entry("Signedness", "constant.language.bms"),
				Map.entry("FetArrangement", "constant.language.bms"),
				Map.entry("PublicationChannel", "constant.language.bms"));
		List<String> problems = new ArrayList<>();
		scopeOfEnum.forEach((enumName, expected) -> {
			for (String literal : enumLiterals(enumName)) {
				String scope = scopeOf(literal, 0, literal);
				if (!expected.equals(scope)) {
					problems.add(enumName + "." + literal + " -> " + scope + ", expected " + expected);
				}
			}
		});
		assertEquals(List.of(), problems);
	}

	@Test
	void commentsStringsAndKeywordsOnAProtectionLine() {
		String line = "\t\tcell overvoltage above 4.20 V for 2 s by afe // \"quoted\" 4.25 V in a comment";
		assertScope(line, "cell", "storage.type.bms");
		assertScope(line, "overvoltage", "constant.language.protection.bms");
		assertScope(line, "above", "keyword.operator.comparison.bms");
		assertScope(line, "4.20", "constant.numeric.decimal.bms");
		assertScope(line, "for", "keyword.control.bms");
		assertScope(line, "afe", "storage.type.bms");
		assertScope(line, "// \"quoted\" 4.25 V in a comment", "comment.line.double-slash.bms");

		String secret = "\tsecret \"no // comment \\\" here\" // but here";
		List<TextMateTokenizer.Token> tokens = textMate.tokenize(secret);
		int open = secret.indexOf('"');
		int close = secret.lastIndexOf("\" //");
		for (TextMateTokenizer.Token token : tokens) {
			if (token.start() >= open && token.end() <= close + 1) {
				assertEquals("string.quoted.double.bms", token.scopes().get(0), "inside the string: " + token);
			}
		}
		assertScope(secret, "\\\"", "constant.character.escape.bms");
		assertScope(secret, "// but here", "comment.line.double-slash.bms");
		assertScope("import 'cells/x.bms'", "import", "keyword.control.import.bms");
	}

	@Test
	void blockCommentsSpanLines() {
		List<List<TextMateTokenizer.Token>> lines = textMate.tokenize(List.of(
				"pack P { /* the pack's", "cell overvoltage above 9 V", "still comment */ mcu STM32G431 {"));
		assertEquals(List.of("comment.block.bms", "punctuation.definition.comment.begin.bms"),
				tokenAt(lines.get(0), 9).scopes());
		assertEquals(List.of(new TextMateTokenizer.Token(0, 26, List.of("comment.block.bms"))), lines.get(1));
		assertEquals("comment.block.bms", tokenAt(lines.get(2), 0).scope());
		assertEquals("storage.type.bms", tokenAt(lines.get(2), "still comment */ ".length()).scope());
		assertEquals("support.class.part.bms", tokenAt(lines.get(2), "still comment */ mcu ".length()).scope());
	}

	@Test
	void numbersAndUnits() {
		assertScope("\taddress 0x08", "0x08", "constant.numeric.hex.bms");
		assertScope("\tcells 4S3P NCR18650PF", "4S3P", "constant.numeric.topology.bms");
		assertScope("\tcells 4S3P NCR18650PF", "NCR18650PF", IDENTIFIER);
		assertScope("\tprocess noise 1e-6", "1e-6", "constant.numeric.decimal.bms");
		assertScope("\tcapacity 2.9E+3 mAh", "2.9E+3", "constant.numeric.decimal.bms");
		assertScope("\tcapacity 2.9E+3 mAh", "mAh", UNIT);
		String cold = "discharge undertemperature below -20 degC for 2 s";
		assertScope(cold, "-20", "constant.numeric.decimal.bms");
		assertScope(cold, "degC", UNIT);
		assertScope("nominal 500 kbit/s", "kbit/s", UNIT);
		assertScope("4.2V", "V", UNIT);
		String table = "0 %: 2.499 V, 1 %: 2.940 V";
		assertScope(table, "%", UNIT);
		assertScope(table, ":", "punctuation.separator.key-value.bms");
		assertScope(table, ",", "punctuation.separator.comma.bms");
		// a word that starts like a unit is not one, and a name that holds digits is not a number
		assertScope("max 2 cells", "cells", "keyword.other.bms");
		assertScope("max 2 cells", "2", "constant.numeric.decimal.bms");
		assertScope("model 2RC", "2RC", "constant.language.bms");
		assertScope("signal cell4 0|16 unsigned", "cell4", "variable.other.member.signal.bms");
		assertScope("signal cell4 0|16 unsigned", "|", "punctuation.separator.bits.bms");
		assertScope("signal cell4 0|16 unsigned", "16", "constant.numeric.decimal.bms");
	}

	@Test
	void declaredNamesAndTransitions() {
		assertScope("pack Smart4S extends Base {", "Smart4S", "entity.name.type.bms");
		assertScope("pack Smart4S extends Base {", "extends", "storage.modifier.extends.bms");
		assertScope("cell NCR18650PF {", "NCR18650PF", "entity.name.type.bms");
		assertScope("\tstate Charging {", "Charging", "entity.name.function.state.bms");
		assertScope("\tsignal soc 32|8 unsigned scale 0.5 % from soc", "soc", "variable.other.member.signal.bms");
		assertScope("\tsignal state 40|4 unsigned scale 1 from state of Control", "of", "keyword.other.bms");
		assertScope("can message PackStatus id 0x100 fd", "PackStatus", "entity.name.type.message.bms");
		String transition = "on clear-faults when not fault-active -> Standby";
		assertScope(transition, "clear-faults", "constant.language.bms");
		assertScope(transition, "not", "keyword.operator.logical.bms");
		assertScope(transition, "fault-active", "constant.language.bms");
		assertScope(transition, "->", "keyword.operator.transition.bms");
		assertScope(transition, "Standby", "entity.name.function.state.bms");
		assertScope("cellular", "cellular", IDENTIFIER);
		assertScope("^state", "^state", IDENTIFIER);
	}

	@Test
	void everyCharacterOfTheModelsIsScoped() throws IOException {
		List<Path> models;
		try (Stream<Path> files = Files.walk(RepositoryRoot.models())) {
			models = files.filter(f -> f.toString().endsWith(".bms")).sorted().collect(Collectors.toList());
		}
		assertTrue(models.size() >= 3, "models/ holds the reference pack, its cells and variants");
		List<String> plain = new ArrayList<>();
		for (Path model : models) {
			List<String> lines = Files.readAllLines(model, StandardCharsets.UTF_8);
			List<List<TextMateTokenizer.Token>> tokens = textMate.tokenize(lines);
			for (int i = 0; i < lines.size(); i++) {
				for (TextMateTokenizer.Token token : tokens.get(i)) {
					String text = lines.get(i).substring(token.start(), token.end());
					if (token.scope() == null && !text.isBlank()) {
						plain.add(RepositoryRoot.get().relativize(model) + ":" + (i + 1) + " '" + text + "'");
					}
				}
			}
		}
		assertEquals(List.of(), plain);
	}

	private Set<String> enumLiterals(String enumName) {
		AbstractRule rule = GrammarUtil.findRuleForName(grammarAccess.getGrammar(), enumName);
		assertNotNull(rule, enumName);
		assertTrue(rule instanceof EnumRule, enumName + " is an enum");
		return EcoreUtil2.getAllContentsOfType(rule, Keyword.class).stream().map(Keyword::getValue)
				.collect(Collectors.toCollection(TreeSet::new));
	}

	private static boolean isWord(String keyword) {
		return keyword.chars().anyMatch(Character::isLetterOrDigit);
	}

	/** The innermost scope of the one token that spans text exactly at start, or null when no token does. */
	private String scopeOf(String line, int start, String text) {
		for (TextMateTokenizer.Token token : textMate.tokenize(line)) {
			if (token.start() == start && token.end() == start + text.length()) {
				return token.scope();
			}
		}
		return null;
	}

	private void assertScope(String line, String text, String expected) {
		int start = line.indexOf(text);
		assertNotEquals(-1, start, text + " in " + line);
		List<TextMateTokenizer.Token> tokens = textMate.tokenize(line);
		for (TextMateTokenizer.Token token : tokens) {
			if (token.start() == start && token.end() == start + text.length()) {
				assertEquals(expected, token.scope(), "'" + text + "' in '" + line + "'");
				return;
			}
		}
		fail("no token is exactly '" + text + "' in '" + line + "': " + describe(line, tokens));
	}

	private static TextMateTokenizer.Token tokenAt(List<TextMateTokenizer.Token> tokens, int position) {
		return tokens.stream().filter(t -> t.start() <= position && position < t.end()).findFirst()
				.orElseThrow(() -> new AssertionError("no token at " + position + ": " + tokens));
	}

	private static String describe(String line, List<TextMateTokenizer.Token> tokens) {
		return tokens.stream().map(t -> "'" + line.substring(t.start(), t.end()) + "'=" + t.scope())
				.collect(Collectors.joining(" "));
	}
}
