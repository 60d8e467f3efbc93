package org.bmsgen.firmware.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.bmsgen.firmware.smart4s.harness.ModelCoverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTML coverage page the generated ModelCoverage writes beside its text report (reference pack's class, fed
 * hand-made categories: the harness's own state is not touched, so the coverage gate is unaffected). The page is
 * parsed as XML: its structure, the shares computed by hand, the gaps listed, escaping, and the index over the packs'
 * text reports.
 */
class ModelCoveragePageTest {

	private static Document parse(String html) throws Exception {
		assertTrue(html.startsWith("<!DOCTYPE html>\n"), "HTML5 doctype");
		String xml = html.substring("<!DOCTYPE html>\n".length()).replace("&#10003;", "v").replace("&#10007;", "x");
		var factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
	}

	private static List<String> texts(Document document, String tag) {
		NodeList nodes = document.getElementsByTagName(tag);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent());
		}
		return texts;
	}

	@Test
	void page_sharesPerCategoryAndTheGapsListed() throws Exception {
		Map<String, Set<String>> model = new LinkedHashMap<>();
		model.put("transitions fired", Set.of("A -> B", "B -> C", "C -> A"));
		model.put("protections tripped", Set.of("cellOvervoltage"));
		model.put("empty category", Set.of());
		Map<String, Set<String>> exercised = Map.of("transitions fired", Set.of("A -> B"), "protections tripped",
				Set.of("cellOvervoltage"));
		Document page = parse(ModelCoverage.html("Pack<&>", model, exercised));

		assertEquals("Model coverage: Pack<&>", texts(page, "title").get(0), "escaped, and read back as the name");
		assertTrue(texts(page, "style").get(0).contains(".bar"), "self-contained style");
		assertEquals(0, page.getElementsByTagName("script").getLength());
		assertEquals(0, page.getElementsByTagName("link").getLength(), "no external resource");
		Element body = (Element) page.getElementsByTagName("tbody").item(0);
		NodeList rows = body.getElementsByTagName("tr");
		assertEquals(3, rows.getLength(), "a row per category");
		// 1 of 3 = 33.3 %, 1 of 1 = 100.0 %, 0 of 0 counts as complete
		assertRow((Element) rows.item(0), "gap", "transitions fired", "1 of 3", "33.3 %", "width:33.3%");
		assertRow((Element) rows.item(1), "full", "protections tripped", "1 of 1", "100.0 %", "width:100.0%");
		assertRow((Element) rows.item(2), "full", "empty category", "0 of 0", "100.0 %", "width:100.0%");
		// the gaps: only the category that has some, its two missing transitions
		assertEquals(List.of("transitions fired"), texts(page, "h3"));
		List<String> missing = new ArrayList<>();
		NodeList items = page.getElementsByTagName("li");
		int done = 0;
		for (int i = 0; i < items.getLength(); i++) {
			Element item = (Element) items.item(i);
			if ("missing".equals(item.getAttribute("class")) && !item.getTextContent().startsWith("x ")) {
				missing.add(item.getTextContent());
			}
			if ("done".equals(item.getAttribute("class"))) {
				done++;
			}
		}
		assertEquals(2, missing.size(), missing.toString());
		assertTrue(missing.containsAll(List.of("B -> C", "C -> A")), missing.toString());
		assertEquals(2, done, "every exercised element marked in the full list");
		assertEquals(3, page.getElementsByTagName("details").getLength());
	}

	@Test
	void page_withoutGaps_saysSo() throws Exception {
		Document page = parse(ModelCoverage.html("P", Map.of("states entered", Set.of("S")),
				Map.of("states entered", Set.of("S"))));
		assertEquals(0, page.getElementsByTagName("h3").getLength());
		assertTrue(texts(page, "p").stream().anyMatch(p -> p.startsWith("Nothing: every element")));
	}

	@Test
	void index_rowPerPackFromTheTextReports(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("Zeta.txt"), "Model coverage of pack Zeta (generated tests)\n\n"
				+ "states entered: 50.0 % (1 of 2)\n  [x] S\n  [ ] T\n\ntransitions fired: 100.0 % (3 of 3)\n",
				StandardCharsets.UTF_8);
		Files.writeString(folder.resolve("Alpha.txt"), "Model coverage of pack Alpha (generated tests)\n\n"
				+ "states entered: 100.0 % (2 of 2)\n", StandardCharsets.UTF_8);
		Files.writeString(folder.resolve("Alpha.html"), "<html/>", StandardCharsets.UTF_8);
		Document index = parse(ModelCoverage.indexHtml(folder));
		assertEquals(List.of("Category", "Alpha", "Zeta"), texts(index, "th"), "a column per pack, by name");
		NodeList links = index.getElementsByTagName("a");
		assertEquals("Alpha.html", ((Element) links.item(0)).getAttribute("href"), "linking the page");
		NodeList rows = ((Element) index.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
		assertEquals(2, rows.getLength(), "a row per category, first seen order");
		Element states = (Element) rows.item(0);
		assertEquals("states entered", states.getElementsByTagName("td").item(0).getTextContent());
		assertEquals("100.0 %2 of 2", states.getElementsByTagName("td").item(1).getTextContent());
		Element gap = (Element) states.getElementsByTagName("td").item(2);
		assertEquals("50.0 %1 of 2", gap.getTextContent());
		assertTrue(gap.getAttribute("style").contains("#b3261e"), "a gap in red");
		assertFalse(((Element) states.getElementsByTagName("td").item(1)).hasAttribute("style"));
		Element transitions = (Element) rows.item(1);
		assertEquals("-", transitions.getElementsByTagName("td").item(1).getTextContent(), "a category Alpha lacks");
		assertEquals("100.0 %3 of 3", transitions.getElementsByTagName("td").item(2).getTextContent());
	}

	@Test
	void writeReport_writesTheHtmlBesideTheText() throws Exception {
		ModelCoverage.writeReport();
		Path html = Path.of(ModelCoverage.REPORT_HTML);
		assertTrue(Files.exists(html));
		Document page = parse(Files.readString(html, StandardCharsets.UTF_8));
		NodeList rows = ((Element) page.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
		assertEquals(10, rows.getLength(), "the ten categories of the reference pack (estimation included)");
		Document index = parse(Files.readString(html.resolveSibling("index.html"), StandardCharsets.UTF_8));
		assertTrue(texts(index, "a").contains("Smart4S"));
	}

	private static void assertRow(Element row, String rowClass, String category, String counts, String share,
			String width) {
		assertEquals(rowClass, row.getAttribute("class"), category);
		NodeList cells = row.getElementsByTagName("td");
		assertEquals(category, cells.item(0).getTextContent());
		assertEquals(counts, cells.item(1).getTextContent(), category);
		assertEquals(share, cells.item(2).getTextContent(), category);
		Element bar = (Element) ((Element) cells.item(3)).getElementsByTagName("span").item(1);
		assertEquals(width, bar.getAttribute("style"), category);
	}
}
