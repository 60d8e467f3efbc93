package org.bmsgen.dsl.ide.codeactions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * Text-level helpers of the quick fixes: the issue data of a diagnostic however it arrived (a String[] in
 * process, a JSON array over the wire), the text the diagnostic marks, and edits that keep the engineer's
 * layout (a line inserted with the indentation of its neighbours, a statement removed with its line).
 */
final class TextFixes {

	private TextFixes() {
	}

	/** The issue data the check attached; empty when there is none. */
	static List<String> data(Diagnostic diagnostic) {
		Object data = diagnostic.getData();
		List<String> values = new ArrayList<>();
		if (data instanceof String[] strings) {
			Collections.addAll(values, strings);
		} else if (data instanceof JsonArray array) {
			for (JsonElement element : array) {
				values.add(element.isJsonNull() ? "" : element.getAsString());
			}
		} else if (data instanceof Iterable<?> iterable) {
			iterable.forEach(value -> values.add(String.valueOf(value)));
		}
		return values;
	}

	static String first(Diagnostic diagnostic) {
		List<String> data = data(diagnostic);
		return data.isEmpty() ? null : data.get(0);
	}

	/** The text the diagnostic marks. */
	static String marked(Diagnostic diagnostic, Document document) {
		return document.getSubstring(diagnostic.getRange());
	}

	/** True when the marked text is a number with or without its unit: guards fixes against a redirected marker. */
	static boolean marksQuantity(Diagnostic diagnostic, Document document) {
		String text = marked(diagnostic, document).trim();
		return !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-');
	}

	static List<TextEdit> replaceMarked(Diagnostic diagnostic, String text) {
		return List.of(new TextEdit(diagnostic.getRange(), text));
	}

	static TextEdit replace(Document document, int offset, int length, String text) {
		return new TextEdit(new Range(document.getPosition(offset), document.getPosition(offset + length)), text);
	}

	static TextEdit insert(Document document, int offset, String text) {
		return replace(document, offset, 0, text);
	}

	/** The model element at the start of the diagnostic, in the resource the fix is computed on. */
	static EObject elementAt(Diagnostic diagnostic, EObject anyElement, Document document) {
		if (anyElement == null || !(anyElement.eResource() instanceof XtextResource resource)) {
			return null;
		}
		return new EObjectAtOffsetHelper().resolveContainedElementAt(resource,
				document.getOffSet(diagnostic.getRange().getStart()));
	}

	/** The indentation (leading tabs and spaces) of the line holding an offset. */
	static String indentationAt(Document document, int offset) {
		String text = document.getContents();
		int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
		int end = lineStart;
		while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
			end++;
		}
		return text.substring(lineStart, end);
	}

	/** The offset just after the end of the line holding an offset (before its line break). */
	static int lineEnd(Document document, int offset) {
		String text = document.getContents();
		int end = text.indexOf('\n', offset);
		end = end < 0 ? text.length() : end;
		return end > 0 && text.charAt(end - 1) == '\r' ? end - 1 : end;
	}

	/**
	 * Removes the text of a node; when the node is all its lines hold, the lines go with it, so no blank line
	 * is left behind.
	 */
	static TextEdit removeStatement(Document document, INode node) {
		String text = document.getContents();
		int start = node.getOffset();
		int end = node.getEndOffset();
		int lineStart = start;
		while (lineStart > 0 && (text.charAt(lineStart - 1) == ' ' || text.charAt(lineStart - 1) == '\t')) {
			lineStart--;
		}
		int after = end;
		while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
			after++;
		}
		boolean ownLines = (lineStart == 0 || text.charAt(lineStart - 1) == '\n')
				&& (after == text.length() || text.charAt(after) == '\n' || text.charAt(after) == '\r');
		if (ownLines) {
			int next = text.indexOf('\n', after);
			return replace(document, lineStart, (next < 0 ? text.length() : next + 1) - lineStart, "");
		}
		// inside a line: take the blank before it, so "a fd every" becomes "a every"
		return replace(document, lineStart, end - lineStart, "");
	}

	/**
	 * Inserts a statement as the last line of a block, before the block's closing brace, indented one level
	 * deeper than the brace's line.
	 */
	static TextEdit insertBeforeClosingBrace(Document document, EObject block, String statement) {
		ICompositeNode node = NodeModelUtils.getNode(block);
		String text = document.getContents();
		int brace = text.lastIndexOf('}', node.getEndOffset() - 1);
		if (brace < node.getOffset()) {
			return null;
		}
		String indent = indentationAt(document, brace);
		String inner = indent + (indent.contains("\t") || indent.isEmpty() ? "\t" : "    ");
		int lineStart = text.lastIndexOf('\n', brace - 1) + 1;
		boolean braceOnOwnLine = text.substring(lineStart, brace).isBlank();
		if (braceOnOwnLine) {
			return insert(document, lineStart, inner + statement + "\n");
		}
		return insert(document, brace, "\n" + inner + statement + "\n" + indent);
	}

	/** The text region of a feature's nodes, first to last, or null when it is not written. */
	static int[] featureRegion(EObject element, EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
		if (nodes.isEmpty()) {
			return null;
		}
		int start = nodes.get(0).getOffset();
		int end = nodes.get(nodes.size() - 1).getEndOffset();
		return new int[] { start, end - start };
	}
}
