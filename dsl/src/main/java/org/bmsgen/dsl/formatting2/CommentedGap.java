package org.bmsgen.dsl.formatting2;

import java.util.List;

import org.eclipse.xtext.formatting2.AbstractFormatter2;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.CommentReplacer;
import org.eclipse.xtext.formatting2.internal.HiddenRegionReplacer;
import org.eclipse.xtext.formatting2.internal.WhitespaceReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;

import com.google.common.collect.Lists;

/**
 * The layout of a gap between two tokens that holds comments. The gap's own layout (one space, a line
 * break, a blank line) applies where the comments meet the code; around the comments:
 * <ul>
 * <li>a comment that followed code on the same line stays there, after one space;</li>
 * <li>a comment on a line of its own stays on a line of its own, indented like the code around it;</li>
 * <li>a blank line the user left between comment lines is kept (at most one);</li>
 * <li>indentation changes apply before the first comment (after a '{') and after the last one (before a
 * '}'), so comments inside a block are indented with its contents.</li>
 * </ul>
 * Xtext's default puts a second comment line at column 0 and a comment before a closing brace at the
 * brace's indentation, and counts a line comment's own line break as no break at all.
 */
class CommentedGap extends HiddenRegionReplacer {

	CommentedGap(IHiddenRegion region, IHiddenRegionFormatting formatting) {
		super(region, formatting);
	}

	@Override
	protected List<ITextReplacer> createReplacers(AbstractFormatter2 formatter) {
		List<ITextSegment> parts = getRegion().getAlternatingMergedSpaceAndComments();
		List<ITextReplacer> replacers = Lists.newArrayListWithCapacity(parts.size());
		for (ITextSegment part : parts) {
			if (part instanceof IComment) {
				replacers.add(formatter.createCommentReplacer((IComment) part));
			} else {
				replacers.add(new LineCountingWhitespace(part, formatter.createHiddenRegionFormatting()));
			}
		}
		return replacers;
	}

	@Override
	protected void applyHiddenRegionFormatting(List<ITextReplacer> replacers) {
		IHiddenRegionFormatting gap = getFormatting();
		Integer min = gap.getNewLineMin();
		Integer max = gap.getNewLineMax();
		boolean wantsBreak = min != null && min >= 1 || gap.getNewLineDefault() != null && gap.getNewLineDefault() >= 1;
		boolean exactlyOneBreak = wantsBreak && max != null && max == 1;
		boolean blankLine = min != null && min >= 2;
		boolean breakPlaced = false;
		int last = replacers.size() - 1;
		for (int i = 0; i <= last; i++) {
			if (!(replacers.get(i) instanceof WhitespaceReplacer)) {
				continue;
			}
			WhitespaceReplacer whitespace = (WhitespaceReplacer) replacers.get(i);
			IHiddenRegionFormatting layout = whitespace.getFormatting();
			layout.setPriority(gap.getPriority());
			ITextReplacer previous = i == 0 ? null : replacers.get(i - 1);
			boolean afterLineComment = previous instanceof CommentReplacer
					&& ((CommentReplacer) previous).getComment().getText().endsWith("\n");
			boolean originalBreak = whitespace.getRegion().isMultiline();
			if (i == 0 && whitespace.getRegion().getOffset() == 0) {
				lines(layout, 0, 0);
				layout.setSpace("");
			} else if (i == 0 && i != last) {
				if (!originalBreak) {
					layout.setSpace(" ");
				} else if (blankLine) {
					lines(layout, 2, 2);
					breakPlaced = true;
				} else {
					lines(layout, 1, exactlyOneBreak ? 1 : 2);
					breakPlaced = true;
				}
			} else if (i == last) {
				if (afterLineComment) {
					if (blankLine && !breakPlaced) {
						lines(layout, 2, 2);
					} else {
						lines(layout, 1, exactlyOneBreak ? 1 : 2);
					}
				} else if (wantsBreak && breakPlaced) {
					lines(layout, 1, exactlyOneBreak ? 1 : 2);
				} else if (wantsBreak) {
					layout.setNewLinesMin(min);
					layout.setNewLinesDefault(gap.getNewLineDefault());
					layout.setNewLinesMax(max);
				} else {
					layout.setSpace(gap.getSpace() == null ? " " : gap.getSpace());
				}
			} else if (afterLineComment || originalBreak) {
				if (blankLine && !breakPlaced) {
					lines(layout, 2, 2);
				} else {
					lines(layout, 1, 2);
				}
				breakPlaced = true;
			} else {
				layout.setSpace(" ");
			}
		}
		Integer increase = gap.getIndentationIncrease();
		Integer decrease = gap.getIndentationDecrease();
		if (increase != null) {
			((WhitespaceReplacer) replacers.get(0)).getFormatting().setIndentationIncrease(increase);
		}
		if (decrease != null) {
			((WhitespaceReplacer) replacers.get(last)).getFormatting().setIndentationDecrease(decrease);
		}
	}

	private static void lines(IHiddenRegionFormatting layout, int min, int max) {
		layout.setNewLinesMin(min);
		layout.setNewLinesDefault(min);
		layout.setNewLinesMax(max);
	}

	@Override
	public ITextReplacerContext createReplacements(ITextReplacerContext context) {
		if (getRegion().getParts().stream().noneMatch(IComment.class::isInstance)) {
			return super.createReplacements(context);
		}
		List<ITextReplacer> replacers = createReplacers(context.getFormatter());
		if (!(replacers.get(0) instanceof WhitespaceReplacer)
				|| !(replacers.get(replacers.size() - 1) instanceof WhitespaceReplacer)) {
			return super.createReplacements(context);
		}
		applyHiddenRegionFormatting(replacers);
		ITextReplacerContext current = context;
		current.setNextReplacerIsChild();
		for (ITextReplacer replacer : replacers) {
			current = replacer.createReplacements(current.withReplacer(replacer));
		}
		return current;
	}

	/** Counts the line break that ends a line comment before it as one of its own line breaks. */
	private static final class LineCountingWhitespace extends WhitespaceReplacer {

		LineCountingWhitespace(ITextSegment whitespace, IHiddenRegionFormatting formatting) {
			super(whitespace, formatting);
		}

		@Override
		protected int computeNewLineCount(ITextReplacerContext context) {
			IHiddenRegionFormatting layout = getFormatting();
			if (layout.getNewLineMin() == null && layout.getNewLineMax() == null && layout.getNewLineDefault() == null) {
				return 0;
			}
			int lines = getRegion().getLineCount() - 1 + trailingNewLinesOfPreviousRegion();
			if (layout.getNewLineMin() != null && lines < layout.getNewLineMin()) {
				lines = layout.getNewLineMin();
			}
			if (layout.getNewLineMax() != null && lines > layout.getNewLineMax()) {
				lines = layout.getNewLineMax();
			}
			return lines;
		}
	}
}
