package org.bmsgen.dsl.ide.folding;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.folding.DefaultFoldingRangeProvider;
import org.eclipse.xtext.ide.editor.folding.FoldingRangeKind;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeAcceptor;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;

/**
 * Folding of .bms models. Xtext's default folds every element that spans lines, starting at the comment
 * above it; here a fold starts at the element's first keyword, so the folded line still reads
 * "state Standby {" rather than the first line of its comment, and an element that starts on its parent's
 * line (the table of "ocv at 25 degC {") does not fold a second time. The language has only line comments
 * ({@code //}), which the default ignores: a run of two or more comment lines folds as a comment, the file
 * header and the source notes of the cell files being the long ones.
 */
public class BmsFoldingRangeProvider extends DefaultFoldingRangeProvider {

	private static final String LINE_COMMENT = "SL_COMMENT";

	@Override
	protected void acceptObjectFolding(EObject element, IFoldingRangeAcceptor acceptor) {
		ICompositeNode node = NodeModelUtils.getNode(element);
		if (node == null || node.getStartLine() == node.getEndLine()) {
			return;
		}
		EObject container = element.eContainer();
		ICompositeNode containerNode = container == null ? null : NodeModelUtils.getNode(container);
		if (containerNode != null && container.eContainer() != null
				&& containerNode.getStartLine() == node.getStartLine()) {
			return;
		}
		// getOffset leaves out the leading comments and whitespace that getTotalOffset includes
		int end = node.getEndOffset();
		acceptor.accept(node.getOffset(), end - node.getOffset(), null, false,
				new TextRegion(node.getOffset(), 0));
	}

	@Override
	protected void computeCommentFolding(XtextResource resource, IFoldingRangeAcceptor acceptor) {
		IParseResult parseResult = resource.getParseResult();
		if (parseResult == null || parseResult.getRootNode() == null) {
			return;
		}
		List<ILeafNode> run = new ArrayList<>();
		int lastTokenLine = 0;
		for (ILeafNode leaf : parseResult.getRootNode().getLeafNodes()) {
			if (isLineComment(leaf)) {
				if (leaf.getStartLine() == lastTokenLine) {
					// a comment at the end of a statement's line is not part of a comment block
					continue;
				}
				if (!run.isEmpty() && leaf.getStartLine() != run.get(run.size() - 1).getStartLine() + 1) {
					acceptCommentRun(run, acceptor);
					run.clear();
				}
				run.add(leaf);
			} else if (!leaf.isHidden()) {
				// a token between comment lines ends the run; a blank line ends it through the line numbers
				acceptCommentRun(run, acceptor);
				run.clear();
				lastTokenLine = leaf.getEndLine();
			}
		}
		acceptCommentRun(run, acceptor);
	}

	private static boolean isLineComment(ILeafNode leaf) {
		return leaf.getGrammarElement() instanceof TerminalRule rule && LINE_COMMENT.equals(rule.getName());
	}

	private static void acceptCommentRun(List<ILeafNode> run, IFoldingRangeAcceptor acceptor) {
		if (run.size() < 2) {
			return;
		}
		ILeafNode first = run.get(0);
		ILeafNode last = run.get(run.size() - 1);
		String lastText = last.getText();
		// the fold ends before the last comment's own line break
		int trailingBreak = lastText.endsWith("\r\n") ? 2 : lastText.endsWith("\n") ? 1 : 0;
		int end = last.getEndOffset() - trailingBreak;
		acceptor.accept(first.getOffset(), end - first.getOffset(), FoldingRangeKind.COMMENT,
				new TextRegion(first.getOffset(), 0));
	}
}
