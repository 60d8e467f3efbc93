package org.bmsgen.generator.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.core.DiagramDescription;

/**
 * Renders a {@link StateDiagramEmitter} diagram to SVG in this process with PlantUML's Java library: Smetana,
 * PlantUML's Java port of Graphviz's layout, so that no {@code dot} binary and no network is needed.
 * <p>
 * Determinism: PlantUML writes no timestamp, and its element ids are the state names and a counter, so the same
 * source gives the same bytes from run to run and JVM to JVM (tested). Text widths, and so the coordinates, come
 * from the JDK's font metrics for "sans-serif": a machine with other fonts or another JDK may lay the picture out
 * a fraction of a pixel differently. The {@code .puml} is therefore the reviewed, golden-tested artifact; a
 * staleness check over committed output should compare the {@code .puml} and regenerate the SVG.
 */
public final class StateDiagramRenderer {

	/** The diagram's file name with .svg for .puml. */
	public String fileName(GeneratedArtifact diagram) {
		return diagram.fileName().replaceFirst("\\.puml$", "") + ".svg";
	}

	public GeneratedArtifact render(GeneratedArtifact diagram) {
		String source = withSmetanaLayout(diagram.text());
		ByteArrayOutputStream svg = new ByteArrayOutputStream();
		try {
			DiagramDescription description = new SourceStringReader(source).outputImage(svg,
					new FileFormatOption(FileFormat.SVG));
			if (description == null) {
				throw new IllegalStateException(diagram.fileName() + ": PlantUML found no diagram in the source");
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		String text = svg.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
		if (!text.endsWith("\n")) {
			text += "\n";
		}
		if (text.contains("Syntax Error")) {
			throw new IllegalStateException(diagram.fileName() + ": PlantUML reports a syntax error in the generated source");
		}
		return new GeneratedArtifact(fileName(diagram), withHeader(text, diagram));
	}

	/** The layout pragma right after {@code @startuml}: the .puml itself stays free of renderer settings. */
	static String withSmetanaLayout(String puml) {
		int start = puml.indexOf("@startuml");
		if (start < 0) {
			throw new IllegalArgumentException("not a PlantUML diagram: no @startuml");
		}
		int lineEnd = puml.indexOf('\n', start);
		return puml.substring(0, lineEnd + 1) + "!pragma layout smetana\n" + puml.substring(lineEnd + 1);
	}

	/** The .puml's header comment lines as an XML comment, after the XML declaration if there is one. */
	private static String withHeader(String svg, GeneratedArtifact diagram) {
		StringBuilder comment = new StringBuilder("<!--\n");
		for (String line : diagram.text().split("\n")) {
			if (!line.startsWith("' ")) {
				break;
			}
			comment.append("  ").append(line.substring(2).replace("--", "- -")).append('\n');
		}
		comment.append("  Rendered from ").append(diagram.fileName()).append(".\n-->\n");
		if (svg.startsWith("<?xml")) {
			int end = svg.indexOf("?>") + 2;
			return svg.substring(0, end) + "\n" + comment + svg.substring(end).stripLeading();
		}
		return comment + svg;
	}
}
