package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.bmsgen.dsl.tests.ReportedIssues;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Inject;
import com.google.inject.Provider;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ModelStructureChecksTest {

	@Inject
	private ModelSnippets snippets;


	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@TempDir
	Path dir;

	private List<Issue> issues(Model model, String code) {
		return snippets.check(model).withCode(code);
	}

	/** Writes the files, then loads the first of them from disk the way the CLI does. */
	private Model load(String... namesAndTexts) throws IOException {
		for (int i = 0; i < namesAndTexts.length; i += 2) {
			Path file = dir.resolve(namesAndTexts[i]);
			Files.createDirectories(file.getParent());
			Files.writeString(file, namesAndTexts[i + 1]);
		}
		XtextResourceSet resources = resourceSets.get();
		Model model = (Model) resources.getResource(URI.createFileURI(dir.resolve(namesAndTexts[0]).toString()), true)
				.getContents().get(0);
		assertNotNull(model);
		return model;
	}

	@Test
	void checkExtendsCycle_chain_noError() throws Exception {
		Model model = snippets.parse("pack A1 { }\npack A2 extends A1 { }\npack A3 extends A2 { }");
		snippets.check(model).assertNone(IssueCodes.EXTENDS_CYCLE);
	}

	@Test
	void checkExtendsCycle_threePackCycle_isErrorOnEachPack() throws Exception {
		Model model = snippets.parse("pack A1 extends A3 { }\npack A2 extends A1 { }\npack A3 extends A2 { }\n"
				+ "pack Outside extends A1 { }");
		List<Issue> found = issues(model, IssueCodes.EXTENDS_CYCLE);
		assertEquals(List.of(1, 2, 3), found.stream().map(Issue::getLineNumber).sorted().collect(Collectors.toList()),
				ReportedIssues.describe(found));
		snippets.check(model).assertError(BmsPackage.Literals.PACK, IssueCodes.EXTENDS_CYCLE,
				"pack A1 extends itself through A1 extends A3 extends A2 extends A1");
	}

	@Test
	void checkExtendsCycle_selfExtension_isError() throws Exception {
		Model model = snippets.parse("pack Loop extends Loop { }");
		snippets.check(model).assertError(BmsPackage.Literals.PACK, IssueCodes.EXTENDS_CYCLE,
				"pack Loop extends itself through Loop extends Loop");
	}

	@Test
	void checkImportResolves_existingFile_noError() throws Exception {
		Model model = load("main.bms", "import \"cells/c.bms\"\npack P { cells 4S1P C }", "cells/c.bms",
				"cell C { chemistry NCA }");
		snippets.check(model).assertNone(IssueCodes.UNRESOLVED_IMPORT);
	}

	@Test
	void checkImportResolves_missingFile_isErrorNamingThePath() throws Exception {
		Model model = load("main.bms", "import \"cells/missing.bms\"\npack P { }");
		snippets.check(model).assertError(BmsPackage.Literals.IMPORT, IssueCodes.UNRESOLVED_IMPORT,
				"import \"cells/missing.bms\" does not resolve: there is no file " + dir.resolve("cells/missing.bms"));
	}

	@Test
	void checkImportResolves_notABmsFile_isError() throws Exception {
		Model model = load("main.bms", "import \"notes.txt\"\npack P { }", "notes.txt", "not a model");
		snippets.check(model).assertError(BmsPackage.Literals.IMPORT, IssueCodes.UNRESOLVED_IMPORT,
				"import \"notes.txt\" does not name a .bms file");
	}

	@Test
	void checkDuplicateNames_distinctNames_noError() throws Exception {
		Model model = load("main.bms", "import \"c.bms\"\ncell Other { }\npack P { }\npack Q { }", "c.bms",
				"cell C { }");
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_NAME);
	}

	@Test
	void checkDuplicateNames_cellAndPackMayShareAName_noError() throws Exception {
		Model model = snippets.parse("cell Smart { }\npack Smart { }");
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_NAME);
	}

	@Test
	void checkDuplicateNames_twoPacksInOneFile_isError() throws Exception {
		Model model = snippets.parse("pack P { }\npack P { }");
		List<Issue> found = issues(model, IssueCodes.DUPLICATE_NAME);
		assertEquals(2, found.size(), ReportedIssues.describe(found));
		snippets.check(model).assertError(BmsPackage.Literals.PACK, IssueCodes.DUPLICATE_NAME,
				"pack P is defined 2 times (this file line 1, this file line 2)");
	}

	@Test
	void checkDuplicateNames_cellAlsoInImportedFile_isError() throws Exception {
		Model model = load("main.bms", "import \"c.bms\"\ncell C { }\npack P { }", "c.bms", "cell C { chemistry NCA }");
		snippets.check(model).assertError(BmsPackage.Literals.CELL, IssueCodes.DUPLICATE_NAME,
				"cell C is defined 2 times (this file line 2, c.bms line 1)");
	}

	@Test
	void checkDuplicateNames_twoImportsWithTheSameCell_isErrorOnSecondImport() throws Exception {
		Model model = load("main.bms", "import \"a.bms\"\nimport \"b.bms\"\npack P { }", "a.bms", "cell C { }", "b.bms",
				"cell C { }");
		Issue issue = snippets.check(model).assertError(BmsPackage.Literals.IMPORT, IssueCodes.DUPLICATE_NAME,
				"this import brings in a second cell C (a.bms line 1, b.bms line 1)");
		assertEquals(2, issue.getLineNumber().intValue());
	}
}
