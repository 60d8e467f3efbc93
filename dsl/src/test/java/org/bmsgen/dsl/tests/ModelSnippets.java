package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;

import com.google.inject.Inject;

/**
 * A small valid model, one cell and one 4S pack modelled on the reference board, whose statements a test
 * replaces or removes to build the one case it checks:
 *
 * <pre>
 * snippets.model().cell("voltage", "voltage nominal 3.6 V minimum 3.7 V maximum 4.2 V").check()
 * 		.assertError(IssueCodes.CELL_VOLTAGES_INCONSISTENT, "minimum 3.7 V");
 * </pre>
 *
 * Statements are keyed by their leading keyword ({@code voltage}, {@code ocv}, {@code balancing},
 * {@code limits} ...); a new key adds a statement. Parsing fails the test on a syntax error, so that a
 * check test never passes on a model the parser did not understand.
 */
public class ModelSnippets {

	public static final String CELL = "TestCell";
	public static final String PACK = "TestPack";

	@Inject
	private ParseHelper<Model> parseHelper;

	@Inject
	private ValidationTestHelper validationHelper;

	private static Map<String, String> defaultCell() {
		Map<String, String> cell = new LinkedHashMap<>();
		cell.put("chemistry", "chemistry NCA");
		cell.put("voltage", "voltage nominal 3.6 V minimum 2.5 V maximum 4.2 V");
		cell.put("capacity", "capacity 2.9 Ah");
		cell.put("current", "current charge 2.9 A discharge 10 A peak 20 A for 10 s");
		cell.put("temperature", "temperature charge 10 degC to 45 degC discharge -20 degC to 60 degC");
		cell.put("ocv", "ocv at 25 degC { 0 %: 2.50 V, 10 %: 3.331 V, 50 %: 3.665 V, 90 %: 4.053 V, 100 %: 4.170 V }");
		cell.put("ecm", "ecm at 25 degC { r0 30 mOhm r1 15 mOhm c1 2 kF r2 20 mOhm c2 30 kF }");
		cell.put("thermal", "thermal { mass 40 J/K resistance 15 K/W }");
		cell.put("spread", "spread { capacity 1 % resistance 5 % soc 1 % }");
		return cell;
	}

	private static Map<String, String> defaultPack() {
		Map<String, String> pack = new LinkedHashMap<>();
		pack.put("cells", "cells 4S3P " + CELL);
		pack.put("afe", "afe BQ76920 { address 0x08 crc on shunt 1 mOhm rated 3 W "
				+ "thermistor TS1 NTC 10 kOhm beta 3435 channels [1, 2, 3, 5] }");
		pack.put("mcu", "mcu STM32G431 { period 250 ms watchdog 1 s }");
		pack.put("radio", "radio ESP32 { uart 115200 baud publish wifi every 1 s command clear-faults secret \"test-secret-of-the-fixture\" }");
		pack.put("can", "can MCP2562 { fd nominal 500 kbit/s data 2 Mbit/s }");
		pack.put("flash", "flash W25Q128JV");
		pack.put("fets", "fets 6 back-to-back on 1.5 mOhm rated 60 A");
		pack.put("current", "current continuous 30 A peak 60 A for 10 s charge 6 A");
		pack.put("protection", String.join("\n\t\t",
				"protection {",
				"cell overvoltage above 4.20 V for 2 s release below 4.10 V warning above 4.18 V by afe",
				"cell undervoltage below 2.80 V for 4 s release above 3.00 V warning below 3.00 V by afe",
				"pack overvoltage above 16.80 V for 1 s release below 16.40 V by firmware",
				"pack undervoltage below 11.20 V for 4 s release above 12.00 V by firmware",
				"discharge overcurrent above 56 A for 640 ms recover after 30 s by afe",
				"discharge short-circuit above 111 A for 200 us latch severity permanent by afe",
				"charge overcurrent above 8 A for 2 s recover after 30 s by firmware",
				"charge overtemperature above 45 degC for 2 s release below 40 degC by firmware",
				"charge undertemperature below 10 degC for 2 s release above 12 degC by firmware",
				"discharge overtemperature above 60 degC for 2 s release below 50 degC by firmware",
				"discharge undertemperature below -20 degC for 2 s release above -15 degC by firmware",
				"fet overtemperature above 90 degC for 1 s release below 75 degC by firmware",
				"cell imbalance above 150 mV for 10 s release below 50 mV severity warning by firmware",
				"cell open-wire below 500 mV for 1 s latch by firmware",
				"pack plausibility above 300 mV for 2 s by firmware",
				"afe communication-loss for 1 s recover after 5 s by firmware",
				"}"));
		pack.put("balancing", "balancing passive { start above 15 mV delta stop below 5 mV delta cells above 3.90 V "
				+ "max 2 cells when charging or rest 30 min never above 45 degC }");
		pack.put("soc", "soc ekf { model 2RC process noise 1e-6 measurement noise 2 mV initial uncertainty 5 % "
				+ "initial from ocv rest correction after 30 min }");
		pack.put("soh", "soh { capacity fade on resistance growth on end of life 80 % }");
		pack.put("limits", "limits { charge 6 A discharge 60 A "
				+ "derate charge by max-temperature { 10 degC: 0 %, 15 degC: 100 %, 40 degC: 100 %, 45 degC: 0 % } "
				+ "derate discharge by soc { 0 %: 0 %, 5 %: 30 %, 15 %: 100 %, 100 %: 100 % } }");
		pack.put("statemachine", String.join("\n\t\t",
				"statemachine Control {",
				"initial Init",
				"state Init { entry configure afe on afe-ready -> Standby }",
				"state Standby { entry disable charge, discharge when current above 0.2 A -> Active "
						+ "when current below -0.2 A -> Active }",
				"state Active { entry enable charge, discharge "
						+ "when current below 0.05 A and current above -0.05 A after 60 s -> Standby }",
				"state Fault { entry disable charge, discharge log event on faults-cleared after 5 s -> Standby }",
				"on any fault -> Fault",
				"}"));
		pack.put("message", "can message Status id 0x100 fd length 8 every 250 ms { "
				+ "signal packVoltage 0|16 unsigned scale 0.001 V from pack-voltage "
				+ "signal soc 16|8 unsigned scale 0.5 % from soc }");
		pack.put("uart", "uart frame Telemetry type 0x01 every 1 s { field soc from soc }");
		pack.put("log", "log { events in 256 KiB record 32 B history in 8 MiB record 64 B every 60 s }");
		return pack;
	}

	/** The default model, ready to have statements replaced. */
	public Snippet model() {
		return new Snippet();
	}

	/** Parses a complete model text, failing the test on a syntax error. */
	public Model parse(CharSequence text) {
		try {
			Model model = parseHelper.parse(text);
			assertNotNull(model, "the snippet did not parse:\n" + text);
			Resource resource = model.eResource();
			assertEquals("", resource.getErrors().stream().map(e -> e.getLine() + ": " + e.getMessage())
					.collect(Collectors.joining("\n")), "syntax errors in the snippet:\n" + text);
			return model;
		} catch (Exception e) {
			throw new AssertionError("the snippet did not parse:\n" + text, e);
		}
	}

	/** Parses a complete model text and validates it. */
	public ReportedIssues check(CharSequence text) {
		return check(parse(text));
	}

	/** Validates a model (or a part of one) with every check. */
	public ReportedIssues check(EObject model) {
		return new ReportedIssues(model, validationHelper.validate(model));
	}

	/** One model under construction: the default cell and pack with some statements changed. */
	public final class Snippet {

		private final Map<String, String> cell = defaultCell();
		private final Map<String, String> pack = defaultPack();
		private final StringBuilder extra = new StringBuilder();

		private Snippet() {
		}

		/** Replaces (or adds) the cell statement of a key: {@code cell("capacity", "capacity 0 Ah")}. */
		public Snippet cell(String key, String statement) {
			cell.put(key, statement);
			return this;
		}

		public Snippet withoutCell(String key) {
			cell.remove(key);
			return this;
		}

		/** Replaces (or adds) the pack statement of a key: {@code pack("balancing", "balancing passive {}")}. */
		public Snippet pack(String key, String statement) {
			pack.put(key, statement);
			return this;
		}

		public Snippet withoutPack(String key) {
			pack.remove(key);
			return this;
		}

		/** Text after the pack: a variant ({@code pack Big extends TestPack { ... }}) or a second cell. */
		public Snippet then(String text) {
			extra.append(text).append('\n');
			return this;
		}

		public String text() {
			StringBuilder text = new StringBuilder();
			text.append("cell ").append(CELL).append(" {\n");
			cell.values().forEach(s -> text.append('\t').append(s).append('\n'));
			text.append("}\n\npack ").append(PACK).append(" {\n");
			pack.values().forEach(s -> text.append('\t').append(s).append('\n'));
			text.append("}\n");
			return text.append(extra).toString();
		}

		public Model parse() {
			return ModelSnippets.this.parse(text());
		}

		/** Parses and validates the model. */
		public ReportedIssues check() {
			return ModelSnippets.this.check(text());
		}

		@Override
		public String toString() {
			return text();
		}
	}
}
