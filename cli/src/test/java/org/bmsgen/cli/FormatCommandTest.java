package org.bmsgen.cli;

import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.BmsLanguage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsgen.dsl.BmsRuntimeModule;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.formatting2.BmsFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/** `bmsgen format`: rewrites safely, refuses files with syntax errors, --check writes nothing. */
class FormatCommandTest {

	private static final String UNFORMATTED = "// why: DS 9.2\npack P {   flash W25Q128JV\n  fets 6 back-to-back // six\n"
			+ "mcu STM32G431 { period 250 ms }}\n";

	private static final String FORMATTED = "// why: DS 9.2\npack P {\n\tflash W25Q128JV\n\tfets 6 back-to-back // six\n"
			+ "\tmcu STM32G431 {\n\t\tperiod 250 ms\n\t}\n}\n";

	@TempDir
	Path dir;

	private Path write(String name, String text) throws IOException {
		Path file = dir.resolve(name);
		Files.writeString(file, text);
		return file;
	}

	@Test
	void rewritesInPlaceKeepingComments() throws IOException {
		Path file = write("p.bms", UNFORMATTED);
		Run run = Run.of("format", file.toString()).exits(0).clean();
		assertEquals(FORMATTED, Files.readString(file));
		assertEquals("formatted " + file, run.out().strip());
		assertEquals("1 file reformatted, 0 unchanged", run.lastErrLine());
		try (var siblings = Files.list(dir)) {
			assertEquals(1, siblings.count(), "temporary file left behind");
		}
	}

	@Test
	void check_listsUnformattedFilesWritesNothingExitsOne() throws IOException {
		Path file = write("p.bms", UNFORMATTED);
		Path ok = write("ok.bms", FORMATTED);
		Run run = Run.of("format", "--check", file.toString(), ok.toString()).exits(1).clean();
		assertEquals(file.toString(), run.out().strip());
		assertEquals(UNFORMATTED, Files.readString(file));
		assertEquals("1 file of 2 would be reformatted", run.lastErrLine());
	}

	@Test
	void check_formattedFilesExitZero() throws IOException {
		Path ok = write("ok.bms", FORMATTED);
		Run run = Run.of("format", ok.toString(), "--check").exits(0).clean();
		assertEquals("", run.out());
	}

	@Test
	void check_referenceModelsAreFormatted() {
		Run.of("format", "--check", Run.models().toString()).exits(0).clean();
	}

	@Test
	void formattingTwiceChangesNothing() throws IOException {
		Path file = write("p.bms", UNFORMATTED);
		Run.of("format", file.toString()).exits(0);
		Run second = Run.of("format", file.toString()).exits(0).clean();
		assertEquals("", second.out());
		assertEquals(FORMATTED, Files.readString(file));
	}

	@Test
	void syntaxErrors_fileNotTouchedExitOne() throws IOException {
		String broken = "pack P {   fets back-to-back\n}\n";
		Path file = write("broken.bms", broken);
		Run run = Run.of("format", file.toString()).exits(1).clean();
		assertTrue(run.errLines().get(0).matches(Run.DIAGNOSTIC.pattern()), run.toString());
		assertTrue(run.err().contains(file + ": not formatted: fix the errors above first"), run.toString());
		assertEquals(broken, Files.readString(file));
	}

	@Test
	void repeatedStatement_refusedAtItsLineFileUntouched() throws IOException {
		String repeated = "pack P {\n\tmcu STM32G431 {\n\t\tperiod 250 ms\n\t}\n\tradio ESP32 {\n\t\tuart 115200 baud\n"
				+ "\t\tuart 9600 baud\n\t}\n}\n";
		Path file = write("repeated.bms", repeated);
		Run run = Run.of("format", file.toString()).exits(1).clean();
		assertTrue(run.errLines().get(0).startsWith(file + ":6:1: error: line 6 repeats a statement"), run.toString());
		assertEquals(repeated, Files.readString(file));
	}

	@Test
	void badInput_sameMessagesAsCheck() throws IOException {
		Path binary = dir.resolve("binary.bms");
		Files.write(binary, new byte[] { 'p', 0 });
		Run run = Run.of("format", binary.toString()).exits(1).clean();
		assertTrue(run.err().startsWith(binary + ":1:2: error: not a text file"), run.toString());
		Run.of("format", dir.resolve("missing.bms").toString()).exits(2).clean();
	}

	@Test
	void utf8ByteOrderMark_kept() throws IOException {
		Path file = write("bom.bms", "\uFEFF" + UNFORMATTED);
		Run.of("format", file.toString()).exits(0).clean();
		assertEquals("\uFEFF" + FORMATTED, Files.readString(file, StandardCharsets.UTF_8));
	}

	/** A formatter bug that changes a number is caught by the token comparison: nothing is written. */
	@Test
	void formatterThatWouldChangeMeaning_refusedFileUntouched() throws IOException {
		Injector broken = Guice.createInjector(Modules.override(new BmsRuntimeModule())
				.with(binder -> binder.bind(IFormatter2.class).to(NumberChangingFormatter.class)));
		BmsLanguage.injector();
		Path file = write("p.bms", UNFORMATTED);
		byte[] before = Files.readAllBytes(file);
		ModelFormatter.Result result = new ModelFormatter(broken).format(ModelFile.of(file), true);
		assertEquals(ModelFormatter.Outcome.REFUSED, result.outcome());
		assertTrue(result.diagnostics().get(0).message().contains("'6' became '7'"), result.toString());
		assertArrayEquals(before, Files.readAllBytes(file));
	}

	/** Lays out like the real formatter but turns a 6 into a 7. */
	public static class NumberChangingFormatter extends BmsFormatter {
		@Override
		protected void format(Model model, IFormattableDocument doc) {
			super.format(model, doc);
			for (ISemanticRegion token : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
				if (token.getText().equals("6")) {
					doc.addReplacer(new ITextReplacer() {
						@Override
						public ITextSegment getRegion() {
							return token;
						}

						@Override
						public ITextReplacerContext createReplacements(ITextReplacerContext context) {
							context.addReplacement(token.replaceWith("7"));
							return context;
						}
					});
					return;
				}
			}
		}
	}
}
