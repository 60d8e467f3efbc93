package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.SourceText;
import org.bmsgen.dsl.loading.BmsLanguage;
import org.bmsgen.dsl.loading.ModelLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.dsl.formatting2.BmsFormatting;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated versions of models/smart4s.bms (seeded, deterministic) to the entry point `check` uses.
 * Errors are expected; what must never happen is an exception, an error Xtext logged (a check that threw)
 * or a diagnostic without a position. Mutants without syntax errors are also formatted: the result must
 * have the original's tokens and be stable.
 */
class CheckFuzzTest {

	private static final long SEED = Long.getLong("bmsgen.fuzz.seed", 20261124L);
	private static final int MUTANTS = Integer.getInteger("bmsgen.fuzz.count", 10_000);

	/** Codes of the diagnostics that mean the text does not parse (the formatter only runs on text that does). */
	private static final java.util.Set<String> SYNTAX_LIKE = java.util.Set.of(ModelLoader.CODE_SYNTAX,
			SourceText.CODE_BINARY, SourceText.CODE_EMPTY, SourceText.CODE_ENCODING, SourceText.CODE_TOO_LARGE);

	private static final Pattern NUMBER = Pattern.compile("-?\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b|0x[0-9A-Fa-f]+");
	private static final Pattern UNIT = Pattern.compile(
			"\\b(V|mV|uV|A|mA|Ah|mAh|W|mW|Ohm|mOhm|uOhm|kOhm|F|kF|degC|K|d|h|min|s|ms|us|Hz|kHz|MHz|bit/s|kbit/s|Mbit/s|baud|B|KiB|MiB|J/K|K/W)\\b|%");
	private static final Pattern TOKEN = Pattern.compile("\\S+");

	private static final String[] NUMBERS = { "0", "-0", "1", "-1", "0.0000001", "1e99", "1e-99", "-1e400",
			"99999999999999999999999999999999", "2147483648", "0x7FFFFFFF", "0xFFFFFFFFFF", "0x", "1.", ".5", "1.2.3",
			"4.25", "-273.15", "65535", "3" };
	private static final String[] UNITS = { "V", "mV", "A", "mA", "Ah", "degC", "K", "s", "ms", "us", "%", "Ohm",
			"mOhm", "kbit/s", "Mbit/s", "baud", "KiB", "MiB", "B", "J/K", "K/W", "kF", "Hz", "", "volt", "°C", "µs" };
	private static final String[] WORDS = { "pack", "cell", "extends", "state", "{", "}", "[", "]", "->", ",", ":", "|",
			"import", "\"", "\"cells/panasonic-ncr18650pf.bms\"", "\"../../etc/passwd\"", "\"\"", "/*", "*/", "//",
			"Smart4S", "Control", "NCR18650PF", "cellOvervoltage", "fault", "on any fault -> Fault", "latch",
			"initial Nowhere", "-> Nowhere", "send Nowhere", "from fault nothing", "state of Nowhere", "1S1P", "99S99P",
			"0S0P", "afe BQ76940 {", "protection {", "log {" };

	@Test
	void mutantsOfTheReferenceModelNeverThrow() throws IOException {
		Path modelPath = Run.models().resolve("smart4s.bms");
		byte[] original = Files.readAllBytes(modelPath);
		ModelFile model = new ModelFile(modelPath, "smart4s.bms");
		new ModelLoader().load(model, original); // set the language up outside the measurement

		// Each mutant depends only on its own seed, so spreading them over threads changes nothing but speed;
		// the first failure by mutant number is the one reported.
		int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
		AtomicInteger next = new AtomicInteger();
		Stats stats = new Stats();
		ConcurrentSkipListMap<Integer, AssertionError> failures = new ConcurrentSkipListMap<>();
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				workers.add(pool.submit(() -> {
					Mutants mutants = new Mutants(model, original);
					for (int i = next.getAndIncrement(); i < MUTANTS && failures.isEmpty(); i = next.getAndIncrement()) {
						AssertionError failure = mutants.run(i, stats);
						if (failure != null) {
							failures.put(i, failure);
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		} catch (InterruptedException | ExecutionException e) {
			throw new AssertionError(e);
		} finally {
			pool.shutdownNow();
		}
		if (!failures.isEmpty()) {
			throw failures.firstEntry().getValue();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("fuzz: %d mutants in %.1f s on %d threads (%.0f mutants/s; check %.1f ms each),"
				+ " %d with errors, %d formatted and re-checked (%.1f s in all), %d refused by the formatter%n", MUTANTS,
				seconds, threads, MUTANTS / seconds, stats.checkNanos.get() / 1e6 / MUTANTS, stats.withErrors.get(),
				stats.formatted.get(), stats.formatNanos.get() / 1e9, stats.refused.get());
		// sanity of the mutator itself, meaningless when one mutant is rerun
		assertTrue(stats.withErrors.get() > MUTANTS / 2 || MUTANTS < 100,
				"mutations should mostly break the model: " + stats.withErrors);
		assertTrue(stats.formatted.get() > 0 || MUTANTS < 100, "some mutants should still parse");
	}

	private static final class Stats {
		final AtomicLong checkNanos = new AtomicLong();
		final AtomicLong formatNanos = new AtomicLong();
		final AtomicInteger withErrors = new AtomicInteger();
		final AtomicInteger formatted = new AtomicInteger();
		final AtomicInteger refused = new AtomicInteger();
	}

	/** One thread's checker and formatter. */
	private static final class Mutants {
		final ModelFile model;
		final byte[] original;
		final ModelLoader loader = new ModelLoader();
		final BmsFormatting formatting = BmsLanguage.injector().getInstance(BmsFormatting.class);

		Mutants(ModelFile model, byte[] original) {
			this.model = model;
			this.original = original;
		}

		/** Checks mutant {@code i}; the failure, with what it takes to reproduce it, or null. */
		AssertionError run(int i, Stats stats) {
			long seed = SEED + i;
			byte[] mutant = mutate(original, new Random(seed));
			try {
				long t0 = System.nanoTime();
				// what `bmsgen check` runs: the shared loader, reported as the command reports it
				CheckReport report = CheckReport.of(loader.load(model, mutant));
				stats.checkNanos.addAndGet(System.nanoTime() - t0);
				assertTrue(report.internalErrors().isEmpty(), () -> "logged: " + report.internalErrors());
				assertTrue(report.ioProblems().isEmpty(), () -> "I/O problems: " + report.ioProblems());
				for (Diagnostic diagnostic : report.diagnostics()) {
					assertTrue(diagnostic.line() >= 1 && diagnostic.column() >= 1, diagnostic::format);
					assertTrue(Run.DIAGNOSTIC.matcher(diagnostic.format()).matches(), diagnostic::format);
				}
				if (report.errorCount() > 0) {
					stats.withErrors.incrementAndGet();
				}
				if (report.diagnostics().stream().anyMatch(d -> d.isError() && SYNTAX_LIKE.contains(d.code()))) {
					return null;
				}
				long t1 = System.nanoTime();
				ModelLoader.ParsedFile parsed = loader.parse(model, mutant);
				if (parsed.resource() != null && parsed.syntaxErrors().isEmpty()) {
					String text = parsed.source().text();
					String once;
					try {
						once = formatting.format(parsed.resource());
					} catch (BmsFormatting.UnformattableException refused) {
						stats.refused.incrementAndGet();
						return null;
					}
					assertEquals(null, BmsFormatting.firstDifference(text, once), "formatting changed the meaning");
					ModelLoader.ParsedFile reparsed = loader.parse(model, once.getBytes(StandardCharsets.UTF_8));
					assertTrue(reparsed.syntaxErrors().isEmpty(), () -> "formatted text does not parse: " + reparsed.syntaxErrors());
					assertEquals(once, formatting.format(reparsed.resource()), "formatting is not idempotent");
					stats.formatted.incrementAndGet();
				}
				stats.formatNanos.addAndGet(System.nanoTime() - t1);
				return null;
			} catch (Throwable e) {
				return new AssertionError("mutant " + i + " (seed " + seed + ", rerun with -Dbmsgen.fuzz.seed=" + seed
						+ " -Dbmsgen.fuzz.count=1) failed: " + e + "\n--- mutated input (Java string literal)\n"
						+ literal(mutant), e);
			}
		}
	}

	/** One to three mutations of the bytes of a model. */
	static byte[] mutate(byte[] original, Random random) {
		byte[] bytes = original;
		int count = 1 + random.nextInt(3);
		for (int m = 0; m < count; m++) {
			bytes = mutateOnce(bytes, random);
		}
		return bytes;
	}

	private static byte[] mutateOnce(byte[] bytes, Random random) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1); // byte-preserving view
		switch (random.nextInt(13)) {
		case 0:
			return replaceMatch(text, TOKEN, random, "");
		case 1: {
			List<int[]> tokens = matches(text, TOKEN);
			if (tokens.isEmpty()) {
				return bytes;
			}
			int[] t = tokens.get(random.nextInt(tokens.size()));
			String token = text.substring(t[0], t[1]);
			return latin1(text.substring(0, t[1]) + " " + token + text.substring(t[1]));
		}
		case 2: {
			List<int[]> tokens = matches(text, TOKEN);
			if (tokens.size() < 2) {
				return bytes;
			}
			int[] a = tokens.get(random.nextInt(tokens.size()));
			int[] b = tokens.get(random.nextInt(tokens.size()));
			if (a[0] > b[0]) {
				int[] swap = a;
				a = b;
				b = swap;
			}
			if (a[0] == b[0]) {
				return bytes;
			}
			return latin1(text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
					+ text.substring(a[0], a[1]) + text.substring(b[1]));
		}
		case 3: {
			List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
			lines.remove(random.nextInt(lines.size()));
			return latin1(String.join("\n", lines));
		}
		case 4: {
			List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
			int i = random.nextInt(lines.size());
			lines.add(random.nextInt(lines.size() + 1), lines.get(i));
			return latin1(String.join("\n", lines));
		}
		case 5: {
			List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
			java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
			return latin1(String.join("\n", lines));
		}
		case 6: {
			if (bytes.length == 0) {
				return bytes;
			}
			byte[] flipped = bytes.clone();
			int at = random.nextInt(flipped.length);
			flipped[at] = random.nextBoolean() ? (byte) (32 + random.nextInt(95)) : (byte) (flipped[at] ^ (1 << random.nextInt(8)));
			return flipped;
		}
		case 7:
			return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
		case 8: {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
			out.write(bytes, 0, at);
			byte[][] specials = { { 0 }, { (byte) 0xFF }, { (byte) 0xC3 }, { (byte) 0xE2, (byte) 0x82 }, { (byte) 0xFE, (byte) 0xFF },
					"\r\n".getBytes(), "\t".getBytes(), "\u00B5".getBytes(StandardCharsets.UTF_8),
					"\uD83D\uDD0B".getBytes(StandardCharsets.UTF_8), { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF } };
			int n = 1 + random.nextInt(4);
			for (int k = 0; k < n; k++) {
				if (random.nextBoolean()) {
					out.writeBytes(specials[random.nextInt(specials.length)]);
				} else {
					out.write(random.nextInt(256));
				}
			}
			out.write(bytes, at, bytes.length - at);
			return out.toByteArray();
		}
		case 9:
			return replaceMatch(text, NUMBER, random, NUMBERS[random.nextInt(NUMBERS.length)]);
		case 10:
			return replaceMatch(text, UNIT, random, UNITS[random.nextInt(UNITS.length)]);
		case 11: {
			List<int[]> tokens = matches(text, TOKEN);
			int at = tokens.isEmpty() ? 0 : tokens.get(random.nextInt(tokens.size()))[0];
			String word = WORDS[random.nextInt(WORDS.length)];
			return latin1(text.substring(0, at) + word.replace("°", "\u00C2\u00B0").replace("µ", "\u00C2\u00B5") + " "
					+ text.substring(at));
		}
		default:
			return replaceMatch(text, TOKEN, random, WORDS[random.nextInt(WORDS.length)]);
		}
	}

	private static byte[] replaceMatch(String text, Pattern pattern, Random random, String replacement) {
		List<int[]> found = matches(text, pattern);
		if (found.isEmpty()) {
			return latin1(text);
		}
		int[] m = found.get(random.nextInt(found.size()));
		return latin1(text.substring(0, m[0]) + replacement + text.substring(m[1]));
	}

	private static List<int[]> matches(String text, Pattern pattern) {
		List<int[]> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(new int[] { matcher.start(), matcher.end() });
		}
		return found;
	}

	private static byte[] latin1(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/** The bytes as a Java string literal (bytes above 0x7F and controls escaped), to paste into a test. */
	static String literal(byte[] bytes) {
		StringBuilder out = new StringBuilder("\"");
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c == '\n') {
				out.append("\\n\"\n+ \"");
			} else if (c == '"' || c == '\\') {
				out.append('\\').append((char) c);
			} else if (c >= 32 && c < 127) {
				out.append((char) c);
			} else {
				out.append(String.format("\\u%04x", c)); // one char per byte: decode as ISO-8859-1 to get the bytes
			}
		}
		return out.append("\"  /* bytes: getBytes(ISO_8859_1) */").toString();
	}
}
