package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.StateMachineIr.Comparison;
import org.bmsgen.generator.ir.StateMachineIr.Event;
import org.bmsgen.generator.ir.StateMachineIr.FlagTest;
import org.bmsgen.generator.ir.StateMachineIr.State;
import org.bmsgen.generator.ir.StateMachineIr.Transition;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code ModelCoverage.java} of a pack's harness: every model element the generated tests must exercise, by
 * category, and what they did exercise; the harness classes record into it as their assertions pass, write the
 * report {@code target/bmsgen-coverage/<Pack>.txt} after each class, and fail a class whose categories are not at
 * 100 % (issue 5: the build fails below 100 % of transitions and protections). The element names are made here,
 * once, for the expectations and for the harnesses' records alike.
 */
public final class ModelCoverageEmitter {

	public static final String TYPE_NAME = "ModelCoverage";

	static final String STATES = "STATES";
	static final String TRANSITIONS = "TRANSITIONS";
	static final String GUARDS_HELD = "GUARDS_HELD";
	static final String GUARDS_FAILED = "GUARDS_FAILED";
	static final String FAULT_REACTIONS = "FAULT_REACTIONS";
	static final String PROTECTIONS_TRIPPED = "PROTECTIONS_TRIPPED";
	static final String PROTECTIONS_RELEASED = "PROTECTIONS_RELEASED";
	static final String AFE_COMPARATORS = "AFE_COMPARATORS";
	static final String CAN_SIGNALS = "CAN_SIGNALS";
	static final String ESTIMATION = "ESTIMATION";

	/** Category constant -> what the report calls it. */
	private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

	static {
		CATEGORIES.put(STATES, "states entered");
		CATEGORIES.put(TRANSITIONS, "transitions fired");
		CATEGORIES.put(GUARDS_HELD, "guard terms held (transition fired)");
		CATEGORIES.put(GUARDS_FAILED, "guard terms failed (transition held back)");
		CATEGORIES.put(FAULT_REACTIONS, "fault reactions (from every state)");
		CATEGORIES.put(PROTECTIONS_TRIPPED, "protections tripped");
		CATEGORIES.put(PROTECTIONS_RELEASED, "protections released (latched ones: cleared or held)");
		CATEGORIES.put(AFE_COMPARATORS, "AFE comparators tripped in the simulated chip");
		CATEGORIES.put(CAN_SIGNALS, "CAN signals decoded through the DBC layout");
		CATEGORIES.put(ESTIMATION, "estimation checks against the plant (SoC convergence, coulomb counting)");
	}

	// ------------------------------------------------------------------ element names

	static String state(StateMachineIr machine, State state) {
		return machine.name() + "." + state.name() + " (" + state.trace() + ")";
	}

	static String transition(StateMachineIr machine, State source, Transition transition) {
		State target = machine.states().get(transition.target());
		return machine.name() + ": " + StateMachineEmitter.describe(source, transition, target) + " ("
				+ transition.trace() + ")";
	}

	/** The terms of a transition's guard, each tested both ways: its event, comparisons and flags. */
	static List<String> guardTerms(Transition transition) {
		List<String> terms = new ArrayList<>();
		if (transition.event() != Event.NONE) {
			terms.add("on " + keyword(transition.event()));
		}
		for (Comparison comparison : transition.comparisons()) {
			terms.add(comparison(comparison));
		}
		for (FlagTest flag : transition.flags()) {
			terms.add((flag.required() ? "" : "not ") + keyword(flag.flag()));
		}
		return terms;
	}

	static String comparison(Comparison comparison) {
		return comparison.measurement().keyword() + (comparison.direction() == Direction.ABOVE ? " above " : " below ")
				+ comparison.threshold();
	}

	static String guard(String transitionName, String term) {
		return transitionName + " / " + term;
	}

	static String faultReaction(StateMachineIr machine, State from) {
		State target = machine.states().get(machine.faultReaction().target());
		return machine.name() + ": on any " + keyword(machine.faultReaction().minimumSeverity()) + " from "
				+ from.name() + " -> " + target.name() + " (" + machine.faultReaction().trace() + ")";
	}

	static String canSignal(org.bmsgen.generator.ir.CanIr.Message message,
			org.bmsgen.generator.ir.CanIr.Signal signal) {
		return message.name() + "." + signal.name() + " (" + signal.trace() + ")";
	}

	/** An estimation check of {@link EstimatorHarnessEmitter} on a model element. */
	static String estimation(String check, org.bmsgen.generator.ir.Trace trace) {
		return check + " (" + trace + ")";
	}

	static String protection(ProtectionIr protection) {
		return protection.name() + " (" + protection.trace() + ")";
	}

	/** Released, or for a latching row: cleared by clear-faults; for a permanent one: held through it. */
	static String release(ProtectionIr protection) {
		String how;
		if (protection.severity() == ProtectionIr.Severity.PERMANENT) {
			how = "held through clear-faults (permanent)";
		} else if (protection.recovery() == ProtectionIr.Recovery.LATCH) {
			how = "cleared by clear-faults (latched)";
		} else {
			how = "released";
		}
		return protection(protection) + " " + how;
	}

	private static String keyword(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	// ------------------------------------------------------------------ the class

	public GeneratedSource emit(PackIr pack) {
		Map<String, List<String>> expected = new LinkedHashMap<>();
		for (String category : CATEGORIES.keySet()) {
			expected.put(category, new ArrayList<>());
		}
		for (StateMachineIr machine : pack.stateMachines()) {
			for (State state : machine.states()) {
				expected.get(STATES).add(state(machine, state));
				for (Transition transition : state.transitions()) {
					String name = transition(machine, state, transition);
					expected.get(TRANSITIONS).add(name);
					for (String term : guardTerms(transition)) {
						expected.get(GUARDS_HELD).add(guard(name, term));
						expected.get(GUARDS_FAILED).add(guard(name, term));
					}
				}
				if (machine.faultReaction() != null && machine.faultReaction().target() != state.index()) {
					expected.get(FAULT_REACTIONS).add(faultReaction(machine, state));
				}
			}
		}
		for (ProtectionIr protection : pack.protections()) {
			expected.get(PROTECTIONS_TRIPPED).add(protection(protection));
			expected.get(PROTECTIONS_RELEASED).add(release(protection));
		}
		for (ProtectionIr protection : pack.afeEnforced()) {
			expected.get(AFE_COMPARATORS).add(protection(protection));
		}
		if (pack.can() != null) {
			for (org.bmsgen.generator.ir.CanIr.Message message : pack.can().messages()) {
				for (org.bmsgen.generator.ir.CanIr.Signal signal : message.signals()) {
					expected.get(CAN_SIGNALS).add(canSignal(message, signal));
				}
			}
		}

		expected.get(ESTIMATION).addAll(EstimatorHarnessEmitter.coverageElements(pack));

		TypeName stringSet = ParameterizedTypeName.get(ClassName.get("java.util", "Set"), ClassName.get(String.class));
		TypeName model = ParameterizedTypeName.get(ClassName.get("java.util", "Map"), ClassName.get(String.class),
				stringSet);
		ClassName linkedHashMap = ClassName.get("java.util", "LinkedHashMap");
		ClassName linkedHashSet = ClassName.get("java.util", "LinkedHashSet");
		ClassName treeSet = ClassName.get("java.util", "TreeSet");
		ClassName list = ClassName.get("java.util", "List");
		ClassName arrayList = ClassName.get("java.util", "ArrayList");
		ClassName files = ClassName.get("java.nio.file", "Files");
		ClassName path = ClassName.get("java.nio.file", "Path");
		ClassName charsets = ClassName.get("java.nio.charset", "StandardCharsets");

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Model coverage of pack $L's generated tests: every element of the model they must exercise,"
						+ " by category,\nand what they exercised. The harness classes record an element once its"
						+ " assertions have passed, write\n{@code target/bmsgen-coverage/$L.txt} after each class and"
						+ " fail when a category of theirs is below 100 %\n(system property {@code"
						+ " bmsgen.coverage.enforce=false} turns the failure off, for running a single test).\n$L\n",
						pack.name(), pack.name(), SourceFiles.traceLine(pack.trace()))
				.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
		for (Map.Entry<String, String> category : CATEGORIES.entrySet()) {
			type.addField(FieldSpec.builder(String.class, category.getKey(), Modifier.PUBLIC, Modifier.STATIC,
					Modifier.FINAL).initializer("$S", category.getValue()).addJavadoc("Category: $L.\n",
							category.getValue()).build());
		}
		type.addField(FieldSpec.builder(String.class, "REPORT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
				.initializer("$S", "target/bmsgen-coverage/" + pack.name() + ".txt")
				.addJavadoc("Where the report goes, relative to the working directory (the module's folder under"
						+ " Maven).\n").build());
		type.addField(FieldSpec.builder(String.class, "REPORT_HTML", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
				.initializer("$S", "target/bmsgen-coverage/" + pack.name() + ".html")
				.addJavadoc("The same report as a self-contained HTML page; {@code index.html} beside it lists the"
						+ " packs.\n").build());
		type.addField(FieldSpec.builder(model, "MODEL", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("new $T<>()", linkedHashMap).build());
		type.addField(FieldSpec.builder(model, "EXERCISED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("new $T<>()", linkedHashMap).build());

		CodeBlock.Builder statics = CodeBlock.builder();
		for (Map.Entry<String, List<String>> category : expected.entrySet()) {
			statics.addStatement("$N.put($N, new $T<>())", "MODEL", category.getKey(), linkedHashSet);
			statics.addStatement("$N.put($N, new $T<>())", "EXERCISED", category.getKey(), treeSet);
			for (String element : category.getValue()) {
				statics.addStatement("$N.get($N).add($S)", "MODEL", category.getKey(), element);
			}
		}
		type.addStaticBlock(statics.build());

		type.addMethod(MethodSpec.methodBuilder("exercised").addModifiers(Modifier.PUBLIC, Modifier.STATIC,
				Modifier.SYNCHRONIZED).addParameter(String.class, "category").addParameter(String.class, "element")
				.addJavadoc("Records an element as exercised; an element the model does not have is a harness bug.\n")
				.beginControlFlow("if (!MODEL.get(category).contains(element))")
				.addStatement("throw new $T(category + $S + element)", IllegalArgumentException.class,
						": not an element of the model: ")
				.endControlFlow().addStatement("EXERCISED.get(category).add(element)").build());
		type.addMethod(MethodSpec.methodBuilder("percent").addModifiers(Modifier.PUBLIC, Modifier.STATIC,
				Modifier.SYNCHRONIZED).returns(TypeName.DOUBLE).addParameter(String.class, "category")
				.addJavadoc("Exercised share of a category in %; 100 when the model has no element of it.\n")
				.addStatement("int total = MODEL.get(category).size()")
				.addStatement("return total == 0 ? 100.0 : 100.0 * EXERCISED.get(category).size() / total").build());
		type.addMethod(MethodSpec.methodBuilder("missing").addModifiers(Modifier.PUBLIC, Modifier.STATIC,
				Modifier.SYNCHRONIZED).returns(ParameterizedTypeName.get(list, ClassName.get(String.class)))
				.addParameter(String.class, "category").addJavadoc("The elements of a category not exercised yet.\n")
				.addStatement("$T<String> missing = new $T<>()", list, arrayList)
				.beginControlFlow("for (String element : MODEL.get(category))")
				.beginControlFlow("if (!EXERCISED.get(category).contains(element))")
				.addStatement("missing.add(element)").endControlFlow().endControlFlow()
				.addStatement("return missing").build());
		type.addMethod(MethodSpec.methodBuilder("writeReport").addModifiers(Modifier.PUBLIC, Modifier.STATIC,
				Modifier.SYNCHRONIZED).addException(ClassName.get("java.io", "IOException"))
				.addJavadoc("Writes the report of every category: its share, then each element with {@code [x]}"
						+ " exercised or {@code [ ]} not;\nthen the HTML page ({@link #REPORT_HTML}) and the folder's"
						+ " index.html over every pack reported there.\n")
				.addStatement("StringBuilder out = new StringBuilder($S)", "Model coverage of pack " + pack.name()
						+ " (generated tests)\n")
				.beginControlFlow("for (String category : MODEL.keySet())")
				.addStatement("out.append($T.format($T.ROOT, $S, category, percent(category),"
						+ " EXERCISED.get(category).size(), MODEL.get(category).size()))", String.class,
						Locale.class, "%n%s: %.1f %% (%d of %d)%n")
				.beginControlFlow("for (String element : MODEL.get(category))")
				.addStatement("out.append(EXERCISED.get(category).contains(element) ? $S : $S).append(element)"
						+ ".append('\\n')", "  [x] ", "  [ ] ")
				.endControlFlow().endControlFlow()
				.addStatement("$T report = $T.of(REPORT)", path, path)
				.addStatement("$T.createDirectories(report.getParent())", files)
				.addStatement("$T.writeString(report, out.toString(), $T.UTF_8)", files, charsets)
				.addStatement("$T.writeString($T.of(REPORT_HTML), html($S, MODEL, EXERCISED), $T.UTF_8)", files, path,
						pack.name(), charsets)
				.addStatement("$T.writeString(report.resolveSibling($S), indexHtml(report.getParent()), $T.UTF_8)",
						files, "index.html", charsets)
				.build());
		CoveragePage.addTo(type, pack.name());
		type.addMethod(MethodSpec.methodBuilder("assertComplete").addModifiers(Modifier.PUBLIC, Modifier.STATIC,
				Modifier.SYNCHRONIZED).addParameter(String[].class, "categories").varargs()
				.addException(ClassName.get("java.io", "IOException"))
				.addJavadoc("Writes the report, then fails unless every element of these categories was exercised.\n")
				.addStatement("writeReport()")
				.beginControlFlow("if (!Boolean.parseBoolean(System.getProperty($S, $S)))", "bmsgen.coverage.enforce",
						"true")
				.addStatement("return").endControlFlow()
				.addStatement("StringBuilder gaps = new StringBuilder()")
				.beginControlFlow("for (String category : categories)")
				.beginControlFlow("for (String element : missing(category))")
				.addStatement("gaps.append('\\n').append(category).append(\": \").append(element)")
				.endControlFlow().endControlFlow()
				.beginControlFlow("if (gaps.length() > 0)")
				.addStatement("throw new AssertionError($S + gaps)", "model coverage below 100 % (see " + "target/"
						+ "bmsgen-coverage/" + pack.name() + ".txt):")
				.endControlFlow().build());
		return HarnessSources.file(pack, "Model coverage", type.build());
	}
}
