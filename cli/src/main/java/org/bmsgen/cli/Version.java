package org.bmsgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into version.properties at build time. */
public final class Version implements IVersionProvider {

	@Override
	public String[] getVersion() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		return new String[] { "bmsgen " + properties.getProperty("version", "unknown"),
				"Xtext " + properties.getProperty("xtext", "unknown") + ", Java " + System.getProperty("java.version") };
	}
}
