package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.dsl.tests.RepositoryRoot;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.ComposedChecks;
import org.junit.jupiter.api.Test;

/**
 * The rule of this code base, enforced: every {@code @Check} has a test named after it in the test class of
 * its check class, and every issue code is asserted by some test.
 */
class EveryCheckIsTestedTest {

	private static List<Class<?>> checkClasses() {
		List<Class<?>> classes = new ArrayList<>();
		classes.add(BmsValidator.class);
		ComposedChecks composed = BmsValidator.class.getAnnotation(ComposedChecks.class);
		if (composed != null) {
			classes.addAll(Arrays.asList(composed.validators()));
		}
		return classes;
	}

	@Test
	void everyCheckMethodHasANamedTest() {
		List<String> untested = new ArrayList<>();
		int checks = 0;
		for (Class<?> checkClass : checkClasses()) {
			List<String> testNames = testMethodNames(checkClass);
			for (Method method : checkClass.getDeclaredMethods()) {
				if (!method.isAnnotationPresent(Check.class)) {
					continue;
				}
				checks++;
				boolean tested = testNames.stream().anyMatch(name -> name.equals(method.getName())
						|| name.startsWith(method.getName() + "_"));
				if (!tested) {
					untested.add(checkClass.getSimpleName() + "." + method.getName());
				}
			}
		}
		assertEquals(List.of(), untested, "checks without a test method named <check>_... in <CheckClass>Test");
		if (checkClasses().size() > 1) {
			assertFalse(checks == 0, "the composed check classes declare no @Check method");
		}
	}

	private static List<String> testMethodNames(Class<?> checkClass) {
		try {
			Class<?> testClass = Class.forName(checkClass.getName() + "Test");
			List<String> names = new ArrayList<>();
			for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Method m : c.getDeclaredMethods()) {
					names.add(m.getName());
				}
				for (Class<?> nested : c.getDeclaredClasses()) {
					for (Method m : nested.getDeclaredMethods()) {
						names.add(m.getName());
					}
				}
			}
			return names;
		} catch (ClassNotFoundException e) {
			return List.of();
		}
	}

	@Test
	void everyIssueCodeIsAssertedByATest() throws IOException {
		List<String> tests;
		try (Stream<Path> files = Files.walk(RepositoryRoot.get().resolve("dsl/src/test/java"))) {
			tests = files.filter(p -> p.toString().endsWith(".java"))
					.filter(p -> !p.getFileName().toString().equals("EveryCheckIsTestedTest.java"))
					.map(EveryCheckIsTestedTest::read).collect(Collectors.toList());
		}
		List<String> unasserted = new ArrayList<>();
		for (Field field : IssueCodes.class.getDeclaredFields()) {
			if (Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())
					&& tests.stream().noneMatch(source -> uses(source, field.getName()))) {
				unasserted.add(field.getName());
			}
		}
		assertEquals(List.of(), unasserted, "issue codes no test asserts on");
	}

	/** {@code IssueCodes.X}, or a bare {@code X} in a file that imports the codes statically. */
	private static boolean uses(String source, String code) {
		if (source.contains("IssueCodes." + code)) {
			return true;
		}
		boolean staticImport = source.contains("import static org.bmsgen.dsl.validation.IssueCodes.*;")
				|| source.contains("import static org.bmsgen.dsl.validation.IssueCodes." + code + ";");
		return staticImport && java.util.regex.Pattern.compile("\\b" + code + "\\b").matcher(source).find();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new IllegalStateException(file.toString(), e);
		}
	}
}
