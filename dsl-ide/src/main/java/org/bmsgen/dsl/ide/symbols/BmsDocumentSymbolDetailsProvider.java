package org.bmsgen.dsl.ide.symbols;

import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.Signal;
import org.bmsgen.dsl.bms.UartField;
import org.bmsgen.dsl.bms.UartFrame;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolDetailsProvider;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import com.google.inject.Singleton;

/**
 * The detail next to an outline entry: the element's statement as written up to its block, with each run of
 * whitespace and comments collapsed to one space. A protection reads "cell overvoltage above 4.20 V for 2 s ...", a message
 * "id 0x100 fd length 16 every 250 ms", a signal "0|16 unsigned scale 0.001 V from pack-voltage": what one looks
 * for in an outline without opening the block.
 */
@Singleton
public class BmsDocumentSymbolDetailsProvider extends DocumentSymbolDetailsProvider {

	/** Long statements are cut here; the outline is one line per entry. */
	static final int MAXIMUM_LENGTH = 100;

	@Override
	public String getDetails(EObject object) {
		if (object instanceof Protection) {
			return header(object, 0);
		}
		if (object instanceof Pack || object instanceof Cell || object instanceof CanMessage
				|| object instanceof UartFrame) {
			// "pack Smart4S extends ..." / "can message PackStatus id ...": the keywords and the name are the entry
			return header(object, 2 + (object instanceof CanMessage || object instanceof UartFrame ? 1 : 0));
		}
		if (object instanceof Signal || object instanceof UartField) {
			return header(object, 2);
		}
		return "";
	}

	/** The statement's tokens before its '{', without the first {@code skip} tokens. */
	private static String header(EObject object, int skip) {
		ICompositeNode node = NodeModelUtils.getNode(object);
		if (node == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		int index = 0;
		boolean separated = false;
		for (ILeafNode leaf : node.getLeafNodes()) {
			if (leaf.isHidden()) {
				separated = true;
				continue;
			}
			if ("{".equals(leaf.getText())) {
				break;
			}
			if (index++ < skip) {
				continue;
			}
			if (text.length() > 0 && separated) {
				text.append(' ');
			}
			separated = false;
			text.append(leaf.getText());
			if (text.length() > MAXIMUM_LENGTH) {
				return text.substring(0, MAXIMUM_LENGTH - 3) + "...";
			}
		}
		return text.toString();
	}
}
