package org.bmsgen.dsl.naming;

import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/** Qualified names as the default provider gives them, plus protections named after what they protect. */
public class BmsQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

	protected QualifiedName qualifiedName(Protection protection) {
		if (protection.getKind() == null) {
			return null;
		}
		Pack pack = EcoreUtil2.getContainerOfType(protection, Pack.class);
		QualifiedName local = QualifiedName.create(ProtectionNames.nameOf(protection));
		return pack == null || pack.getName() == null ? local : QualifiedName.create(pack.getName()).append(local);
	}
}
