package org.bmsgen.generator.firmware;

import java.util.List;

import org.bmsgen.generator.artifacts.ArtifactHeader;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;

/**
 * What the generated test harnesses share: their package ({@code org.bmsgen.firmware.<pack>.harness}, next to the
 * two images' packages), the file header, JUnit's names. A harness is test code (Java 17, JUnit 5, the simulator
 * allowed), not firmware: the firmware profile does not apply to it.
 */
final class HarnessSources {

	static final String SEGMENT = "harness";

	static final ClassName TEST = ClassName.get("org.junit.jupiter.api", "Test");
	static final ClassName BEFORE_EACH = ClassName.get("org.junit.jupiter.api", "BeforeEach");
	static final ClassName AFTER_ALL = ClassName.get("org.junit.jupiter.api", "AfterAll");
	static final ClassName ASSERTIONS = ClassName.get("org.junit.jupiter.api", "Assertions");

	private HarnessSources() {
	}

	/** {@code org.bmsgen.firmware.smart4s.harness}. */
	static String packageName(PackIr pack) {
		return FirmwarePackage.of(pack) + "." + SEGMENT;
	}

	/** A class of the pack's STM32 image. */
	static ClassName stm32(PackIr pack, String simpleName) {
		return ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), simpleName);
	}

	static ClassName harness(PackIr pack, String simpleName) {
		return ClassName.get(packageName(pack), simpleName);
	}

	/** The file of a harness class, with the artifacts' header and JUnit's assertions imported statically. */
	static GeneratedSource file(PackIr pack, String what, TypeSpec type) {
		JavaFile.Builder file = JavaFile.builder(packageName(pack), type).skipJavaLangImports(true).indent("    ")
				.addStaticImport(ASSERTIONS, "assertEquals", "assertTrue", "assertFalse");
		List<String> header = ArtifactHeader.lines(pack, what);
		file.addFileComment("$L", String.join("\n", header));
		return new GeneratedSource(packageName(pack), type.name(), file.build().toString());
	}

	/** {@code cellOvervoltage} -> {@code CellOvervoltage}; {@code Init} stays. */
	static String capitalized(String name) {
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	/** {@code Standby} -> {@code standby}. */
	static String decapitalized(String name) {
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}
}
