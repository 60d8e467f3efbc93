package org.bmsgen.dsl.formatting2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.RepositoryRoot;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.StringInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** Input -> expected text pairs for the .bms layout, and the models/ files are already in it. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class BmsFormatterTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private BmsFormatting formatting;

	private int counter;

	private XtextResource parse(String text, URI uri) throws Exception {
		XtextResourceSet set = resourceSets.get();
		XtextResource resource = (XtextResource) set.createResource(uri);
		resource.load(new StringInputStream(text, "UTF-8"), null);
		assertEquals(List.of(), resource.getErrors().stream().map(Object::toString).collect(Collectors.toList()),
				"syntax errors in test input");
		return resource;
	}

	private String format(String text) throws Exception {
		return formatting.format(parse(text, URI.createURI("memory:/test" + counter++ + ".bms")));
	}

	/** Formats, checks the expected text, that the meaning is unchanged and that formatting again changes nothing. */
	private void assertFormatted(String expected, String input) throws Exception {
		String formatted = format(input);
		assertEquals(expected, formatted);
		assertNull(BmsFormatting.firstDifference(input, formatted));
		assertEquals(formatted, format(formatted), "formatting is not idempotent");
	}

	@Test
	void blockContentsIndentedWithTabsOneStatementPerLine() throws Exception {
		assertFormatted("""
				pack P {
				\tmcu STM32G431 {
				\t\tperiod 250 ms
				\t\twatchdog 1 s
				\t}
				\tflash W25Q128JV
				}
				""", "pack   P{mcu STM32G431{period 250    ms watchdog 1 s}flash W25Q128JV}");
	}

	@Test
	void oneBlankLineBetweenTopLevelElementsImportsOnePerLine() throws Exception {
		assertFormatted("""
				import "a.bms"
				import "b.bms"

				cell First {
				\tchemistry NCA
				}

				cell Second {
				}
				""", "import \"a.bms\" import \"b.bms\"\ncell First { chemistry NCA }\n\n\n\ncell Second {}");
	}

	@Test
	void protectionsOnePerLineSingleSpacesInside() throws Exception {
		assertFormatted("""
				pack P {
				\tprotection {
				\t\tcell overvoltage above 4.20 V for 2 s release below 4.10 V by afe
				\t\tdischarge undertemperature below -20 degC for 2 s
				\t}
				}
				""", "pack P { protection { cell overvoltage above 4.20 V\n for 2 s release below 4.10 V by afe "
				+ "discharge undertemperature below - 20 degC for 2 s } }");
	}

	@Test
	void statesAndTransitionsOnePerLine() throws Exception {
		assertFormatted("""
				pack P {
				\tstatemachine Control {
				\t\tinitial Init
				\t\tstate Init {
				\t\t\tentry configure afe
				\t\t\ton afe-ready -> Standby
				\t\t}
				\t\tstate Standby {
				\t\t\tentry disable charge, discharge
				\t\t\twhen current above 0.2 A after 2 s -> Init
				\t\t}
				\t\ton any fault -> Init
				\t}
				}
				""", "pack P { statemachine Control { initial Init state Init { entry configure afe on afe-ready -> Standby }"
				+ " state Standby { entry disable charge , discharge when current above 0.2 A after 2 s -> Init } on any fault -> Init } }");
	}

	@Test
	void signalsOnePerLineBitFieldsAndIndicesWithoutSpaces() throws Exception {
		assertFormatted("""
				pack P {
				\tafe BQ76920 {
				\t\tchannels [1, 2, 3, 5]
				\t}
				\tcan message M id 0x100 every 100 ms {
				\t\tsignal v 0|16 unsigned scale 0.001 V from pack-voltage
				\t\tsignal c 16|16 unsigned scale 0.001 V from min-cell[2]
				\t}
				}
				""", "pack P { afe BQ76920 { channels [ 1 ,2,3 , 5 ] } can message M id 0x100 every 100 ms {"
				+ " signal v 0 | 16 unsigned scale 0.001 V from pack-voltage signal c 16|16 unsigned scale 0.001 V from min-cell [ 2 ] } }");
	}

	@Test
	void shortTableStaysOnOneLine() throws Exception {
		assertFormatted("""
				pack P {
				\tlimits {
				\t\tcharge 6 A
				\t\tderate charge by soc { 0 %: 0 %, 100 %: 100 % }
				\t}
				}
				""", "pack P { limits { charge 6 A derate charge by soc {0 % :0 %,100 %:100 %} } }");
	}

	@Test
	void multiLineTableKeepsItsLineBreaksAndIndentsRows() throws Exception {
		assertFormatted("""
				cell C {
				\tocv at 25 degC {
				\t\t0 %: 2.5 V, 50 %: 3.6 V,
				\t\t100 %: 4.2 V
				\t}
				}
				""", "cell C { ocv at 25 degC { 0 %: 2.5 V,   50 %: 3.6 V,\n\n   100 %: 4.2 V } }");
	}

	@Test
	void oneBlankLineInsideBlocksIsKeptMoreAreCollapsed() throws Exception {
		assertFormatted("""
				pack P {
				\tflash W25Q128JV

				\tfets 6 back-to-back
				\tmcu STM32G431 {
				\t}
				}
				""", "pack P {\n\tflash W25Q128JV\n\n\n\n\tfets 6 back-to-back\n\tmcu STM32G431 { }\n}");
	}

	@Test
	void commentsKeptByteForByteAndTrailingWhitespaceRemoved() throws Exception {
		String input = "// header   comment  \n/* block\n   *  kept */\npack P {   \n  //  odd   spacing\n"
				+ "    flash W25Q128JV // trailing\n  afe BQ76920 {\n/*x*/ crc on\n  }\n}\n";
		String formatted = format(input);
		assertNull(BmsFormatting.firstDifference(input, formatted));
		assertTrue(formatted.contains("// header   comment  \n"), formatted);
		assertTrue(formatted.contains("/* block\n   *  kept */"), formatted);
		assertTrue(formatted.contains("//  odd   spacing\n"), formatted);
		assertTrue(formatted.contains("flash W25Q128JV // trailing\n"), formatted);
		assertEquals(formatted, format(formatted), "formatting is not idempotent");
		for (String line : formatted.split("\n", -1)) {
			if (!line.startsWith("// header")) {
				assertEquals(line.stripTrailing(), line, "trailing whitespace in: " + formatted);
			}
		}
	}

	@Test
	void commentsInsideStatementsAndAroundBraces() throws Exception {
		assertFormatted("pack P { // why\n"
				+ "\t// before\n"
				+ "\tfets /* six */ 6 // count\n"
				+ "\tback-to-back\n"
				+ "\tmcu STM32G431 {\n"
				+ "\t\tperiod 250 ms\n"
				+ "\t\t// last\n"
				+ "\t}\n"
				+ "} // end\n"
				+ "\n"
				+ "// the next one\n"
				+ "\n"
				+ "// says why\n"
				+ "pack Q {\n"
				+ "}\n",
				"pack P { // why\n// before\nfets /* six */ 6 // count\n back-to-back\n"
				+ "mcu STM32G431 { period 250 ms\n  // last\n}\n} // end\n// the next one\n\n\n\n// says why\npack Q {}");
	}

	@Test
	void headerCommentThenBlankLineKept() throws Exception {
		assertFormatted("// header\n\nimport \"x.bms\"\n\n/* doc */\npack P {\n}\n",
				"// header\n\n\n  import \"x.bms\"\n/* doc */\npack P {}");
		assertFormatted("import \"x.bms\" /* trailing */\n\npack P {\n}\n", "import \"x.bms\" /* trailing */ pack P {}");
	}

	@Test
	void crlfFileKeepsCrlf() throws Exception {
		assertFormatted("// why\r\npack P {\r\n\tflash W25Q128JV // spi\r\n\tfets 6 back-to-back\r\n}\r\n",
				"// why\r\npack P {  flash W25Q128JV // spi\r\nfets 6 back-to-back }");
	}

	@Test
	void statementRepeatedInItsBlock_refusedWithItsLine() throws Exception {
		BmsFormatting.UnformattableException refused = assertThrows(BmsFormatting.UnformattableException.class,
				() -> format("pack P {\n\tradio ESP32 {\n\t\tuart 115200 baud\n\t\tuart 9600 baud\n\t}\n}\n"));
		assertEquals(3, refused.line());
	}

	@Test
	void lineCommentAtTheEndOfTheFileGetsALineBreak() throws Exception {
		assertFormatted("pack P {\n}\n// last words\n", "pack P {\n}\n// last words");
	}

	@Test
	void fileWithOnlyCommentsIsLeftAlone() throws Exception {
		String input = "// nothing here yet  \n/* later */\n";
		assertEquals(input, format(input));
	}

	@Test
	void firstDifferenceFindsADroppedOrChangedToken() {
		assertNull(BmsFormatting.firstDifference("pack P {\n}", "pack   P\n{ }"));
		assertNotNull(BmsFormatting.firstDifference("pack P { } // c", "pack P { }"));
		assertNotNull(BmsFormatting.firstDifference("pack P { } // c", "pack P { } //c"));
		assertNotNull(BmsFormatting.firstDifference("pack P { fets 6 }", "pack P { fets 5 }"));
		assertNull(BmsFormatting.firstDifference("pack P { } // c", "pack P { } // c\n"));
		assertNotNull(BmsFormatting.firstDifference("pack P { } // c\npack Q { }", "pack P { } // c pack Q { }"));
	}

	static Stream<Path> models() throws Exception {
		try (Stream<Path> files = Files.walk(RepositoryRoot.models())) {
			return files.filter(p -> p.toString().endsWith(".bms")).sorted().collect(Collectors.toList()).stream();
		}
	}

	/** So that `bmsgen format --check models` passes: the reference models are in the formatter's layout. */
	@ParameterizedTest
	@MethodSource("models")
	void modelIsAlreadyFormatted(Path model) throws Exception {
		String text = Files.readString(model, StandardCharsets.UTF_8);
		XtextResource resource = parse(text, URI.createFileURI(model.toAbsolutePath().toString()));
		String formatted = formatting.format(resource);
		assertNull(BmsFormatting.firstDifference(text, formatted));
		assertEquals(text, formatted, model + " is not formatted");
	}
}
