package org.bmsgen.dsl.loading;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.bmsgen.dsl.BmsStandaloneSetup;

import com.google.inject.Injector;

/**
 * The language, set up once per JVM: creating the injector and registering EMF packages takes most of a
 * cold run, so every command (and every test) shares one.
 */
public final class BmsLanguage {

	private static Injector injector;

	private BmsLanguage() {
	}

	public static synchronized Injector injector() {
		if (injector == null) {
			quietLogging();
			injector = new BmsStandaloneSetup().createInjectorAndDoEMFRegistration();
		}
		return injector;
	}

	/**
	 * Xtext logs through log4j, and its bundled configuration prints INFO lines to stdout, which would mix
	 * with the command's output. Errors it logs (a check that threw, a resource that failed to load) are
	 * kept instead and reported by the command as internal errors: the model was not fully checked.
	 */
	private static void quietLogging() {
		Logger root = LogManager.getRootLogger();
		root.removeAllAppenders();
		root.setLevel(Level.ERROR);
		root.addAppender(InternalErrors.APPENDER);
	}

	/** Errors Xtext logged on the current thread since the last {@link #drain()}. */
	public static final class InternalErrors {

		private static final ThreadLocal<java.util.List<String>> LOGGED = ThreadLocal.withInitial(java.util.ArrayList::new);

		static final AppenderSkeleton APPENDER = new AppenderSkeleton() {
			@Override
			protected void append(LoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
					String message = String.valueOf(event.getMessage());
					if (event.getThrowableInformation() != null && event.getThrowableInformation().getThrowable() != null) {
						message += ": " + event.getThrowableInformation().getThrowable();
					}
					LOGGED.get().add(message);
				}
			}

			@Override
			public boolean requiresLayout() {
				return false;
			}

			@Override
			public void close() {
			}
		};

		private InternalErrors() {
		}

		public static java.util.List<String> drain() {
			java.util.List<String> logged = new java.util.ArrayList<>(LOGGED.get());
			LOGGED.get().clear();
			return logged;
		}
	}
}
