package org.bmsgen.dsl.validation;

import java.util.List;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import com.google.inject.Inject;

/**
 * Base of the check classes that {@link BmsValidator} composes, one class per concern. Checks of a whole
 * pack look at its {@link EffectivePack} (variants applied) and report through {@link #errorIn} /
 * {@link #warningIn}, which put the diagnostic on the element the user wrote, or on the variant's
 * {@code extends} when the element is inherited from a base pack in which it was fine.
 */
public abstract class BmsChecks extends AbstractDeclarativeValidator {

	@Inject
	private IResourceScopeCache cache;

	@Override
	protected List<EPackage> getEPackages() {
		return List.of(BmsPackage.eINSTANCE);
	}

	/** Composed checks are registered through {@link BmsValidator}, not on their own. */
	@Override
	public void register(EValidatorRegistrar registrar) {
	}

	/** The pack with its variant chain applied, computed once per resource state. */
	protected EffectivePack effective(Pack pack) {
		if (pack.eResource() == null) {
			return EffectivePack.of(pack);
		}
		return cache.get(Tuples.pair(EffectivePack.class, pack), pack.eResource(), () -> EffectivePack.of(pack));
	}

	protected void errorIn(EffectivePack pack, EObject element, EStructuralFeature feature, String message, String code,
			String... data) {
		report(true, pack, element, feature, message, code, data);
	}

	protected void warningIn(EffectivePack pack, EObject element, EStructuralFeature feature, String message,
			String code, String... data) {
		report(false, pack, element, feature, message, code, data);
	}

	private void report(boolean error, EffectivePack pack, EObject element, EStructuralFeature feature, String message,
			String code, String... data) {
		EObject origin = element == null ? pack.pack() : pack.originOf(element);
		if (origin != null && EcoreUtil.isAncestor(pack.pack(), origin) && origin.eResource() != null) {
			if (feature != null && !origin.eClass().getEAllStructuralFeatures().contains(feature)) {
				feature = null;
			}
			emit(error, message, origin, feature, code, data);
			return;
		}
		Pack definer = element == null ? null : pack.definingPack(element);
		String where = definer == null || definer.getName() == null ? "" : " (inherited from " + definer.getName() + ")";
		EStructuralFeature at = pack.pack().getBase() != null ? BmsPackage.Literals.PACK__BASE
				: BmsPackage.Literals.ELEMENT__NAME;
		emit(error, message + where, pack.pack(), at, code, data);
	}

	private void emit(boolean error, String message, EObject source, EStructuralFeature feature, String code,
			String... data) {
		if (error) {
			error(message, source, feature, code, data);
		} else {
			warning(message, source, feature, code, data);
		}
	}
}
