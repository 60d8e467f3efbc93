package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.dsl.bms.Model;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/**
 * A model being typed is incomplete most of the time: validating any prefix of a valid model must give
 * diagnostics, never an exception out of a check (the editor and the CLI would show a stack trace).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class TruncatedModelsTest {

	@Inject
	private ModelSnippets snippets;

	@Inject
	private ParseHelper<Model> parseHelper;

	@Inject
	private ValidationTestHelper validationHelper;

	@Test
	void everyPrefixOfTheExampleModel_validatesWithoutException() throws Exception {
		String text = snippets.model()
				.then("pack Variant extends TestPack { cells 3S1P TestCell balancing passive { max 3 cells adjacent on } }")
				.text();
		List<Integer> cuts = new ArrayList<>();
		for (int i = 0; i < text.length(); i += 37) {
			cuts.add(i);
		}
		for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
			cuts.add(i);
		}
		for (int cut : cuts) {
			String prefix = text.substring(0, cut);
			Model model = parseHelper.parse(prefix);
			if (model != null) {
				assertDoesNotThrow(() -> validationHelper.validate(model), () -> "validating:\n" + prefix);
			}
		}
		assertTrue(cuts.size() > 100, "only " + cuts.size() + " prefixes tried");
	}
}
