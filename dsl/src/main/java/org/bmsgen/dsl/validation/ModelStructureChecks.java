package org.bmsgen.dsl.validation;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Element;
import org.bmsgen.dsl.bms.Import;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;

/**
 * Checks of how the model's files and packs hang together. They prevent a variant chain that never ends
 * (the generator would flatten it forever, or pick an arbitrary base), an import that silently brings in
 * nothing (the pack then links against whatever else happens to be loaded, or not at all), and two cells
 * or packs of one name, where which one a pack uses would depend on file order.
 */
public class ModelStructureChecks extends BmsChecks {

	@Check
	public void checkExtendsCycle(Pack pack) {
		List<Pack> path = new ArrayList<>();
		Map<Pack, Boolean> seen = new IdentityHashMap<>();
		Pack current = pack;
		while (current != null && !current.eIsProxy() && seen.put(current, Boolean.TRUE) == null) {
			path.add(current);
			current = current.getBase();
		}
		if (current == pack) {
			String chain = path.stream().map(Pack::getName).collect(Collectors.joining(" extends ")) + " extends "
					+ pack.getName();
			error("pack " + pack.getName() + " extends itself through " + chain
					+ ": a variant chain must end in a pack that extends nothing", pack, BmsPackage.Literals.PACK__BASE,
					IssueCodes.EXTENDS_CYCLE);
		}
	}

	@Check
	public void checkImportResolves(Import anImport) {
		String written = anImport.getImportURI();
		Resource resource = anImport.eResource();
		if (written == null || resource == null) {
			return;
		}
		URI resolved = resolve(anImport);
		if (resolved == null) {
			error("import \"" + written + "\" is not a valid file path", anImport, BmsPackage.Literals.IMPORT__IMPORT_URI,
					IssueCodes.UNRESOLVED_IMPORT);
			return;
		}
		if (resolved.hasFragment() || resolved.hasQuery() || !"bms".equals(resolved.fileExtension())) {
			error("import \"" + written + "\" does not name a .bms file", anImport,
					BmsPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.UNRESOLVED_IMPORT);
			return;
		}
		ResourceSet resources = resource.getResourceSet();
		// a failed load leaves an empty resource behind in the set: only one with contents counts as found
		Resource loadedResource = resources == null ? null : resources.getResource(resolved, false);
		boolean loaded = loadedResource != null && !loadedResource.getContents().isEmpty();
		boolean exists = resources != null && resources.getURIConverter().exists(resolved, null);
		if (!loaded && !exists) {
			String path = resolved.isFile() ? resolved.toFileString() : resolved.toString();
			error("import \"" + written + "\" does not resolve: there is no file " + path, anImport,
					BmsPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.UNRESOLVED_IMPORT);
		}
	}

	/**
	 * A model sees its own file and the files it imports (imports are not transitive: see the runtime
	 * module's global scope). A duplicate is reported on each own element that has one, or, when both lie in
	 * imported files, on the import that brings in the second.
	 */
	@Check
	public void checkDuplicateNames(Model model) {
		Map<String, List<Element>> byName = new LinkedHashMap<>();
		Map<Element, Import> importOf = new IdentityHashMap<>();
		collect(model.getElements(), null, byName, importOf);
		for (Import anImport : model.getImports()) {
			Model imported = importedModel(anImport);
			if (imported != null && imported != model) {
				collect(imported.getElements(), anImport, byName, importOf);
			}
		}
		for (List<Element> same : byName.values()) {
			if (same.size() < 2) {
				continue;
			}
			boolean reported = false;
			for (Element element : same) {
				if (element.eResource() == model.eResource()) {
					error(kind(element) + " " + element.getName() + " is defined " + same.size() + " times ("
							+ places(same, model) + "): which one is used would depend on file order; rename one",
							element, BmsPackage.Literals.ELEMENT__NAME, IssueCodes.DUPLICATE_NAME);
					reported = true;
				}
			}
			if (!reported) {
				Import second = importOf.get(same.get(1));
				error("this import brings in a second " + kind(same.get(1)) + " " + same.get(1).getName() + " ("
						+ places(same, model) + "): which one is used would depend on file order; rename one", second,
						BmsPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.DUPLICATE_NAME);
			}
		}
	}

	private static void collect(List<Element> elements, Import via, Map<String, List<Element>> byName,
			Map<Element, Import> importOf) {
		for (Element element : elements) {
			if (element.getName() == null || !(element instanceof Cell || element instanceof Pack)) {
				continue;
			}
			// cells and packs live in different scopes, so a cell and a pack may share a name
			String key = element.eClass().getName() + ":" + element.getName();
			List<Element> same = byName.computeIfAbsent(key, k -> new ArrayList<>());
			if (!same.contains(element)) {
				same.add(element);
				if (via != null) {
					importOf.put(element, via);
				}
			}
		}
	}

	private static Model importedModel(Import anImport) {
		URI uri = resolve(anImport);
		Resource resource = anImport.eResource();
		if (uri == null || resource == null || resource.getResourceSet() == null) {
			return null;
		}
		try {
			Resource imported = resource.getResourceSet().getResource(uri, true);
			if (imported == null || imported.getContents().isEmpty()) {
				return null;
			}
			EObject root = imported.getContents().get(0);
			return root instanceof Model ? (Model) root : null;
		} catch (RuntimeException missingOrBroken) {
			// reported by checkImportResolves, or by the imported file's own validation
			return null;
		}
	}

	private static URI resolve(Import anImport) {
		try {
			URI uri = URI.createURI(anImport.getImportURI());
			URI base = anImport.eResource().getURI();
			// relative to the importing file, as the global scope resolves it
			return base != null && uri.isRelative() && base.isHierarchical() && !base.isRelative() ? uri.resolve(base) : uri;
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static String kind(Element element) {
		return element instanceof Cell ? "cell" : "pack";
	}

	private static String places(List<Element> elements, Model model) {
		return elements.stream().map(e -> place(e, model)).collect(Collectors.joining(", "));
	}

	private static String place(Element element, Model model) {
		INode node = NodeModelUtils.getNode(element);
		String line = node == null ? "" : " line " + node.getStartLine();
		if (element.eResource() == model.eResource()) {
			return "this file" + line;
		}
		URI uri = element.eResource() == null ? null : element.eResource().getURI();
		return (uri == null ? "?" : uri.lastSegment()) + line;
	}
}
