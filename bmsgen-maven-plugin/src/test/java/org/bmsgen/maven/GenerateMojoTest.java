package org.bmsgen.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojo as Maven runs it, on the repository's models and on a model with an error. */
class GenerateMojoTest {

	@TempDir
	Path dir;

	private GenerateMojo mojo(Path models, String pack) {
		GenerateMojo mojo = new GenerateMojo();
		mojo.models = models.toFile();
		mojo.outputDirectory = dir.resolve("generated-sources/bmsgen").toFile();
		mojo.pack = pack;
		mojo.svg = false;
		mojo.project = new MavenProject();
		return mojo;
	}

	@Test
	void referenceModel_firmwareGenerated_andItsSourceRootAddedToTheBuild() throws Exception {
		GenerateMojo mojo = mojo(models().resolve("smart4s.bms"), null);
		mojo.execute();
		Path root = dir.resolve("generated-sources/bmsgen/Smart4S/java");
		assertEquals(List.of(root.toFile().getAbsolutePath()), mojo.project.getCompileSourceRoots());
		assertTrue(Files.isRegularFile(root.resolve("org/bmsgen/firmware/smart4s/stm32/PackState.java")));
		assertTrue(Files.isRegularFile(dir.resolve("generated-sources/bmsgen/Smart4S/Smart4S.dbc")));
		// the folder is bmsgen's (the CLI's marker): a second build regenerates in place
		assertTrue(Files.isRegularFile(dir.resolve("generated-sources/bmsgen/Smart4S/.bmsgen-generated")));
		GenerateMojo again = mojo(models().resolve("smart4s.bms"), null);
		again.execute();
		assertEquals(1, again.project.getCompileSourceRoots().size());
	}

	@Test
	void folderWithAPackFilter_onlyThatPack() throws Exception {
		GenerateMojo mojo = mojo(models(), "Smart3SLfp");
		mojo.execute();
		assertEquals(List.of(dir.resolve("generated-sources/bmsgen/Smart3SLfp/java").toFile().getAbsolutePath()),
				mojo.project.getCompileSourceRoots());
		assertFalse(Files.exists(dir.resolve("generated-sources/bmsgen/Smart4S")));
	}

	@Test
	void modelWithAnError_failsTheBuildWithFileLineColumn_nothingGenerated() throws IOException {
		Path model = dir.resolve("models/bad.bms");
		Files.createDirectories(model.getParent());
		Files.writeString(model, "pack P {\n\tcells 4S3P NoSuchCell\n}\n");
		GenerateMojo mojo = mojo(model.getParent(), null);
		MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
		assertTrue(failure.getMessage().contains(model.toAbsolutePath() + ":2:13: error: no cell 'NoSuchCell' is defined"),
				failure.getMessage());
		assertTrue(mojo.project.getCompileSourceRoots().isEmpty());
		assertFalse(Files.exists(dir.resolve("generated-sources")));
	}

	@Test
	void unknownPack_orMissingModels_failTheBuildWithTheReason() {
		MojoExecutionException unknown = assertThrows(MojoExecutionException.class,
				mojo(models().resolve("smart4s.bms"), "Smart9S")::execute);
		assertTrue(unknown.getMessage().contains("no pack Smart9S in"), unknown.getMessage());
		MojoExecutionException missing = assertThrows(MojoExecutionException.class, mojo(dir.resolve("nowhere"), null)::execute);
		assertTrue(missing.getMessage().contains("no models at"), missing.getMessage());
	}

	@Test
	void skip_writesNothing() throws Exception {
		GenerateMojo mojo = mojo(models(), null);
		mojo.skip = true;
		mojo.execute();
		assertFalse(new File(dir.toFile(), "generated-sources").exists());
	}

	/**
	 * examples/maven-project (built by maven-invoker-plugin) holds copies of the reference model and its cell: they
	 * are the repository's, so that the example shows the model the docs describe (an old copy drifted: no stuck-FET
	 * protection, the cell's rated 2.9 Ah instead of fit-cell's 2.997 Ah).
	 */
	@Test
	void theExampleProjectsModelIsTheReferenceModel() throws IOException {
		Path example = models().resolveSibling("examples/maven-project/src/main/bms");
		for (String file : List.of("smart4s.bms", "cells/panasonic-ncr18650pf.bms")) {
			assertEquals(Files.readString(models().resolve(file)), Files.readString(example.resolve(file)),
					"examples/maven-project/src/main/bms/" + file + " differs from models/" + file + ": copy it over");
		}
	}

	private static Path models() {
		Path at = Path.of("").toAbsolutePath();
		while (at != null && !Files.isDirectory(at.resolve("models"))) {
			at = at.getParent();
		}
		if (at == null) {
			throw new IllegalStateException("no models/ above " + Path.of("").toAbsolutePath());
		}
		return at.resolve("models");
	}
}
