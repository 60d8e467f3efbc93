package org.bmsgen.cli.simulate;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import org.bmsgen.generator.firmware.FirmwareGenerator;
import org.bmsgen.generator.firmware.FirmwareImage;
import org.bmsgen.generator.firmware.FirmwarePackage;
import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.board.Esp32Node;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.board.Stm32Node;

/**
 * A pack's generated firmware, compiled in this process as the firmware profile builds it ({@code javac --release 7}
 * against the platform alone) into a temporary folder and loaded by a class loader whose parent sees the platform
 * and the simulator. Reflection is confined to here: the constructors of {@code Stm32Firmware} and
 * {@code Esp32Firmware} (which take the platform's interfaces) and the public accessors and fields the run reads.
 */
public final class CompiledFirmware implements AutoCloseable {

	private final Path classes;
	private final URLClassLoader loader;
	private final Class<?> stm32Class;
	private final Class<?> esp32Class;

	private CompiledFirmware(Path classes, URLClassLoader loader, Class<?> stm32Class, Class<?> esp32Class) {
		this.classes = classes;
		this.loader = loader;
		this.stm32Class = stm32Class;
		this.esp32Class = esp32Class;
	}

	/** Thrown with javac's messages when the generated sources do not compile (a generator bug) or javac is missing. */
	public static final class CompileException extends Exception {
		private static final long serialVersionUID = 1L;

		CompileException(String message) {
			super(message);
		}
	}

	public static CompiledFirmware compile(PackIr pack) throws IOException, CompileException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		if (javac == null) {
			throw new CompileException("no Java compiler in this runtime (javax.tools): run bmsgen with a JDK, not a JRE");
		}
		List<JavaFileObject> units = new ArrayList<>();
		for (GeneratedSource source : new FirmwareGenerator().sources(pack)) {
			units.add(new SimpleJavaFileObject(java.net.URI.create("string:///" + source.relativePath()),
					JavaFileObject.Kind.SOURCE) {
				@Override
				public CharSequence getCharContent(boolean ignoreEncodingErrors) {
					return source.text();
				}
			});
		}
		Path classes = Files.createTempDirectory("bmsgen-simulate-");
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
			files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(platformLocation()));
			List<String> options = List.of("--release", "7", "-proc:none", "-nowarn", "-Xlint:-options");
			boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
			if (!ok) {
				StringBuilder message = new StringBuilder("the generated firmware of " + pack.name() + " does not compile:");
				for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
					if (d.getKind() == Diagnostic.Kind.ERROR) {
						message.append("\n  ").append(d.getSource() == null ? "" : d.getSource().getName() + ":")
								.append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
					}
				}
				deleteTree(classes);
				throw new CompileException(message.toString());
			}
		}
		URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				CompiledFirmware.class.getClassLoader());
		try {
			return new CompiledFirmware(classes, loader,
					loader.loadClass(FirmwarePackage.of(pack, FirmwareImage.STM32) + ".Stm32Firmware"),
					loader.loadClass(FirmwarePackage.of(pack, FirmwareImage.ESP32) + ".Esp32Firmware"));
		} catch (ClassNotFoundException e) {
			loader.close();
			deleteTree(classes);
			throw new CompileException("the generated firmware of " + pack.name() + " has no " + e.getMessage());
		}
	}

	/** Where the platform's classes are (its jar, its classes folder, or bmsgen's own jar). */
	private static Path platformLocation() throws CompileException {
		try {
			return Path.of(Status.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		} catch (URISyntaxException | RuntimeException e) {
			throw new CompileException("cannot locate the platform's classes to compile the firmware against: " + e);
		}
	}

	/**
	 * A class of the compiled STM32 image by its simple name ({@code SocEstimator}, {@code PackState}): for a run that
	 * drives one part of the firmware alone, as {@code bmsgen estimate} does with the SoC filter.
	 */
	public Class<?> stm32Class(String simpleName) throws ClassNotFoundException {
		return loader.loadClass(stm32Class.getPackageName() + "." + simpleName);
	}

	/** Installs both images on the board's MCUs (they start at power-on) and returns the handles. */
	public Installed install(SimBoard board) {
		Installed installed = new Installed();
		Stm32Node stm32 = board.stm32();
		stm32.install(mcu -> {
			installed.stm32 = construct(stm32Class, stm32.i2c(), stm32.spi(), stm32.can(), stm32.uart(), stm32.tickSource(),
					stm32.watchdog(), stm32.clock(), stm32.resetControl());
			invoke(installed.stm32, "start");
		});
		Esp32Node esp32 = board.esp32();
		esp32.install(mcu -> {
			installed.esp32 = construct(esp32Class, esp32.uart(), esp32.http(), esp32.gatt(), esp32.random(), esp32.clock(),
					esp32.tickSource(), esp32.watchdog());
			invoke(installed.esp32, "start");
		});
		return installed;
	}

	/** The running images: the STM32's state read through its public accessors. */
	public static final class Installed {
		private Object stm32;
		private Object esp32;
		private Object state;
		private Field cellMv;
		private Field packMa;
		private Field temperatures;
		private Field socBp;
		private Field faultWord;
		private Field warningWord;
		private Field fetMask;
		private Field balancingMask;
		private Field machineState;
		private Field chargeLimitMa;
		private Field dischargeLimitMa;

		public boolean started() {
			return stm32 != null && esp32 != null;
		}

		/** The STM32's PackState (after a reset the firmware is a new object, so this is looked up every time). */
		public Object state() {
			Object now = invoke(stm32, "state");
			if (now != state) {
				state = now;
				Class<?> type = now.getClass();
				cellMv = field(type, "cellMv");
				packMa = field(type, "packMa");
				temperatures = field(type, "temperatureCentiDegC");
				socBp = field(type, "socBp");
				faultWord = field(type, "faultWord");
				warningWord = field(type, "warningWord");
				fetMask = field(type, "fetMask");
				balancingMask = field(type, "balancingMask");
				machineState = field(type, "machineState");
				chargeLimitMa = field(type, "chargeLimitMa");
				dischargeLimitMa = field(type, "dischargeLimitMa");
			}
			return state;
		}

		public int[] cellMv() {
			state();
			return (int[]) get(cellMv);
		}

		public int packMa() {
			state();
			return (int) get(packMa);
		}

		public int[] temperatureCentiDegC() {
			state();
			return (int[]) get(temperatures);
		}

		public int socBp() {
			state();
			return (int) get(socBp);
		}

		public int faultWord() {
			state();
			return (int) get(faultWord);
		}

		public int warningWord() {
			state();
			return (int) get(warningWord);
		}

		public int fetMask() {
			state();
			return (int) get(fetMask);
		}

		public int balancingMask() {
			state();
			return (int) get(balancingMask);
		}

		public int[] machineState() {
			state();
			return (int[]) get(machineState);
		}

		public int chargeLimitMa() {
			state();
			return (int) get(chargeLimitMa);
		}

		public int dischargeLimitMa() {
			state();
			return (int) get(dischargeLimitMa);
		}

		/** Sets the SoC filter's estimate (a deliberately wrong start), in basis points. */
		public void startSocAt(int bp) {
			Object soc = invoke(stm32, "soc");
			try {
				soc.getClass().getMethod("startAt", int.class).invoke(soc, bp);
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException("SocEstimator.startAt(int): " + e, e);
			}
		}

		/** Reads a field of the current PackState; {@link #state()} first, as it (re)binds the fields. */
		private Object get(Field field) {
			try {
				return field.get(state);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		private static Field field(Class<?> type, String name) {
			try {
				return type.getField(name);
			} catch (NoSuchFieldException e) {
				throw new IllegalStateException("the generated PackState has no field " + name, e);
			}
		}
	}

	private static Object construct(Class<?> type, Object... arguments) {
		for (Constructor<?> constructor : type.getConstructors()) {
			if (constructor.getParameterCount() == arguments.length) {
				try {
					return constructor.newInstance(arguments);
				} catch (InvocationTargetException e) {
					throw new IllegalStateException(type.getSimpleName() + " failed to construct: " + e.getCause(), e);
				} catch (ReflectiveOperationException | IllegalArgumentException e) {
					throw new IllegalStateException(type.getSimpleName() + ": " + e, e);
				}
			}
		}
		throw new IllegalStateException(type.getSimpleName() + " has no constructor of " + arguments.length + " parameters");
	}

	private static Object invoke(Object target, String method) {
		try {
			Method m = target.getClass().getMethod(method);
			return m.invoke(target);
		} catch (InvocationTargetException e) {
			throw new IllegalStateException(target.getClass().getSimpleName() + "." + method + ": " + e.getCause(), e);
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(target.getClass().getSimpleName() + "." + method + ": " + e, e);
		}
	}

	@Override
	public void close() throws IOException {
		loader.close();
		deleteTree(classes);
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
