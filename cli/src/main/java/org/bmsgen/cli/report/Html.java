package org.bmsgen.cli.report;

/** What the CLI's HTML reports share outside their plots: the escape and the page head. */
public final class Html {

	private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;"
			+ "padding:0 1em;color:#1d2430}pre{background:#f4f5f7;padding:1em;white-space:pre-wrap;font-size:13px}"
			+ "svg{background:#fff;border:1px solid #d5d9e0;display:block}h2{margin:1.6em 0 .4em;font-size:18px}"
			+ "table{border-collapse:collapse;font-size:14px}th,td{border-bottom:1px solid #e1e4ea;"
			+ "padding:3px 10px;text-align:left;vertical-align:top}th{background:#f2f4f8}"
			+ "td.t{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
			+ "tr.fault td{color:#b3261e}tr.warning td{color:#8a5a00}";

	private Html() {
	}

	/**
	 * {@code text} safe as element content and as a single- or double-quoted attribute value (model names, file names
	 * and messages end up in both).
	 */
	public static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
			case '&' -> out.append("&amp;");
			case '<' -> out.append("&lt;");
			case '>' -> out.append("&gt;");
			case '"' -> out.append("&quot;");
			case '\'' -> out.append("&#39;");
			default -> out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * A self-contained page up to and including its {@code <h1>}: no script, nothing fetched from the network (the
	 * reports are opened from CI artefacts and mail).
	 */
	public static String pageStart(String title) {
		return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
				+ "</title>\n<style>" + STYLE + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n";
	}
}
