package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * The complete models shown in the README (code blocks that start with {@code import} or {@code pack}) parse
 * and link, read as if they stood in models/ — so the documentation cannot drift from the grammar.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class DocumentationExamplesTest {

	private static final Pattern CODE_BLOCK = Pattern.compile("```\\n((?:import|pack|cell) .*?)```", Pattern.DOTALL);

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Test
	void readmeModelsParseAndLink() throws IOException {
		List<String> examples = examples(RepositoryRoot.get().resolve("README.md"));
		assertFalse(examples.isEmpty(), "the README shows no model");
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < examples.size(); i++) {
			XtextResourceSet resourceSet = resourceSets.get();
			// stands beside the real models so that its imports resolve as they would there
			Path where = RepositoryRoot.models().resolve(i == 0 ? "readme-example.bms" : "variants/readme-example.bms");
			Resource resource = resourceSet.createResource(URI.createFileURI(where.toString()));
			((XtextResource) resource).load(new java.io.ByteArrayInputStream(examples.get(i).getBytes(
					java.nio.charset.StandardCharsets.UTF_8)), resourceSet.getLoadOptions());
			EcoreUtil.resolveAll(resource);
			for (Resource.Diagnostic error : resource.getErrors()) {
				problems.add("example " + (i + 1) + " line " + error.getLine() + ": " + error.getMessage());
			}
		}
		assertEquals("", problems.stream().collect(Collectors.joining("\n")));
	}

	private static List<String> examples(Path markdown) throws IOException {
		Matcher matcher = CODE_BLOCK.matcher(Files.readString(markdown));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}
}
