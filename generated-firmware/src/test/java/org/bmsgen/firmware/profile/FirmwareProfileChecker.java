package org.bmsgen.firmware.profile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The firmware profile (docs/firmware.md) checked on the bytecode of one firmware image (one package, such as
 * org/bmsgen/firmware/smart4s/stm32): (a) every type the image refers to is an allowed java.lang class, a platform
 * type (org/bmsgen/platform) or the image's own; (b) nothing reachable from the control tick allocates: no NEW,
 * NEWARRAY, ANEWARRAY, MULTIANEWARRAY or invokedynamic, and no call into java.lang that may allocate (boxing,
 * string building, clone) along any call path through the image's own classes.
 * <p>
 * The tick's entry points are {@code Stm32Firmware.onTick(JJ)V} or {@code Esp32Firmware.onTick(JJ)V} when the image
 * has them; before those classes exist, every public method of the image except constructors, static initialisers
 * and start/init (the initialisation, where allocation is the rule) stands for what the tick will call.
 */
public final class FirmwareProfileChecker {

	/** The java.lang classes firmware may name at all (members are checked separately on the tick path). */
	static final Set<String> ALLOWED_JAVA_LANG = Set.of("java/lang/Object", "java/lang/String", "java/lang/Math",
			"java/lang/Float", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
			"java/lang/Character", "java/lang/Boolean", "java/lang/System", "java/lang/Enum",
			// thrown only by constructors and start() on a programming error, never on the control path (rule b)
			"java/lang/IllegalArgumentException", "java/lang/IllegalStateException", "java/lang/AssertionError",
			// what javac itself references (annotations, enum switches)
			"java/lang/Override", "java/lang/SuppressWarnings", "java/lang/Deprecated", "java/lang/SafeVarargs",
			"java/lang/NoSuchFieldError", "java/lang/Cloneable");

	/**
	 * java.lang members the tick may call: they neither allocate nor block. Anything else of java.lang on the tick path
	 * (Integer.valueOf, String.valueOf, concat, substring, toString, clone, System.currentTimeMillis ...) is reported.
	 */
	static final Set<String> NON_ALLOCATING_JAVA_LANG = Set.of("java/lang/Object.<init>", "java/lang/System.arraycopy",
			"java/lang/String.length", "java/lang/String.charAt", "java/lang/String.equals",
			"java/lang/Float.floatToIntBits", "java/lang/Float.floatToRawIntBits", "java/lang/Float.intBitsToFloat",
			"java/lang/Float.isNaN", "java/lang/Float.isInfinite", "java/lang/Float.compare",
			"java/lang/Integer.bitCount", "java/lang/Integer.numberOfTrailingZeros", "java/lang/Integer.numberOfLeadingZeros",
			"java/lang/Integer.highestOneBit", "java/lang/Integer.lowestOneBit", "java/lang/Integer.reverse",
			"java/lang/Integer.reverseBytes", "java/lang/Integer.rotateLeft", "java/lang/Integer.rotateRight",
			"java/lang/Integer.signum", "java/lang/Integer.compare", "java/lang/Long.bitCount",
			"java/lang/Long.numberOfTrailingZeros", "java/lang/Long.numberOfLeadingZeros", "java/lang/Long.compare",
			"java/lang/Long.signum", "java/lang/Long.reverseBytes", "java/lang/Short.reverseBytes",
			"java/lang/Character.isDigit", "java/lang/Enum.ordinal", "java/lang/Enum.<init>");

	/** Boxing anywhere in the image (the profile forbids it, not only on the tick path). */
	static final Set<String> BOXING = Set.of("java/lang/Integer.valueOf", "java/lang/Long.valueOf",
			"java/lang/Float.valueOf", "java/lang/Short.valueOf", "java/lang/Byte.valueOf", "java/lang/Character.valueOf",
			"java/lang/Boolean.valueOf", "java/lang/Double.valueOf");

	private static final String PLATFORM = "org/bmsgen/platform/";

	private final String imagePackage;
	private final Map<String, ClassNode> classes = new TreeMap<>();
	/** Every type each class's constant pool names (classes, and the types of field, method and method-type descriptors). */
	private final Map<String, Set<Type>> constantPoolTypes = new TreeMap<>();

	/**
	 * @param imagePackage the image's package in internal form, such as {@code org/bmsgen/firmware/smart4s/stm32}
	 * @param classFiles the bytes of every class of the image
	 */
	public FirmwareProfileChecker(String imagePackage, Collection<byte[]> classFiles) {
		this.imagePackage = imagePackage;
		for (byte[] bytes : classFiles) {
			ClassNode node = new ClassNode();
			ClassReader reader = new ClassReader(bytes);
			reader.accept(node, 0);
			classes.put(node.name, node);
			constantPoolTypes.put(node.name, constantPoolTypes(reader));
		}
	}

	public Set<String> classNames() {
		return classes.keySet();
	}

	/** Every violation of both rules, one line each, naming class.method and the instruction (and its source line). */
	public List<String> violations() {
		List<String> found = new ArrayList<>(referenceViolations());
		found.addAll(tickAllocationViolations());
		return found;
	}

	// ---- (a) references ----

	/** Types outside java.lang's allowed classes, the platform and the image's own package; boxing anywhere. */
	public List<String> referenceViolations() {
		Set<String> found = new LinkedHashSet<>();
		for (ClassNode node : classes.values()) {
			String where = dotted(node.name);
			checkType(Type.getObjectType(node.superName), where + " extends", found);
			for (String i : node.interfaces) {
				checkType(Type.getObjectType(i), where + " implements", found);
			}
			for (FieldNode field : node.fields) {
				checkType(Type.getType(field.desc), where + "." + field.name + " (field)", found);
			}
			for (MethodNode method : node.methods) {
				String at = where + "." + method.name + method.desc;
				checkDescriptor(Type.getMethodType(method.desc), at + " (signature)", found);
				if (method.exceptions != null) {
					method.exceptions.forEach(e -> checkType(Type.getObjectType(e), at + " throws", found));
				}
				if (method.localVariables != null) {
					for (LocalVariableNode local : method.localVariables) {
						checkType(Type.getType(local.desc), at + " local " + local.name, found);
					}
				}
				for (TryCatchBlockNode block : method.tryCatchBlocks) {
					if (block.type != null) {
						checkType(Type.getObjectType(block.type), at + " catch", found);
					}
				}
				for (AbstractInsnNode insn : method.instructions) {
					String here = at + " " + describe(insn, method);
					if (insn instanceof TypeInsnNode t) {
						checkType(Type.getObjectType(t.desc), here, found);
					} else if (insn instanceof FieldInsnNode f) {
						checkType(Type.getObjectType(f.owner), here, found);
						checkType(Type.getType(f.desc), here, found);
						if (f.owner.equals("java/lang/System")) {
							found.add(here + ": java.lang.System's fields (out, err, in) are not firmware");
						}
					} else if (insn instanceof MethodInsnNode m) {
						checkType(Type.getObjectType(m.owner), here, found);
						checkDescriptor(Type.getMethodType(m.desc), here, found);
						if (BOXING.contains(m.owner + "." + m.name)) {
							found.add(here + ": boxing (allocates an object)");
						}
						if (m.owner.equals("java/lang/System") && !m.name.equals("arraycopy")) {
							found.add(here + ": of java.lang.System only arraycopy is firmware (time comes from the"
									+ " platform's MonotonicClock)");
						}
					} else if (insn instanceof MultiANewArrayInsnNode a) {
						checkType(Type.getType(a.desc), here, found);
					} else if (insn instanceof LdcInsnNode l && l.cst instanceof Type t) {
						checkType(t.getSort() == Type.METHOD ? Type.getObjectType("java/lang/invoke/MethodType") : t,
								here + " (class literal: reflection)", found);
						found.add(here + ": class literal (java.lang.Class: reflection)");
					} else if (insn instanceof InvokeDynamicInsnNode d) {
						found.add(here + ": invokedynamic (lambda or string concatenation; not Java 7 firmware)");
					}
				}
			}
			// the constant pool as a backstop: whatever the walk above did not see, with the class as its place
			for (Type type : constantPoolTypes.get(node.name)) {
				Set<String> fromPool = new LinkedHashSet<>();
				checkType(type, where + " (constant pool)", fromPool);
				for (String problem : fromPool) {
					String named = problem.substring(problem.indexOf(": refers to "));
					if (found.stream().noneMatch(f -> f.startsWith(where) && f.contains(named))) {
						found.add(problem);
					}
				}
			}
		}
		return new ArrayList<>(found);
	}

	/** CONSTANT_Class, the descriptors of CONSTANT_NameAndType and CONSTANT_MethodType (JVMS 4.4). */
	private static Set<Type> constantPoolTypes(ClassReader reader) {
		Set<Type> types = new LinkedHashSet<>();
		char[] buffer = new char[reader.getMaxStringLength()];
		for (int i = 1; i < reader.getItemCount(); i++) {
			int offset = reader.getItem(i);
			if (offset == 0) {
				continue; // the unusable slot after a long or double
			}
			int tag = reader.readByte(offset - 1);
			if (tag == 7) {
				String name = reader.readUTF8(offset, buffer);
				types.add(name.startsWith("[") ? Type.getType(name) : Type.getObjectType(name));
			} else if (tag == 12 || tag == 16) {
				String descriptor = reader.readUTF8(tag == 12 ? offset + 2 : offset, buffer);
				if (descriptor.startsWith("(")) {
					Type method = Type.getMethodType(descriptor);
					types.add(method.getReturnType());
					types.addAll(List.of(method.getArgumentTypes()));
				} else {
					types.add(Type.getType(descriptor));
				}
			}
		}
		return types;
	}

	private void checkDescriptor(Type method, String where, Set<String> found) {
		checkType(method.getReturnType(), where, found);
		for (Type argument : method.getArgumentTypes()) {
			checkType(argument, where, found);
		}
	}

	private void checkType(Type type, String where, Set<String> found) {
		while (type.getSort() == Type.ARRAY) {
			type = type.getElementType();
		}
		if (type.getSort() != Type.OBJECT) {
			return;
		}
		String name = type.getInternalName();
		String problem = referenceProblem(name);
		if (problem != null) {
			found.add(where + ": refers to " + dotted(name) + " (" + problem + ")");
		}
	}

	/** Why the image may not name a type, or null when it may. */
	String referenceProblem(String internalName) {
		if (ALLOWED_JAVA_LANG.contains(internalName) || internalName.startsWith(PLATFORM)) {
			return null;
		}
		if (packageOf(internalName).equals(imagePackage)) {
			return null;
		}
		if (internalName.startsWith("org/bmsgen/firmware/")) {
			return "another image's package: each image is built and flashed alone";
		}
		if (internalName.startsWith("java/lang/") && packageOf(internalName).equals("java/lang")) {
			return "not an allowed java.lang class";
		}
		return "outside java.lang and org.bmsgen.platform";
	}

	// ---- (b) no allocation reachable from the tick ----

	/** The tick's entry points, as owner.name+descriptor. */
	public List<String> entryPoints() {
		List<String> entries = new ArrayList<>();
		for (String firmware : List.of("Stm32Firmware", "Esp32Firmware")) {
			ClassNode node = classes.get(imagePackage + "/" + firmware);
			if (node != null) {
				for (MethodNode method : node.methods) {
					if (method.name.equals("onTick") && method.desc.equals("(JJ)V")) {
						entries.add(key(node.name, method.name, method.desc));
					}
				}
			}
		}
		if (!entries.isEmpty()) {
			return entries;
		}
		for (ClassNode node : classes.values()) {
			for (MethodNode method : node.methods) {
				if ((method.access & Opcodes.ACC_PUBLIC) != 0 && (method.access & Opcodes.ACC_ABSTRACT) == 0
						&& (method.access & Opcodes.ACC_SYNTHETIC) == 0 && !method.name.startsWith("<")
						&& !method.name.equals("start") && !method.name.equals("init")) {
					entries.add(key(node.name, method.name, method.desc));
				}
			}
		}
		return entries;
	}

	/** Each allocation, or call into java.lang that may allocate, reachable from an entry point, with the path to it. */
	public List<String> tickAllocationViolations() {
		Map<String, String> reachedFrom = new LinkedHashMap<>();
		Deque<String> work = new ArrayDeque<>();
		for (String entry : entryPoints()) {
			reachedFrom.put(entry, null);
			work.add(entry);
		}
		List<String> found = new ArrayList<>();
		while (!work.isEmpty()) {
			String current = work.poll();
			MethodNode method = method(current);
			if (method == null || method.instructions == null) {
				continue;
			}
			for (AbstractInsnNode insn : method.instructions) {
				String problem = allocation(insn);
				if (problem != null) {
					found.add(dottedKey(current) + " " + describe(insn, method) + ": " + problem + path(current, reachedFrom));
				}
				if (insn instanceof MethodInsnNode call) {
					if (call.owner.startsWith("java/lang/") || call.owner.startsWith("[")) {
						// a constructor call follows its NEW, which is the allocation reported
						if (!call.name.equals("<init>") && !NON_ALLOCATING_JAVA_LANG.contains(call.owner + "." + call.name)
								&& !call.owner.equals("java/lang/Math")) {
							found.add(dottedKey(current) + " " + describe(insn, method)
									+ ": calls a java.lang method that may allocate" + path(current, reachedFrom));
						}
						continue;
					}
					for (String target : targets(call)) {
						if (!reachedFrom.containsKey(target)) {
							reachedFrom.put(target, current);
							work.add(target);
						}
					}
				}
			}
		}
		return found;
	}

	private static String allocation(AbstractInsnNode insn) {
		switch (insn.getOpcode()) {
			case Opcodes.NEW:
				String type = dotted(((TypeInsnNode) insn).desc);
				return type.endsWith("Exception") || type.endsWith("Error")
						? "allocates an exception (the control path reports a Status code instead)"
						: "allocates an object";
			case Opcodes.NEWARRAY:
			case Opcodes.ANEWARRAY:
			case Opcodes.MULTIANEWARRAY:
				return "allocates an array (a varargs call, or a buffer that belongs in the constructor or start())";
			case Opcodes.INVOKEDYNAMIC:
				return "invokedynamic (a lambda or string concatenation allocates)";
			default:
				return null;
		}
	}

	/** The image's methods a call may run: the resolved one, and for a virtual or interface call every override. */
	private List<String> targets(MethodInsnNode call) {
		List<String> targets = new ArrayList<>();
		if (!classes.containsKey(call.owner)) {
			return targets; // the platform: the board's side of the interface
		}
		String resolved = resolve(call.owner, call.name, call.desc);
		if (resolved != null) {
			targets.add(resolved);
		}
		if (call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE) {
			for (ClassNode node : classes.values()) {
				if (!node.name.equals(call.owner) && isSubtype(node.name, call.owner)) {
					for (MethodNode m : node.methods) {
						if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
							targets.add(key(node.name, m.name, m.desc));
						}
					}
				}
			}
		}
		return targets;
	}

	private String resolve(String owner, String name, String desc) {
		String current = owner;
		while (current != null && classes.containsKey(current)) {
			ClassNode node = classes.get(current);
			for (MethodNode m : node.methods) {
				if (m.name.equals(name) && m.desc.equals(desc)) {
					return key(node.name, name, desc);
				}
			}
			current = node.superName;
		}
		return null;
	}

	private boolean isSubtype(String type, String of) {
		ClassNode node = classes.get(type);
		if (node == null) {
			return false;
		}
		if (of.equals(node.superName) || node.interfaces.contains(of)) {
			return true;
		}
		for (String i : node.interfaces) {
			if (isSubtype(i, of)) {
				return true;
			}
		}
		return node.superName != null && isSubtype(node.superName, of);
	}

	private MethodNode method(String key) {
		int dot = key.indexOf('.');
		int paren = key.indexOf('(');
		ClassNode node = classes.get(key.substring(0, dot));
		if (node == null) {
			return null;
		}
		String name = key.substring(dot + 1, paren);
		String desc = key.substring(paren);
		return node.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(desc)).findFirst().orElse(null);
	}

	private static String path(String method, Map<String, String> reachedFrom) {
		List<String> chain = new ArrayList<>();
		for (String at = reachedFrom.get(method); at != null; at = reachedFrom.get(at)) {
			chain.add(0, simple(at));
		}
		return chain.isEmpty() ? " (an entry point of the tick)" : " (reached from " + String.join(" -> ", chain) + ")";
	}

	private static String key(String owner, String name, String desc) {
		return owner + "." + name + desc;
	}

	private static String dottedKey(String key) {
		int paren = key.indexOf('(');
		return dotted(key.substring(0, paren)) + key.substring(paren);
	}

	private static String simple(String key) {
		String owner = key.substring(0, key.indexOf('.'));
		return owner.substring(owner.lastIndexOf('/') + 1) + key.substring(key.indexOf('.'), key.indexOf('('));
	}

	private static String packageOf(String internalName) {
		int slash = internalName.lastIndexOf('/');
		return slash < 0 ? "" : internalName.substring(0, slash);
	}

	private static String dotted(String internalName) {
		return internalName.replace('/', '.');
	}

	/** The instruction in words, with the source line it was compiled from. */
	static String describe(AbstractInsnNode insn, MethodNode method) {
		String text;
		if (insn instanceof TypeInsnNode t) {
			text = opcode(insn) + " " + dotted(t.desc);
		} else if (insn instanceof MethodInsnNode m) {
			text = opcode(insn) + " " + dotted(m.owner) + "." + m.name + m.desc;
		} else if (insn instanceof FieldInsnNode f) {
			text = opcode(insn) + " " + dotted(f.owner) + "." + f.name;
		} else if (insn instanceof MultiANewArrayInsnNode a) {
			text = "MULTIANEWARRAY " + a.desc;
		} else if (insn instanceof InvokeDynamicInsnNode d) {
			Handle bsm = d.bsm;
			text = "INVOKEDYNAMIC " + d.name + " via " + dotted(bsm.getOwner()) + "." + bsm.getName();
		} else if (insn.getOpcode() == Opcodes.NEWARRAY) {
			text = "NEWARRAY";
		} else {
			text = opcode(insn);
		}
		for (AbstractInsnNode before = insn; before != null; before = before.getPrevious()) {
			if (before instanceof LineNumberNode line) {
				return text + " at line " + line.line;
			}
		}
		return text;
	}

	private static String opcode(AbstractInsnNode insn) {
		switch (insn.getOpcode()) {
			case Opcodes.NEW: return "NEW";
			case Opcodes.ANEWARRAY: return "ANEWARRAY";
			case Opcodes.CHECKCAST: return "CHECKCAST";
			case Opcodes.INSTANCEOF: return "INSTANCEOF";
			case Opcodes.INVOKEVIRTUAL: return "INVOKEVIRTUAL";
			case Opcodes.INVOKESTATIC: return "INVOKESTATIC";
			case Opcodes.INVOKESPECIAL: return "INVOKESPECIAL";
			case Opcodes.INVOKEINTERFACE: return "INVOKEINTERFACE";
			case Opcodes.GETSTATIC: return "GETSTATIC";
			case Opcodes.PUTSTATIC: return "PUTSTATIC";
			case Opcodes.GETFIELD: return "GETFIELD";
			case Opcodes.PUTFIELD: return "PUTFIELD";
			case Opcodes.LDC: return "LDC";
			default: return "opcode " + insn.getOpcode();
		}
	}
}
