package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The IR holds no EMF objects and nothing mutable: records, enums, immutable lists and plain values only. */
class IrShapeTest {

	@Test
	void referenceIr_reachesOnlyRecordsEnumsImmutableListsAndValues() throws Exception {
		PackIr ir = Models.ir("smart4s.bms", "Smart4S");
		List<String> offending = new ArrayList<>();
		walk(ir, "ir", new IdentityHashMap<>(), offending);
		assertEquals(List.of(), offending);
	}

	private static void walk(Object value, String path, Map<Object, Boolean> seen, List<String> offending)
			throws Exception {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?>) {
			if (value instanceof Enum<?> e) {
				check(e.getDeclaringClass().getPackageName(), path, offending);
			}
			return;
		}
		if (seen.put(value, Boolean.TRUE) != null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			try {
				@SuppressWarnings("unchecked")
				Collection<Object> writable = (Collection<Object>) collection;
				writable.add("x");
				offending.add(path + " is a mutable " + collection.getClass().getName());
			} catch (UnsupportedOperationException expected) {
				// immutable, as it must be
			}
			int i = 0;
			for (Object element : collection) {
				walk(element, path + "[" + i++ + "]", seen, offending);
			}
			return;
		}
		Class<?> type = value.getClass();
		if (!type.isRecord()) {
			offending.add(path + " is a " + type.getName() + ", not a record");
			return;
		}
		check(type.getPackageName(), path, offending);
		for (RecordComponent component : type.getRecordComponents()) {
			walk(component.getAccessor().invoke(value), path + "." + component.getName(), seen, offending);
		}
	}

	private static void check(String packageName, String path, List<String> offending) {
		if (!packageName.equals(IrShapeTest.class.getPackageName())) {
			offending.add(path + " is from " + packageName);
		}
	}
}
