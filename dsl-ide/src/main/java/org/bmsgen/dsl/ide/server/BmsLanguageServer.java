package org.bmsgen.dsl.ide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * The .bms language server: Xtext's {@link LanguageServerImpl} as Xtext's own {@link ServerModule} composes it
 * (a multi-root workspace, each workspace folder one project whose .bms files are all indexed, so an
 * {@code import "cells/x.bms"} resolves to the file the editor may have open) with the languages found through
 * {@code META-INF/services/org.eclipse.xtext.ISetup}: {@code BmsIdeSetup}, the runtime module mixed with
 * {@code BmsIdeModule}. Two things differ: how the server ends (Xtext's default handler calls System.exit on
 * {@code exit}, which is right for a server process and fatal for one embedded in a test), and the diagnostics
 * carry {@code source} "bmsgen" ({@link BmsLanguageServerImpl}).
 */
public final class BmsLanguageServer {

	/** A server ready to connect to a client. */
	public record Instance(LanguageServerImpl server, Injector injector) {
	}

	private BmsLanguageServer() {
	}

	/**
	 * @param endsProcess whether the LSP {@code exit} notification ends the JVM (a server process) or only
	 *        the connection (a server inside a test or another tool)
	 */
	public static Instance create(boolean endsProcess) {
		Injector injector = Guice.createInjector(Modules.override(new ServerModule()).with(binder -> {
			binder.bind(ILanguageServerShutdownAndExitHandler.class)
					.to(endsProcess ? ILanguageServerShutdownAndExitHandler.DefaultImpl.class
							: ILanguageServerShutdownAndExitHandler.NullImpl.class);
			binder.bind(LanguageServer.class).to(BmsLanguageServerImpl.class);
			binder.bind(LanguageServerImpl.class).to(BmsLanguageServerImpl.class);
		}));
		return new Instance(injector.getInstance(LanguageServerImpl.class), injector);
	}

	/** Connects a new server to a client on the two streams; the future completes when the input ends. */
	public static Future<Void> serve(InputStream in, OutputStream out, boolean endsProcess) {
		LanguageServerImpl server = create(endsProcess).server();
		Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
		server.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}

	/** Serves one client on the given streams until it closes them or sends {@code exit}. */
	public static void serveUntilDisconnected(InputStream in, OutputStream out) throws InterruptedException {
		try {
			serve(in, out, true).get();
		} catch (ExecutionException e) {
			throw new IllegalStateException("the connection to the client failed", e.getCause());
		}
	}

	/** The loopback address the socket mode listens on: editors on this machine only, never the network. */
	public static ServerSocket listenOnLoopback(int port) throws IOException {
		return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
	}

	/** Accepts one client on the socket and serves it until it disconnects. */
	public static void serveOneClient(ServerSocket socket) throws IOException, InterruptedException {
		try (Socket client = socket.accept()) {
			serveUntilDisconnected(client.getInputStream(), client.getOutputStream());
		}
	}
}
