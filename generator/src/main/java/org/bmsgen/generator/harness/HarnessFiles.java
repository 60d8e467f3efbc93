package org.bmsgen.generator.harness;

import java.util.List;

import org.bmsgen.generator.artifacts.ArtifactHeader;
import org.bmsgen.generator.firmware.FirmwarePackage;
import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;

/**
 * What the generated test sources share with the firmware's: the header (pack, model files, generator version; no
 * date), the {@code Model: file:line.} javadoc line, four-space indent; and their package,
 * {@code org.bmsgen.firmware.<pack>.harness}.
 */
public final class HarnessFiles {

	/** The last segment of the harness package. */
	public static final String SEGMENT = "harness";

	private HarnessFiles() {
	}

	/** {@code org.bmsgen.firmware.smart4s.harness}. */
	public static String packageOf(PackIr pack) {
		return FirmwarePackage.of(pack) + "." + SEGMENT;
	}

	/** A class of the pack's firmware image ("stm32", "Stm32Firmware"). */
	public static ClassName firmwareClass(PackIr pack, String image, String simpleName) {
		return ClassName.get(FirmwarePackage.of(pack) + "." + image, simpleName);
	}

	/** The file of a top-level test type with the generated header. */
	public static GeneratedSource file(PackIr pack, String what, TypeSpec type) {
		String packageName = packageOf(pack);
		JavaFile.Builder file = JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("    ");
		List<String> header = ArtifactHeader.lines(pack, what);
		file.addFileComment("$L", String.join("\n", header));
		return new GeneratedSource(packageName, type.name(), file.build().toString());
	}

	/** The javadoc line naming the model element a member comes from. */
	public static String traceLine(Trace trace) {
		return trace.line() == 0 ? "Model: no source line." : "Model: " + trace + ".";
	}
}
