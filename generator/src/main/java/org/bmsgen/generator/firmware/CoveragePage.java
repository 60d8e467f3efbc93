package org.bmsgen.generator.firmware;

import java.util.Locale;

import javax.lang.model.element.Modifier;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;

/**
 * The HTML side of the generated {@code ModelCoverage}: a self-contained page per pack
 * ({@code target/bmsgen-coverage/<Pack>.html}: a table of the categories with covered / total, the share and a
 * bar, then the elements not exercised, then every element) and {@code index.html} over the packs whose text
 * reports are in the folder (their category lines parsed back). Deterministic (no time, no absolute path), no
 * script, no external resource; well-formed XML (XHTML syntax) so a test can parse it.
 */
final class CoveragePage {

	private CoveragePage() {
	}

	/** The page's style sheet: system fonts, a table, a bar per category, gaps in red. */
	static final String STYLE = String.join("",
			"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1000px;",
			"color:#1d2430;line-height:1.4;padding:0 16px}",
			"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 4px}",
			"p.lead{color:#555;margin:0 0 16px}",
			"table{border-collapse:collapse;width:100%;font-size:14px}",
			"th,td{border-bottom:1px solid #dde2ea;padding:6px 10px;text-align:left;vertical-align:middle}",
			"th{background:#f2f4f8;font-weight:600}td.n,th.n{text-align:right;white-space:nowrap;",
			"font-variant-numeric:tabular-nums}",
			".bar{display:inline-block;width:200px;height:10px;background:#f3d6d6;border-radius:5px;overflow:hidden;",
			"vertical-align:middle}.bar span{display:block;height:100%;background:#3a8f4f}",
			"tr.gap td.n.p{color:#b3261e;font-weight:600}",
			"ul{margin:4px 0 8px;padding-left:22px;font-size:13px}li.missing{color:#b3261e}li.done{color:#2c5e37}",
			"details{margin-top:8px}summary{cursor:pointer;font-weight:600}",
			"p.none{color:#2c5e37}footer{margin-top:32px;color:#777;font-size:12px}");

	static void addTo(com.palantir.javapoet.TypeSpec.Builder type, String packName) {
		ClassName map = ClassName.get("java.util", "Map");
		ClassName collection = ClassName.get("java.util", "Collection");
		ClassName files = ClassName.get("java.nio.file", "Files");
		ClassName path = ClassName.get("java.nio.file", "Path");
		ClassName charsets = ClassName.get("java.nio.charset", "StandardCharsets");
		ClassName list = ClassName.get("java.util", "List");
		ClassName arrayList = ClassName.get("java.util", "ArrayList");
		ClassName linkedHashMap = ClassName.get("java.util", "LinkedHashMap");
		ClassName pattern = ClassName.get("java.util.regex", "Pattern");
		ClassName matcher = ClassName.get("java.util.regex", "Matcher");
		TypeName strings = ParameterizedTypeName.get(map, ClassName.get(String.class),
				WildcardTypeName.subtypeOf(ParameterizedTypeName.get(collection, ClassName.get(String.class))));

		type.addField(FieldSpec.builder(String.class, "HTML_STYLE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$S", STYLE).build());
		type.addField(FieldSpec.builder(pattern, "REPORT_LINE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$T.compile($S)", pattern, "^(.+): ([0-9.]+) % \\((\\d+) of (\\d+)\\)$")
				.addJavadoc("A category line of a text report: name, share, exercised, total.\n").build());

		type.addMethod(MethodSpec.methodBuilder("escape").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(String.class).addParameter(String.class, "text")
				.addStatement("return text.replace(\"&\", \"&amp;\").replace(\"<\", \"&lt;\").replace(\">\", \"&gt;\")"
						+ ".replace(\"\\\"\", \"&quot;\")")
				.build());
		type.addMethod(MethodSpec.methodBuilder("head").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(String.class).addParameter(String.class, "title")
				.addStatement("return \"<!DOCTYPE html>\\n<html lang=\\\"en\\\"><head><meta charset=\\\"utf-8\\\"/>"
						+ "<title>\" + escape(title) + \"</title>\\n<style>\" + HTML_STYLE + \"</style></head>\\n<body>\\n\"")
				.build());

		type.addMethod(MethodSpec.methodBuilder("html").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(String.class).addParameter(String.class, "pack").addParameter(strings, "model")
				.addParameter(strings, "exercised")
				.addJavadoc("The coverage of {@code pack} as a self-contained HTML page: per category (model order)"
						+ " exercised / total, the share\nand a bar; then the elements not exercised by category; then"
						+ " every element, folded.\n")
				.addStatement("StringBuilder out = new StringBuilder(head(\"Model coverage: \" + pack))")
				.addStatement("out.append(\"<h1>Model coverage of pack \").append(escape(pack)).append(\"</h1>\\n\")")
				.addStatement("out.append(\"<p class=\\\"lead\\\">What the generated tests exercised, by category."
						+ " The build fails below 100 % of transitions and protections.</p>\\n\")")
				.addStatement("out.append(\"<table><thead><tr><th>Category</th><th class=\\\"n\\\">Exercised</th>"
						+ "<th class=\\\"n\\\">Share</th><th></th></tr></thead><tbody>\\n\")")
				.addStatement("$T<String, $T<String>> gaps = new $T<>()", map, list, linkedHashMap)
				.beginControlFlow("for ($T.Entry<String, ? extends $T<String>> category : model.entrySet())", map,
						collection)
				.addStatement("$T<String> missing = new $T<>()", list, arrayList)
				.beginControlFlow("for (String element : category.getValue())")
				.beginControlFlow("if (!exercised.containsKey(category.getKey()) || !exercised.get(category.getKey())"
						+ ".contains(element))")
				.addStatement("missing.add(element)").endControlFlow().endControlFlow()
				.addStatement("gaps.put(category.getKey(), missing)")
				.addStatement("int total = category.getValue().size()")
				.addStatement("int done = total - missing.size()")
				.addStatement("double share = total == 0 ? 100.0 : 100.0 * done / total")
				.addStatement("out.append($T.format($T.ROOT, \"<tr class=\\\"%s\\\"><td>%s</td><td class=\\\"n\\\">%d"
						+ " of %d</td><td class=\\\"n p\\\">%.1f %%</td><td><span class=\\\"bar\\\"><span style=\\\""
						+ "width:%.1f%%\\\"></span></span></td></tr>%n\", missing.isEmpty() ? \"full\" : \"gap\","
						+ " escape(category.getKey()), done, total, share, share))", String.class, Locale.class)
				.endControlFlow()
				.addStatement("out.append(\"</tbody></table>\\n<h2>Not exercised</h2>\\n\")")
				.addStatement("boolean any = false")
				.beginControlFlow("for ($T.Entry<String, $T<String>> gap : gaps.entrySet())", map, list)
				.beginControlFlow("if (gap.getValue().isEmpty())").addStatement("continue").endControlFlow()
				.addStatement("any = true")
				.addStatement("out.append(\"<h3>\").append(escape(gap.getKey())).append(\"</h3>\\n<ul>\\n\")")
				.beginControlFlow("for (String element : gap.getValue())")
				.addStatement("out.append(\"<li class=\\\"missing\\\">\").append(escape(element)).append(\"</li>\\n\")")
				.endControlFlow().addStatement("out.append(\"</ul>\\n\")").endControlFlow()
				.beginControlFlow("if (!any)")
				.addStatement("out.append(\"<p class=\\\"none\\\">Nothing: every element of the model was exercised."
						+ "</p>\\n\")")
				.endControlFlow()
				.addStatement("out.append(\"<h2>All elements</h2>\\n\")")
				.beginControlFlow("for ($T.Entry<String, ? extends $T<String>> category : model.entrySet())", map,
						collection)
				.addStatement("out.append(\"<details><summary>\").append(escape(category.getKey())).append(\""
						+ "</summary>\\n<ul>\\n\")")
				.beginControlFlow("for (String element : category.getValue())")
				.addStatement("boolean done = !gaps.get(category.getKey()).contains(element)")
				.addStatement("out.append(done ? \"<li class=\\\"done\\\">&#10003; \" : \"<li class=\\\"missing\\\">"
						+ "&#10007; \").append(escape(element)).append(\"</li>\\n\")")
				.endControlFlow().addStatement("out.append(\"</ul></details>\\n\")").endControlFlow()
				.addStatement("out.append(\"<footer>Generated by the pack's ModelCoverage; text report: \")"
						+ ".append(escape(pack)).append(\".txt</footer>\\n</body></html>\\n\")")
				.addStatement("return out.toString()").build());

		type.addMethod(MethodSpec.methodBuilder("indexHtml").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(String.class).addParameter(path, "folder").addException(ClassName.get("java.io",
						"IOException"))
				.addJavadoc("The index over the packs whose text report ({@code <Pack>.txt}) is in {@code folder}:"
						+ " a column per pack (by name)\nlinking its page, a row per category (first seen order) with"
						+ " its share; a gap in red.\n")
				.addStatement("$T<String> reports = new $T<>()", list, arrayList)
				.beginControlFlow("try (var listing = $T.list(folder))", files)
				.addStatement("listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(\".txt\")).sorted()"
						+ ".forEach(reports::add)")
				.endControlFlow()
				.addStatement("$T<String> categories = new $T<>()", list, arrayList)
				.addStatement("$T<String, $T<String, String[]>> rows = new $T<>()", map, map, linkedHashMap)
				.beginControlFlow("for (String report : reports)")
				.addStatement("$T<String, String[]> row = new $T<>()", map, linkedHashMap)
				.beginControlFlow("for (String line : $T.readAllLines(folder.resolve(report), $T.UTF_8))", files,
						charsets)
				.addStatement("$T m = REPORT_LINE.matcher(line)", matcher)
				.beginControlFlow("if (m.matches())")
				.beginControlFlow("if (!categories.contains(m.group(1)))").addStatement("categories.add(m.group(1))")
				.endControlFlow()
				.addStatement("row.put(m.group(1), new String[] { m.group(2), m.group(3), m.group(4) })")
				.endControlFlow().endControlFlow()
				.addStatement("rows.put(report.substring(0, report.length() - 4), row)").endControlFlow()
				.addStatement("StringBuilder out = new StringBuilder(head(\"Model coverage\"))")
				.addStatement("out.append(\"<h1>Model coverage of the generated tests</h1>\\n<p class=\\\"lead\\\">"
						+ "Share of each category exercised, per pack. A pack's page lists what is missing.</p>\\n\")")
				.addComment("categories down, packs across: the long category names read as row labels, the page fits")
				.addStatement("out.append(\"<table><thead><tr><th>Category</th>\")")
				.beginControlFlow("for (String pack : rows.keySet())")
				.addStatement("out.append(\"<th class=\\\"n\\\"><a href=\\\"\").append(escape(pack)).append(\".html\\\">\")"
						+ ".append(escape(pack)).append(\"</a></th>\")")
				.endControlFlow().addStatement("out.append(\"</tr></thead><tbody>\\n\")")
				.beginControlFlow("for (String category : categories)")
				.addStatement("out.append(\"<tr><td>\").append(escape(category)).append(\"</td>\")")
				.beginControlFlow("for ($T<String, String[]> row : rows.values())", map)
				.addStatement("String[] cell = row.get(category)")
				.beginControlFlow("if (cell == null)").addStatement("out.append(\"<td class=\\\"n\\\">-</td>\")")
				.nextControlFlow("else")
				.addStatement("boolean full = cell[1].equals(cell[2])")
				.addStatement("out.append(full ? \"<td class=\\\"n\\\">\" : \"<td class=\\\"n\\\" style=\\\"color:#b3261e;"
						+ "font-weight:600\\\">\").append(cell[0]).append(\" %<br/><small>\").append(cell[1]).append(\" of \")"
						+ ".append(cell[2]).append(\"</small></td>\")")
				.endControlFlow().endControlFlow().addStatement("out.append(\"</tr>\\n\")").endControlFlow()
				.addStatement("out.append(\"</tbody></table>\\n</body></html>\\n\")")
				.addStatement("return out.toString()").build());
	}
}
