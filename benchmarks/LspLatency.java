import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Latency of the language server as an editor sees it (issue 6: cold start to the first diagnostics of the
 * reference model within 3 s, diagnostics after an edit within 300 ms warm). A single-file program on the JDK
 * alone, speaking JSON-RPC over the stdio of the real jar:
 *
 * <pre>
 *   java [-Dlsp.jvm="JVM OPTIONS"] benchmarks/LspLatency.java [cli/target/bmsgen.jar] [COLD_RUNS] [EDITS]
 * </pre>
 *
 * Cold: from starting {@code java -jar bmsgen.jar lsp} to the publication of smart4s.bms's diagnostics, with a
 * fresh copy of models/ as the workspace (the server indexes and validates all 6 files on initialize; the
 * reference model is opened right after initialize, as an editor does with the file it was launched on). Warm:
 * after 10 edits of warm-up, from sending a didChange of smart4s.bms to the publication of its diagnostics, the
 * edits alternating between a mistake ("shunt 1 mV", an error) and its correction (no error), so each
 * publication is checked to be the one for that edit. Rebuilding smart4s.bms also rebuilds the three variants
 * that import it.
 */
public class LspLatency {

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/bmsgen.jar").toAbsolutePath();
		int coldRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		int edits = args.length > 2 ? Integer.parseInt(args[2]) : 40;
		Path models = Path.of("models").toAbsolutePath();
		System.out.printf("bmsgen lsp latency, %s, %d cores, load average %s%n", jar, Runtime.getRuntime().availableProcessors(),
				loadAverage());
		List<Long> cold = new ArrayList<>();
		for (int run = 1; run <= coldRuns; run++) {
			try (Session session = Session.start(jar, models)) {
				long millis = session.coldToFirstDiagnostics();
				cold.add(millis);
				System.out.printf("cold run %d: %5d ms to smart4s.bms's diagnostics (initialize answered at %d ms;"
						+ " server CPU time so far %d ms; load average %s)%n", run, millis, session.initializeAnsweredMillis,
						session.cpuMillis(), loadAverage());
				if (run == coldRuns) {
					List<Long> warm = session.editLatencies(10, edits);
					System.out.printf("warm: %d edits, diagnostics after median %d ms, 90th percentile %d ms, max %d ms (load average %s)%n",
							warm.size(), percentile(warm, 50), percentile(warm, 90), Collections.max(warm), loadAverage());
				}
			}
		}
		System.out.printf("cold: median %d ms, min %d ms, max %d ms over %d runs%n", percentile(cold, 50),
				Collections.min(cold), Collections.max(cold), cold.size());
	}

	static long percentile(List<Long> values, int percent) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		} catch (IOException e) {
			return "?";
		}
	}

	/** One server process on a fresh copy of the models. */
	static final class Session implements AutoCloseable {

		private final Process process;
		private final Path workspace;
		private final long started;
		private final OutputStream out;
		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		private int nextId = 1;
		long initializeAnsweredMillis = -1;
		private int version = 1;

		private Session(Process process, Path workspace, long started) {
			this.process = process;
			this.workspace = workspace;
			this.started = started;
			this.out = process.getOutputStream();
			Thread reader = new Thread(() -> read(process.getInputStream()), "lsp reader");
			reader.setDaemon(true);
			reader.start();
		}

		static Session start(Path jar, Path models) throws IOException {
			Path workspace = Files.createTempDirectory("bmsgen-lsp-latency");
			copy(models, workspace);
			long started = System.nanoTime();
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			// the options `bmsgen lsp --print-eclipse-setup` and ./bmsgen start the server with; -Dlsp.jvm="" compares
			// with the JVM's defaults
			for (String option : System.getProperty("lsp.jvm", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split(" ")) {
				if (!option.isBlank()) {
					command.add(option);
				}
			}
			command.addAll(List.of("-jar", jar.toString(), "lsp"));
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			return new Session(process, workspace, started);
		}

		long coldToFirstDiagnostics() throws Exception {
			String root = workspace.toUri().toString();
			request("initialize", "{\"processId\":" + ProcessHandle.current().pid() + ",\"rootUri\":\"" + root
					+ "\",\"workspaceFolders\":[{\"uri\":\"" + root + "\",\"name\":\"models\"}],\"capabilities\":{}}");
			awaitResponse(1, 120_000);
			initializeAnsweredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			notify("initialized", "{}");
			notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + reference() + "\",\"languageId\":\"bms\",\"version\":1,\"text\":"
					+ json(Files.readString(workspace.resolve("smart4s.bms"))) + "}}");
			awaitDiagnostics(reference(), 120_000);
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		}

		List<Long> editLatencies(int warmUp, int measured) throws Exception {
			String text = Files.readString(workspace.resolve("smart4s.bms"));
			String mistake = text.replace("shunt 1 mOhm", "shunt 1 mV");
			if (mistake.equals(text)) {
				throw new IllegalStateException("smart4s.bms no longer has 'shunt 1 mOhm'");
			}
			List<Long> latencies = new ArrayList<>();
			for (int edit = 0; edit < warmUp + measured; edit++) {
				boolean wrong = edit % 2 == 0;
				messages.clear();
				long sent = System.nanoTime();
				notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + reference() + "\",\"version\":" + (++version)
						+ "},\"contentChanges\":[{\"text\":" + json(wrong ? mistake : text) + "}]}");
				String diagnostics = awaitDiagnostics(reference(), 60_000);
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
				if (wrong != diagnostics.contains("bms.dimension-mismatch")) {
					throw new IllegalStateException("diagnostics do not match the edit: " + diagnostics);
				}
				if (edit >= warmUp) {
					latencies.add(millis);
				}
			}
			return latencies;
		}

		/** User and system CPU time of the server process: what the work costs, whatever else runs on the machine. */
		long cpuMillis() {
			return process.toHandle().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
		}

		private void awaitResponse(int id, long timeoutMillis) throws InterruptedException {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			while (true) {
				String message = messages.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
				if (message == null) {
					throw new IllegalStateException("no response " + id + " within " + timeoutMillis + " ms");
				}
				if (message.contains("\"id\":" + id + ",") || message.contains("\"id\":" + id + "}")
						|| message.contains("\"id\":\"" + id + "\"")) {
					return;
				}
			}
		}

		private String reference() {
			return workspace.resolve("smart4s.bms").toUri().toString();
		}

		private String awaitDiagnostics(String uri, long timeoutMillis) throws InterruptedException {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			while (true) {
				String message = messages.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
				if (message == null) {
					throw new IllegalStateException("no diagnostics for " + uri + " within " + timeoutMillis + " ms");
				}
				if (message.contains("\"textDocument/publishDiagnostics\"") && message.contains("\"uri\":\"" + uri + "\"")) {
					return message;
				}
			}
		}

		private void request(String method, String params) throws IOException {
			send("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
		}

		private void notify(String method, String params) throws IOException {
			send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}");
		}

		private synchronized void send(String json) throws IOException {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
		}

		/** Splits the server's output into messages by their Content-Length headers. */
		private void read(InputStream in) {
			try {
				while (true) {
					int length = -1;
					ByteArrayOutputStream header = new ByteArrayOutputStream();
					while (true) {
						int b = in.read();
						if (b < 0) {
							return;
						}
						header.write(b);
						String text = header.toString(StandardCharsets.US_ASCII);
						if (text.endsWith("\r\n\r\n")) {
							for (String line : text.split("\r\n")) {
								if (line.toLowerCase().startsWith("content-length:")) {
									length = Integer.parseInt(line.substring(15).trim());
								}
							}
							break;
						}
					}
					byte[] body = in.readNBytes(length);
					messages.add(new String(body, StandardCharsets.UTF_8));
				}
			} catch (IOException e) {
				// the server ended
			}
		}

		@Override
		public void close() throws Exception {
			try {
				request("shutdown", "null");
				notify("exit", "null");
				if (!process.waitFor(20, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			} catch (IOException e) {
				process.destroyForcibly();
			}
			try (Stream<Path> paths = Files.walk(workspace)) {
				paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}

		private static void copy(Path from, Path to) throws IOException {
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

		private static String json(String text) {
			StringBuilder result = new StringBuilder("\"");
			for (char c : text.toCharArray()) {
				switch (c) {
				case '"' -> result.append("\\\"");
				case '\\' -> result.append("\\\\");
				case '\n' -> result.append("\\n");
				case '\r' -> result.append("\\r");
				case '\t' -> result.append("\\t");
				default -> {
					if (c < 0x20) {
						result.append(String.format("\\u%04x", (int) c));
					} else {
						result.append(c);
					}
				}
				}
			}
			return result.append('"').toString();
		}
	}
}
