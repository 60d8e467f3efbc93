package org.bmsgen.maven;

import java.io.File;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code bmsgen:generate}: checks the project's .bms models and generates every pack's firmware and artifacts
 * ({@code bmsgen generate MODELS -o OUTPUT}), then adds each pack's Java source root
 * ({@code OUTPUT/<pack>/java}) to the build, so that the firmware compiles (and its tests run) with the project.
 * A model with an error fails the build with bmsgen's diagnostics, {@code file:line:col: error: message [code]}.
 */
// not marked thread-safe: the language's Xtext injector and EMF registries are process-wide, and no parallel use is tested
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES)
public class GenerateMojo extends AbstractMojo {

	/** The model file, or a folder: every pack of every .bms file below it. */
	@Parameter(property = "bmsgen.models", defaultValue = "${project.basedir}/src/main/bms")
	File models;

	/** Where the packs go, each into its own folder that bmsgen owns ({@code <pack>/}, source root {@code <pack>/java}). */
	@Parameter(property = "bmsgen.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/bmsgen")
	File outputDirectory;

	/** Generate only this pack (default: every pack of the models). */
	@Parameter(property = "bmsgen.pack")
	String pack;

	/** Render the state diagrams to SVG too (PlantUML, about a second per diagram). */
	@Parameter(property = "bmsgen.svg", defaultValue = "true")
	boolean svg = true;

	/** Skip generation. */
	@Parameter(property = "bmsgen.skip", defaultValue = "false")
	boolean skip;

	@Parameter(defaultValue = "${project}", readonly = true, required = true)
	MavenProject project;

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if (skip) {
			getLog().info("bmsgen: skipped");
			return;
		}
		if (models == null || !models.exists()) {
			throw new MojoExecutionException("bmsgen: no models at " + models + " (set <models> to a .bms file or a folder)");
		}
		BmsgenGeneration.Result result = BmsgenGeneration.run(models, outputDirectory, pack, svg);
		result.warnings().forEach(getLog()::warn);
		result.errors().forEach(getLog()::error);
		if (result.exitCode() == 1) {
			result.messages().forEach(getLog()::error);
			throw new MojoFailureException("bmsgen: the models have errors, nothing generated:\n"
					+ String.join("\n", result.errors()));
		}
		if (!result.succeeded()) {
			result.messages().forEach(getLog()::error);
			throw new MojoExecutionException("bmsgen generate failed: " + String.join("\n", result.messages())
					+ (result.errors().isEmpty() ? "" : "\n" + String.join("\n", result.errors())));
		}
		result.messages().forEach(getLog()::info);
		for (String generated : result.packs()) {
			File sourceRoot = new File(new File(outputDirectory, generated), "java");
			if (sourceRoot.isDirectory()) {
				project.addCompileSourceRoot(sourceRoot.getAbsolutePath());
				getLog().info("bmsgen: " + generated + " firmware source root " + sourceRoot);
			}
		}
	}
}
