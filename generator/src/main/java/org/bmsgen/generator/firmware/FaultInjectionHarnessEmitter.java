package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ProtectionIr.Watched;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code FaultInjectionHarnessTest.java}: both generated firmwares on the pack's simulated board with a hardware
 * fault injected: the AFE no longer answering on I2C, a cell sense wire open, the thermistor open. The firmware
 * must reach its safe state within the modelled time: the protection that watches for the fault raised within its
 * delay plus the control period (plus the period it takes to see it), and, where the fault leaves the AFE
 * reachable, both FETs open in the chip. Delays and protection indices are printed from the IR. A stuck FET is not
 * here: the model has no protection that watches the FETs' effect, so no modelled time to hold the firmware to.
 */
public final class FaultInjectionHarnessEmitter {

	public static final String TYPE_NAME = "FaultInjectionHarnessTest";

	public List<GeneratedSource> emit(PackIr pack) {
		if (BoardSpec.of(pack) == null || pack.afe() == null) {
			return List.of();
		}
		ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
		long periodUs = pack.control().periodMs() * 1000L;
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("Hardware faults injected into pack $L's simulated board: the firmware reaches its safe"
						+ " state in the modelled time.\n$L\n", pack.name(), SourceFiles.traceLine(pack.trace()));
		type.addField(FieldSpec.builder(TypeName.LONG, "PERIOD_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$LL", periodUs).addJavadoc("The control period.\n$L\n",
						SourceFiles.traceLine(pack.control().trace())).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "TEMPERATURE_UPDATE_US", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).initializer("2_000_000L").addJavadoc("The BQ769x0 converts the thermistor inputs every"
						+ " 2 s (DS 8.3.1.1).\n").build());
		type.addField(FieldSpec.builder(TypeName.LONG, "STEP_US", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("10_000L").addJavadoc("The time resolution of the measurements here.\n").build());
		type.addMethod(MethodSpec.methodBuilder("settled").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(simulatedPack)
				.addJavadoc("The pack powered and run 5 s at rest: no fault, both FETs closed.\n")
				.addStatement("$T pack = new $T(0xFA17L)", simulatedPack, simulatedPack)
				.addStatement("pack.powerOn()").addStatement("pack.advanceSeconds(5)")
				.addStatement("assertEquals(0, pack.stm32().state().faultWord, \"no fault before the injection\")")
				.addStatement("assertTrue(pack.board().afe().chargeFetOn() && pack.board().afe().dischargeFetOn(),"
						+ " \"both FETs closed before the injection\")")
				.addStatement("return pack").build());
		type.addMethod(MethodSpec.methodBuilder("untilFault").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(simulatedPack, "pack").addParameter(TypeName.INT, "mask")
				.addParameter(TypeName.LONG, "limitMicros")
				.addJavadoc("Runs until a fault of {@code mask} is raised; the time it took, or -1 past {@code"
						+ " limitMicros}.\n")
				.beginControlFlow("for (long elapsed = STEP_US; elapsed <= limitMicros; elapsed += STEP_US)")
				.addStatement("pack.board().advance(STEP_US)")
				.beginControlFlow("if ((pack.stm32().state().faultWord & mask) != 0)").addStatement("return elapsed")
				.endControlFlow().endControlFlow().addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("assertFetsOpenWithin").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(simulatedPack, "pack").addParameter(TypeName.LONG, "limitMicros")
				.addParameter(String.class, "what")
				.beginControlFlow("for (long elapsed = 0; elapsed <= limitMicros; elapsed += STEP_US)")
				.beginControlFlow("if (!pack.board().afe().chargeFetOn() && !pack.board().afe().dischargeFetOn())")
				.addStatement("return").endControlFlow().addStatement("pack.board().advance(STEP_US)").endControlFlow()
				.addStatement("assertFalse(pack.board().afe().chargeFetOn() || pack.board().afe().dischargeFetOn(),"
						+ " what + \": both FETs open\")").build());

		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.AFE_SILENCE) {
				type.addMethod(i2cErrors(protection));
			}
			if ("open-wire".equals(protection.kind())) {
				type.addMethod(openWire(protection, pack));
			}
		}
		List<ProtectionIr> cold = new ArrayList<>();
		for (ProtectionIr protection : pack.protections()) {
			if (protection.watched() == Watched.MIN_TEMPERATURE && !protection.onlyWhileCharging()) {
				cold.add(protection);
			}
		}
		if (!cold.isEmpty()) {
			type.addMethod(thermistorOpen(cold));
		}
		return List.of(HarnessSources.file(pack, "Fault injection harness", type.build()));
	}

	private static String title(ProtectionIr protection) {
		return protection.subject() + " " + protection.kind() + " for " + protection.delayUs() / 1000 + " ms";
	}

	private static MethodSpec i2cErrors(ProtectionIr protection) {
		return MethodSpec.methodBuilder(protection.name() + "_i2cErrors_faultWithinItsDelay")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Every I2C transfer to the AFE refused (NACK): $L raised no later than its delay plus two"
						+ " periods (the last\nanswer came up to a period before the injection); when the bus answers"
						+ " again both FETs are opened within two periods.\nModel: $L.\n", title(protection),
						protection.trace())
				.addStatement("var pack = settled()")
				.addStatement("pack.board().injectI2cFaults(1.0, 0)")
				.addStatement("long took = untilFault(pack, 1 << $L, $LL + 4 * PERIOD_US)", protection.index(),
						protection.delayUs())
				.addStatement("assertTrue(took > 0, \"$L not raised\")", protection.name())
				.addStatement("assertTrue(took <= $LL + 2 * PERIOD_US, \"$L raised after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("assertTrue(took >= $LL - PERIOD_US, \"$L raised early, after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("pack.board().clearI2cFaults()")
				.addStatement("assertFetsOpenWithin(pack, 2 * PERIOD_US, \"the bus answers again\")").build();
	}

	private static MethodSpec openWire(ProtectionIr protection, PackIr pack) {
		// a middle node: exists in every pack of two cells or more
		int node = Math.max(1, pack.cell().seriesCells() / 2);
		return MethodSpec.methodBuilder(protection.name() + "_senseWireOpen_safeWithinItsDelay")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Sense wire $L open: $L raised no later than its delay plus four periods (the AFE's"
						+ " conversion and the\nfirmware's check), and both FETs open one period later.\nModel: $L.\n",
						node, title(protection), protection.trace())
				.addStatement("var pack = settled()")
				.addStatement("pack.board().plant().setSenseWireOpen($L)", node)
				.addStatement("long took = untilFault(pack, 1 << $L, $LL + 8 * PERIOD_US)", protection.index(),
						protection.delayUs())
				.addStatement("assertTrue(took > 0, \"$L not raised\")", protection.name())
				.addStatement("assertTrue(took <= $LL + 4 * PERIOD_US, \"$L raised after \" + took + \" us\")",
						protection.delayUs(), protection.name())
				.addStatement("assertFetsOpenWithin(pack, PERIOD_US + STEP_US, \"$L\")", protection.name()).build();
	}

	private static MethodSpec thermistorOpen(List<ProtectionIr> cold) {
		long delayUs = 0;
		int mask = 0;
		StringBuilder names = new StringBuilder();
		for (ProtectionIr protection : cold) {
			delayUs = Math.max(delayUs, protection.delayUs());
			mask |= 1 << protection.index();
			names.append(names.length() == 0 ? "" : ", ").append(protection.name()).append(" (")
					.append(protection.trace()).append(')');
		}
		return MethodSpec.methodBuilder("thermistorOpen_coldFaultWithinItsDelay").addAnnotation(HarnessSources.TEST)
				.addJavadoc("The thermistor open (10 MOhm: the TS input reads far below every limit): one of $L"
						+ " raised\nno later than its delay plus the AFE's 2 s temperature update plus two periods.\n",
						names)
				.addStatement("var pack = settled()")
				.addStatement("pack.board().plant().setThermistorFault(1.0e7)")
				.addStatement("long took = untilFault(pack, 0x$L, $LL + 8 * PERIOD_US)", Integer.toHexString(mask),
						delayUs)
				.addStatement("assertTrue(took > 0, \"no cold fault: faultWord 0x\" +"
						+ " Integer.toHexString(pack.stm32().state().faultWord))")
				.addComment("bq76920.md, DS 8.3.1.1: the AFE updates its temperature readings every 2 s")
				.addStatement("assertTrue(took <= $LL + TEMPERATURE_UPDATE_US + 2 * PERIOD_US, \"raised after \" + took"
						+ " + \" us\")", delayUs)
				.build();
	}
}
