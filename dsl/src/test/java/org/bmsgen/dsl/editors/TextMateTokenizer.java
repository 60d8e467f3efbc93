package org.bmsgen.dsl.editors;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Just enough of a TextMate engine to test editors/textmate/bms.tmLanguage.json with java.util.regex: match and
 * begin/end rules, captures, includes from the repository, and a begin/end rule left open across lines (block
 * comments). At each position the rule whose match starts earliest wins, the first listed on a tie, as in
 * TextMate, VS Code and TM4E. Injections, nested begin/end rules and back-references in end patterns are not
 * needed by the grammar and not supported.
 */
final class TextMateTokenizer {

	/** One rule of the grammar, with its includes resolved. */
	record Rule(String name, Pattern match, Map<Integer, String> captures, Pattern begin, Pattern end,
			Map<Integer, String> beginCaptures, Map<Integer, String> endCaptures, List<Rule> patterns) {
	}

	/** A run of characters and its scopes, outermost first; no scope means plain text. */
	record Token(int start, int end, List<String> scopes) {

		/** The innermost scope, or null for plain text. */
		String scope() {
			return scopes.isEmpty() ? null : scopes.get(scopes.size() - 1);
		}
	}

	private record Found(Rule rule, Matcher matcher) {
	}

	private final JsonObject grammar;
	private final JsonObject repository;
	private final List<Rule> topLevel;
	private final List<String> regexSources = new ArrayList<>();
	private Rule open;

	private TextMateTokenizer(JsonObject grammar) {
		this.grammar = grammar;
		this.repository = grammar.has("repository") ? grammar.getAsJsonObject("repository") : new JsonObject();
		this.topLevel = rules(grammar.getAsJsonArray("patterns"), 0);
	}

	static TextMateTokenizer load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return new TextMateTokenizer(JsonParser.parseReader(reader).getAsJsonObject());
		}
	}

	JsonObject json() {
		return grammar;
	}

	/** Every match, begin and end pattern of the grammar as written. */
	List<String> regexSources() {
		return regexSources;
	}

	/** Tokens of each line, in order; a block comment opened on one line carries over to the next. */
	List<List<Token>> tokenize(List<String> lines) {
		open = null;
		List<List<Token>> result = new ArrayList<>();
		for (String line : lines) {
			result.add(tokenizeLine(line));
		}
		return result;
	}

	List<Token> tokenize(String line) {
		open = null;
		return tokenizeLine(line);
	}

	private List<Token> tokenizeLine(String line) {
		List<Token> tokens = new ArrayList<>();
		int pos = 0;
		while (pos < line.length()) {
			if (open != null) {
				List<String> outer = open.name() == null ? List.of() : List.of(open.name());
				Matcher end = find(open.end(), line, pos);
				Found inner = earliest(open.patterns(), line, pos);
				if (inner != null && (end == null || inner.matcher().start() < end.start())) {
					add(tokens, pos, inner.matcher().start(), outer);
					pos = emitMatch(tokens, inner, outer, line, pos);
				} else if (end != null) {
					add(tokens, pos, end.start(), outer);
					emitCaptures(tokens, end, outer, open.endCaptures());
					pos = Math.max(end.end(), pos + 1);
					open = null;
				} else {
					add(tokens, pos, line.length(), outer);
					pos = line.length();
				}
				continue;
			}
			Found found = earliest(topLevel, line, pos);
			if (found == null) {
				add(tokens, pos, line.length(), List.of());
				break;
			}
			add(tokens, pos, found.matcher().start(), List.of());
			pos = emitMatch(tokens, found, List.of(), line, pos);
		}
		return tokens;
	}

	private int emitMatch(List<Token> tokens, Found found, List<String> outer, String line, int pos) {
		Rule rule = found.rule();
		Matcher m = found.matcher();
		if (m.end() == m.start()) {
			// an empty match would never advance: the character stays plain
			add(tokens, m.start(), m.start() + 1, outer);
			return m.start() + 1;
		}
		List<String> scopes = with(outer, rule.name());
		if (rule.match() != null) {
			emitCaptures(tokens, m, scopes, rule.captures());
		} else {
			emitCaptures(tokens, m, scopes, rule.beginCaptures());
			open = rule;
		}
		return m.end();
	}

	private static void emitCaptures(List<Token> tokens, Matcher m, List<String> scopes, Map<Integer, String> captures) {
		int pos = m.start();
		for (Map.Entry<Integer, String> capture : captures.entrySet()) {
			int group = capture.getKey();
			if (group == 0) {
				continue;
			}
			if (m.start(group) < 0 || m.start(group) == m.end(group)) {
				continue;
			}
			add(tokens, pos, m.start(group), scopes);
			add(tokens, m.start(group), m.end(group), with(scopes, capture.getValue()));
			pos = m.end(group);
		}
		List<String> whole = captures.containsKey(0) ? with(scopes, captures.get(0)) : scopes;
		add(tokens, pos, m.end(), whole);
	}

	private static void add(List<Token> tokens, int start, int end, List<String> scopes) {
		if (end > start) {
			tokens.add(new Token(start, end, scopes));
		}
	}

	private static List<String> with(List<String> scopes, String name) {
		if (name == null) {
			return scopes;
		}
		List<String> result = new ArrayList<>(scopes);
		result.add(name);
		return List.copyOf(result);
	}

	private static Found earliest(List<Rule> rules, String line, int pos) {
		Found best = null;
		for (Rule rule : rules) {
			Matcher m = find(rule.match() != null ? rule.match() : rule.begin(), line, pos);
			if (m != null && (best == null || m.start() < best.matcher().start())) {
				best = new Found(rule, m);
			}
		}
		return best;
	}

	/** Searches from pos with the whole line visible to look-behinds, as TextMate engines do. */
	private static Matcher find(Pattern pattern, String line, int pos) {
		Matcher m = pattern.matcher(line);
		m.useTransparentBounds(true);
		m.useAnchoringBounds(false);
		m.region(pos, line.length());
		return m.find() ? m : null;
	}

	private List<Rule> rules(JsonArray patterns, int depth) {
		if (depth > 10) {
			throw new IllegalStateException("includes nest deeper than 10: a cycle?");
		}
		List<Rule> result = new ArrayList<>();
		if (patterns == null) {
			return result;
		}
		for (JsonElement element : patterns) {
			JsonObject pattern = element.getAsJsonObject();
			if (pattern.has("include")) {
				String include = pattern.get("include").getAsString();
				if (!include.startsWith("#") || !repository.has(include.substring(1))) {
					throw new IllegalStateException("include not in the repository: " + include);
				}
				result.addAll(rules(wrap(repository.getAsJsonObject(include.substring(1))), depth + 1));
			} else if (pattern.has("match") || pattern.has("begin")) {
				result.add(rule(pattern, depth));
			} else {
				result.addAll(rules(pattern.getAsJsonArray("patterns"), depth + 1));
			}
		}
		return result;
	}

	private static JsonArray wrap(JsonObject entry) {
		if (entry.has("match") || entry.has("begin")) {
			JsonArray array = new JsonArray();
			array.add(entry);
			return array;
		}
		return entry.getAsJsonArray("patterns");
	}

	private Rule rule(JsonObject pattern, int depth) {
		String name = pattern.has("name") ? pattern.get("name").getAsString() : null;
		if (pattern.has("match")) {
			return new Rule(name, compile(pattern, "match"), captures(pattern, "captures"), null, null, Map.of(), Map.of(),
					List.of());
		}
		if (!pattern.has("end")) {
			throw new IllegalStateException("begin without end: " + pattern);
		}
		Map<Integer, String> beginCaptures = pattern.has("beginCaptures") ? captures(pattern, "beginCaptures")
				: captures(pattern, "captures");
		Map<Integer, String> endCaptures = pattern.has("endCaptures") ? captures(pattern, "endCaptures")
				: captures(pattern, "captures");
		return new Rule(name, null, Map.of(), compile(pattern, "begin"), compile(pattern, "end"), beginCaptures,
				endCaptures, rules(pattern.getAsJsonArray("patterns"), depth + 1));
	}

	private Pattern compile(JsonObject pattern, String key) {
		String source = pattern.get(key).getAsString();
		regexSources.add(source);
		return Pattern.compile(source);
	}

	private static Map<Integer, String> captures(JsonObject pattern, String key) {
		Map<Integer, String> result = new TreeMap<>(Comparator.naturalOrder());
		if (pattern.has(key)) {
			for (Map.Entry<String, JsonElement> capture : pattern.getAsJsonObject(key).entrySet()) {
				JsonObject value = capture.getValue().getAsJsonObject();
				if (value.has("name")) {
					result.put(Integer.parseInt(capture.getKey()), value.get("name").getAsString());
				}
			}
		}
		return result;
	}
}
