package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.bmsgen.generator.ir.ScaledUnit;
import org.bmsgen.generator.ir.SignalSource;
import org.bmsgen.generator.ir.Trace;
import org.junit.jupiter.api.Test;

/**
 * The ESP32 image's own emitters (TelemetryState, Sha256, CommandAuthenticator, TelemetryApi, BatteryGattService,
 * Esp32Firmware): goldens of the reference pack, compiled for Java 7 against the platform alone with the rest of
 * the ESP32 image; every pack's constants equal its IR; a frame with cell extremes and fault flags gives the GATT
 * service its cell and fault-word characteristics.
 */
class Esp32EmittersTest {

	private static final List<String> OWN = List.of("TelemetryState", "Sha256", "CommandAuthenticator", "TelemetryApi",
			"BatteryGattService", "Esp32Firmware");

	private static List<GeneratedSource> esp32Image(PackIr pack) {
		String esp32 = FirmwarePackage.of(pack, FirmwareImage.ESP32);
		return new FirmwareGenerator().sources(pack).stream().filter(s -> s.packageName().equals(esp32)).toList();
	}

	@Test
	void referencePack_compilesForJava7_andMatchesGoldens() {
		PackIr pack = TestModels.reference();
		List<GeneratedSource> image = esp32Image(pack);
		FirmwareCompiler.compile("esp32-" + pack.name(), image);
		List<String> emitted = new ArrayList<>();
		for (GeneratedSource source : image) {
			if (OWN.contains(source.typeName())) {
				emitted.add(source.typeName());
				Golden.assertMatches("firmware/Smart4S/esp32/" + source.typeName() + ".java", source.text());
			}
		}
		assertEquals(OWN.stream().sorted().toList(), emitted.stream().sorted().toList());
	}

	@Test
	void everyPack_constantsEqualTheIr() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			RadioIr radio = pack.radio();
			Path classes = FirmwareCompiler.compile("esp32-all-" + pack.name(), esp32Image(pack));
			String p = FirmwarePackage.of(pack, FirmwareImage.ESP32) + ".";
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				String where = pack.name() + " ";
				Class<?> telemetry = loader.loadClass(p + "TelemetryState");
				assertEquals(radio.frames().size(), telemetry.getField("FRAME_COUNT").getInt(null), where);
				assertEquals(radio.frames().stream().mapToInt(f -> f.fields().size()).sum(),
						telemetry.getField("FIELD_COUNT").getInt(null), where);
				Class<?> authenticator = loader.loadClass(p + "CommandAuthenticator");
				assertEquals(radio.commands().size(), authenticator.getField("COMMAND_COUNT").getInt(null), where);
				Class<?> firmware = loader.loadClass(p + "Esp32Firmware");
				int bleMs = radio.publications().stream().filter(x -> x.channel().equals("ble"))
						.mapToInt(RadioIr.Publication::periodMs).findFirst().orElse(0);
				assertEquals(bleMs * 1000L, firmware.getField("BLE_PERIOD_MICROS").getLong(null), where);
				Class<?> api = loader.loadClass(p + "TelemetryApi");
				int wifiMs = radio.publications().stream().filter(x -> x.channel().equals("wifi"))
						.mapToInt(RadioIr.Publication::periodMs).findFirst().orElse(1000);
				assertEquals(wifiMs, api.getField("REFRESH_MS").getInt(null), where);
			}
		}
	}

	/**
	 * The reference pack with a second frame, "Cells" (type 0x02), carrying min-cell, max-cell and two fault flags:
	 * the telemetry decodes it, and the GATT service gets a characteristic per field and a fault word whose bits are
	 * the protections' indices.
	 */
	@Test
	void cellAndFaultFields_reachTheirCharacteristicsAndTheFaultWord() throws Exception {
		PackIr reference = TestModels.reference();
		int overvoltage = reference.protection("cellOvervoltage").index();
		int undervoltage = reference.protection("cellUndervoltage").index();
		RadioIr radio = reference.radio();
		List<RadioIr.UartField> fields = List.of(
				new RadioIr.UartField("minCell", 0, measurement(MeasuredQuantity.MIN_CELL), Trace.NONE),
				new RadioIr.UartField("maxCell", 4, measurement(MeasuredQuantity.MAX_CELL), Trace.NONE),
				new RadioIr.UartField("overvoltage", 8, fault(overvoltage), Trace.NONE),
				new RadioIr.UartField("undervoltage", 12, fault(undervoltage), Trace.NONE));
		List<RadioIr.UartFrame> frames = new ArrayList<>(radio.frames());
		frames.add(new RadioIr.UartFrame("Cells", 0x02, 1000, fields, 16, Trace.NONE));
		RadioIr withCells = new RadioIr(radio.part(), radio.uartBaud(), radio.publications(), radio.commands(),
				radio.secret(), List.copyOf(frames), radio.trace());
		PackIr pack = new PackIr("Smart4SCells", reference.lineage(), reference.sourceFiles(), reference.cell(),
				reference.control(), reference.afe(), reference.protections(), reference.balancing(),
				reference.estimators(), reference.stateMachines(), reference.can(), withCells, reference.log(),
				reference.trace());
		Path classes = FirmwareCompiler.compile("esp32-cells", esp32Image(pack));
		String p = FirmwarePackage.of(pack, FirmwareImage.ESP32) + ".";
		try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
			Class<?> gattType = loader.loadClass("org.bmsgen.platform.GattServer");
			Map<Integer, byte[]> values = new HashMap<>();
			int[] handles = {0};
			Object gatt = Proxy.newProxyInstance(loader, new Class<?>[] { gattType }, (proxy, method, args) -> {
				switch (method.getName()) {
				case "setValue" -> {
					byte[] source = (byte[]) args[1];
					int offset = (Integer) args[2];
					values.put((Integer) args[0], java.util.Arrays.copyOfRange(source, offset, offset + (Integer) args[3]));
					return 0;
				}
				case "start", "notify" -> {
					return 0;
				}
				default -> {
					return handles[0]++;
				}
				}
			});
			Class<?> telemetryType = loader.loadClass(p + "TelemetryState");
			Object telemetry = telemetryType.getConstructor().newInstance();
			byte[] payload = new byte[16];
			int[] field = { 3_012, 3_456, 1, 0 };
			for (int i = 0; i < 4; i++) {
				for (int b = 0; b < 4; b++) {
					payload[4 * i + b] = (byte) (field[i] >> (8 * b));
				}
			}
			Method update = telemetryType.getMethod("update", int.class, byte[].class, int.class, long.class);
			assertEquals(0, update.invoke(telemetry, 0x02, payload, 16, 0L));
			assertEquals(3_012, telemetryType.getMethod("minCellMv").invoke(telemetry));
			assertEquals(3_456, telemetryType.getMethod("maxCellMv").invoke(telemetry));
			Class<?> serviceType = loader.loadClass(p + "BatteryGattService");
			Object service = serviceType.getConstructor(gattType).newInstance(gatt);
			assertEquals(0, serviceType.getMethod("start").invoke(service));
			// handles: 0 battery service, 1 level, 2 pack service, 3..10 the 8 fields, 11 the fault word
			assertEquals(12, handles[0]);
			assertEquals(0, serviceType.getMethod("update", telemetryType).invoke(service, telemetry));
			assertEquals(3_012, int32(values.get(3 + 4)), "field 4 (Cells.minCell)");
			assertEquals(3_456, int32(values.get(3 + 5)));
			assertEquals(1 << overvoltage, int32(values.get(11)), "only the over-voltage flag is set");
			assertTrue(overvoltage != undervoltage);
		}
	}

	private static SignalSource measurement(MeasuredQuantity quantity) {
		return new SignalSource(SignalSource.Kind.MEASUREMENT, quantity, -1, -1, -1, quantity.unit());
	}

	private static SignalSource fault(int protection) {
		return new SignalSource(SignalSource.Kind.FAULT, null, -1, -1, protection, ScaledUnit.ONE);
	}

	private static int int32(byte[] value) {
		assertEquals(4, value.length);
		return (value[0] & 0xFF) | (value[1] & 0xFF) << 8 | (value[2] & 0xFF) << 16 | value[3] << 24;
	}
}
