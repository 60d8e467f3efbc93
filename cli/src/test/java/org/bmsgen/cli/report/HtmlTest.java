package org.bmsgen.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reports' escape: text from models, files and messages never opens an element or closes an attribute. */
class HtmlTest {

	@Test
	void escape_theFiveSpecialCharacters() {
		assertEquals("&lt;a title=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
				Html.escape("<a title=\"x\">Tom & Jerry's</a>"));
	}

	@Test
	void escape_ampersandFirst_soAnEntityInTheTextIsShownAsWritten() {
		assertEquals("&amp;lt; is &amp;amp;lt;", Html.escape("&lt; is &amp;lt;"));
	}

	@Test
	void escape_leavesOtherTextAlone() {
		assertEquals("cell 4, 25 \u00b0C \u2212 SoC 80 %", Html.escape("cell 4, 25 \u00b0C \u2212 SoC 80 %"));
		assertEquals("", Html.escape(""));
	}

	@Test
	void pageStart_escapesTheTitleInHeadAndHeading() {
		String page = Html.pageStart("pack <A> & 'B'");
		assertTrue(page.startsWith("<!DOCTYPE html>"), page);
		assertTrue(page.contains("<title>pack &lt;A&gt; &amp; &#39;B&#39;</title>"), page);
		assertTrue(page.endsWith("<h1>pack &lt;A&gt; &amp; &#39;B&#39;</h1>\n"), page);
		assertFalse(page.contains("<script") || page.contains("http"), "self-contained");
	}
}
