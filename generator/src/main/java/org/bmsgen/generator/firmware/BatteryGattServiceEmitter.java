package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.bmsgen.generator.ir.SignalSource;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code BatteryGattService.java} (ESP32 image): the BLE GATT layout behind the platform's {@code GattServer}.
 * <ul>
 * <li>the SIG Battery Service (0x180F) with Battery Level (0x2A19, uint8 percent, read and notify; Battery Service
 * 1.0, 3.1), from the telemetry's {@code soc} field, when a frame carries one;</li>
 * <li>bmsgen's pack service (128-bit, {@link #BASE_HIGH}/{@link #BASE_LOW} with 0x0001 in bits 96..111): one
 * characteristic per telemetry field (0x0100 + field index; int32 little endian in the field's unit: pack voltage,
 * current, cell minimum and maximum, SoC, state, as the model's frames carry them) and, when a frame carries
 * fault flags, a fault word (0x0200; int32 little endian, bit = protection index).</li>
 * </ul>
 * The values are set from the telemetry state and notified on the model's BLE publication period.
 */
public final class BatteryGattServiceEmitter {

	public static final String TYPE_NAME = "BatteryGattService";

	/** bmsgen's 128-bit UUID base (random, chosen once): 5bd1xxxx-0c6d-4f3a-9a6e-62d5f0b1e5a7. */
	static final long BASE_HIGH = 0x5bd100000c6d4f3aL;
	static final long BASE_LOW = 0x9a6e62d5f0b1e5a7L;
	static final int PACK_SERVICE = 0x0001;
	static final int FIELD_CHARACTERISTIC_BASE = 0x0100;
	static final int FAULT_WORD_CHARACTERISTIC = 0x0200;

	/** The high 64 bits of the UUID with a 16-bit number in bits 96..111. */
	static long uuidHigh(int number) {
		return BASE_HIGH | ((long) number << 32);
	}

	public GeneratedSource emit(PackIr pack) {
		RadioIr radio = pack.radio();
		String packageName = FirmwarePackage.of(pack, FirmwareImage.ESP32);
		ClassName gatt = ClassName.get("org.bmsgen.platform", "GattServer");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName telemetry = ClassName.get(packageName, TelemetryStateEmitter.TYPE_NAME);
		RadioIr.UartField soc = TelemetryStateEmitter.firstField(pack, SignalSource.Kind.MEASUREMENT,
				MeasuredQuantity.SOC);
		List<RadioIr.UartField> faults = new ArrayList<>();
		for (RadioIr.UartField field : TelemetryStateEmitter.fields(pack)) {
			if (field.source().kind() == SignalSource.Kind.FAULT) {
				faults.add(field);
			}
		}
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Pack $L's BLE GATT layout: Battery Service 0x180F with Battery Level 0x2A19 (when the"
						+ " telemetry carries the SoC)\nand bmsgen's pack service, one characteristic per telemetry field"
						+ " (int32 little endian in its unit){@literal ,}\nplus the fault word when fault flags are"
						+ " modelled. {@link #start()} declares it, {@link #update} sets the values,\n{@link #notifyAll"
						+ "Characteristics()} sends them.\n$L\n", pack.name(), SourceFiles.traceLine(radio.trace()));
		type.addField(SourceFiles.hexConstantWide("BATTERY_SERVICE_UUID", 0x180F, "Battery Service (Bluetooth SIG"
				+ " assigned numbers).", radio.trace()));
		type.addField(SourceFiles.hexConstantWide("BATTERY_LEVEL_UUID", 0x2A19, "Battery Level, uint8 0..100 %"
				+ " (Battery Service 1.0, 3.1).", radio.trace()));
		type.addField(SourceFiles.constant(TypeName.LONG, "BASE_HIGH", CodeBlock.of("0x$LL",
				Long.toHexString(BASE_HIGH)), "High 64 bits of bmsgen's UUID base; bits 96..111 hold the number of the"
						+ " service or characteristic.", radio.trace()));
		type.addField(SourceFiles.constant(TypeName.LONG, "BASE_LOW", CodeBlock.of("0x$LL",
				Long.toHexString(BASE_LOW)), "Low 64 bits of bmsgen's UUID base.", radio.trace()));
		type.addField(SourceFiles.hexConstantWide("PACK_SERVICE", PACK_SERVICE, "Number of the pack service in the"
				+ " UUID base.", radio.trace()));
		type.addField(SourceFiles.hexConstantWide("FIELD_CHARACTERISTIC_BASE", FIELD_CHARACTERISTIC_BASE, "Number of"
				+ " the characteristic of telemetry field 0; field i is this + i.", radio.trace()));
		type.addField(SourceFiles.hexConstantWide("FAULT_WORD_CHARACTERISTIC", FAULT_WORD_CHARACTERISTIC, "Number of"
				+ " the fault word characteristic.", radio.trace()));
		type.addField(SourceFiles.booleanConstant("HAS_BATTERY_LEVEL", soc != null, "True when a telemetry frame"
				+ " carries the SoC, so the Battery Service is declared.", soc == null ? radio.trace() : soc.trace()));
		type.addField(SourceFiles.intConstant("FAULT_FIELD_COUNT", faults.size(), "Telemetry fields that are fault"
				+ " flags (the fault word is declared when there are any).", radio.trace()));
		List<CodeBlock> faultFields = new ArrayList<>();
		List<CodeBlock> faultBits = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (RadioIr.UartField field : faults) {
			faultFields.add(CodeBlock.of("$T.$L", telemetry, TelemetryStateEmitter.fieldConstant(pack, field)));
			faultBits.add(CodeBlock.of("$L", field.source().protection()));
			comments.add(field.name() + ", " + field.trace());
		}
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "FAULT_FIELDS", Modifier.PRIVATE,
				Modifier.STATIC, Modifier.FINAL).addJavadoc("The telemetry fields that are fault flags.\n")
				.initializer(faults.isEmpty() ? CodeBlock.of("{}") : SourceFiles.table(faultFields, comments)).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "FAULT_BITS", Modifier.PRIVATE,
				Modifier.STATIC, Modifier.FINAL).addJavadoc("Each fault flag's bit in the fault word: its protection's"
						+ " index.\n")
				.initializer(faults.isEmpty() ? CodeBlock.of("{}") : SourceFiles.table(faultBits, comments)).build());
		type.addField(FieldSpec.builder(gatt, "gatt", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "fieldHandles", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new int[$T.FIELD_COUNT]", telemetry).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "value", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("One characteristic's value bytes, reused.\n").initializer("new byte[4]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "batteryLevelHandle", Modifier.PRIVATE).initializer("-1").build());
		type.addField(FieldSpec.builder(TypeName.INT, "faultWordHandle", Modifier.PRIVATE).initializer("-1").build());
		type.addField(FieldSpec.builder(TypeName.INT, "notifyFailures", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(gatt, "gatt")
				.addJavadoc("@param gatt the BLE stack's GATT server, not yet started\n")
				.addStatement("this.gatt = gatt").build());
		type.addMethod(MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Declares the services and characteristics (before {@link $T#start()}).\n@return {@link"
						+ " $T#OK} or the first failure of the GATT server\n", gatt, status)
				.addStatement("int properties = $T.PROPERTY_READ | $T.PROPERTY_NOTIFY", gatt, gatt)
				.beginControlFlow("if (HAS_BATTERY_LEVEL)")
				.addStatement("int battery = gatt.addService(BATTERY_SERVICE_UUID)")
				.beginControlFlow("if (battery < 0)").addStatement("return battery").endControlFlow()
				.addStatement("batteryLevelHandle = gatt.addCharacteristic(battery, BATTERY_LEVEL_UUID, properties)")
				.beginControlFlow("if (batteryLevelHandle < 0)").addStatement("return batteryLevelHandle")
				.endControlFlow().endControlFlow()
				.addStatement("int service = gatt.addService128(uuidHigh(PACK_SERVICE), BASE_LOW)")
				.beginControlFlow("if (service < 0)").addStatement("return service").endControlFlow()
				.beginControlFlow("for (int field = 0; field < $T.FIELD_COUNT; field++)", telemetry)
				.addStatement("fieldHandles[field] = gatt.addCharacteristic128(service,"
						+ " uuidHigh(FIELD_CHARACTERISTIC_BASE + field), BASE_LOW, properties)")
				.beginControlFlow("if (fieldHandles[field] < 0)").addStatement("return fieldHandles[field]")
				.endControlFlow().endControlFlow()
				.beginControlFlow("if (FAULT_FIELD_COUNT > 0)")
				.addStatement("faultWordHandle = gatt.addCharacteristic128(service, uuidHigh(FAULT_WORD_CHARACTERISTIC),"
						+ " BASE_LOW, properties)")
				.beginControlFlow("if (faultWordHandle < 0)").addStatement("return faultWordHandle").endControlFlow()
				.endControlFlow()
				.addStatement("return $T.OK", status).build());
		type.addMethod(MethodSpec.methodBuilder("uuidHigh").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(TypeName.INT, "number")
				.addJavadoc("@param number a service's or characteristic's number\n@return the high 64 bits of its"
						+ " UUID (the low ones are {@link #BASE_LOW})\n")
				.addStatement("return BASE_HIGH | ((long) number << 32)").build());
		type.addMethod(MethodSpec.methodBuilder("batteryLevelPercent").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "socBp")
				.addJavadoc("@param socBp state of charge in 0.01 %\n@return Battery Level: whole percent, rounded,"
						+ " 0..100\n")
				.addStatement("int percent = (socBp + 50) / 100")
				.addStatement("return percent < 0 ? 0 : (percent > 100 ? 100 : percent)").build());
		MethodSpec.Builder update = MethodSpec.methodBuilder("update").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT).addParameter(telemetry, "telemetry")
				.addJavadoc("Sets every characteristic's value from the telemetry state.\n@param telemetry the latest"
						+ " values\n@return {@link $T#OK} or the last failure of the GATT server\n", status)
				.addStatement("int result = $T.OK", status);
		if (soc != null) {
			update.beginControlFlow("if (batteryLevelHandle >= 0)")
					.addStatement("value[0] = (byte) batteryLevelPercent(telemetry.value($T.$L))", telemetry,
							TelemetryStateEmitter.fieldConstant(pack, soc))
					.addStatement("result = worst(result, gatt.setValue(batteryLevelHandle, value, 0, 1))")
					.endControlFlow();
		}
		update.beginControlFlow("for (int field = 0; field < $T.FIELD_COUNT; field++)", telemetry)
				.beginControlFlow("if (fieldHandles[field] >= 0)")
				.addStatement("putInt(telemetry.value(field))")
				.addStatement("result = worst(result, gatt.setValue(fieldHandles[field], value, 0, 4))")
				.endControlFlow().endControlFlow()
				.beginControlFlow("if (faultWordHandle >= 0)")
				.addStatement("int word = 0")
				.beginControlFlow("for (int i = 0; i < FAULT_FIELD_COUNT; i++)")
				.beginControlFlow("if (telemetry.value(FAULT_FIELDS[i]) != 0)").addStatement("word |= 1 << FAULT_BITS[i]")
				.endControlFlow().endControlFlow()
				.addStatement("putInt(word)")
				.addStatement("result = worst(result, gatt.setValue(faultWordHandle, value, 0, 4))")
				.endControlFlow().addStatement("return result");
		type.addMethod(update.build());
		type.addMethod(MethodSpec.methodBuilder("notifyAllCharacteristics").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT)
				.addJavadoc("Notifies every characteristic's value to the subscribed clients.\n@return {@link $T#OK} or"
						+ " the last failure (counted in {@link #notifyFailures()})\n", status)
				.addStatement("int result = notifyOne(batteryLevelHandle, $T.OK)", status)
				.beginControlFlow("for (int field = 0; field < $T.FIELD_COUNT; field++)", telemetry)
				.addStatement("result = notifyOne(fieldHandles[field], result)").endControlFlow()
				.addStatement("return notifyOne(faultWordHandle, result)").build());
		type.addMethod(MethodSpec.methodBuilder("notifyOne").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addParameter(TypeName.INT, "handle").addParameter(TypeName.INT, "result")
				.beginControlFlow("if (handle < 0)").addStatement("return result").endControlFlow()
				.addStatement("int sent = gatt.notify(handle)")
				.beginControlFlow("if (sent < 0)").addStatement("notifyFailures++").addStatement("return sent")
				.endControlFlow().addStatement("return result").build());
		type.addMethod(MethodSpec.methodBuilder("notifyFailures").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return notifications the GATT server refused so far\n")
				.addStatement("return notifyFailures").build());
		type.addMethod(MethodSpec.methodBuilder("worst").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "result").addParameter(TypeName.INT, "status")
				.addStatement("return status < 0 ? status : result").build());
		type.addMethod(MethodSpec.methodBuilder("putInt").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "number")
				.addStatement("value[0] = (byte) number").addStatement("value[1] = (byte) (number >> 8)")
				.addStatement("value[2] = (byte) (number >> 16)").addStatement("value[3] = (byte) (number >> 24)")
				.build());
		return SourceFiles.file(pack, FirmwareImage.ESP32, "BLE GATT service", type.build());
	}
}
