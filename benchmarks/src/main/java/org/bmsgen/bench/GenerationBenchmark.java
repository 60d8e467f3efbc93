package org.bmsgen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.bmsgen.generator.PackGenerator;
import org.bmsgen.generator.firmware.FirmwareGenerator;
import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generation time per model, warm (issue 4: "generation time per model (warm and cold)"; the cold number is the
 * whole CLI run, see README.md). Per pack of models/: loading and checking its file (with what it imports), building
 * the IR from the checked model, emitting the firmware sources, and everything {@code bmsgen generate} writes for
 * the pack (artifacts + firmware) with and without the state diagrams' SVG.
 *
 * <p>models/ is found from the working directory (the repository root or one of its modules) or the system
 * property {@code bmsgen.models}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GenerationBenchmark {

    /** One pack of models/: its file, the loaded and checked model, and its IR. */
    @State(Scope.Benchmark)
    public static class Pack {
        @Param({"Smart4S", "Smart3SLfp", "Smart4SHalfMilliohmShunt", "Smart5SHighCurrent"})
        public String pack;

        Path models;
        List<Path> files;
        LoadedPacks loaded;
        PackIr ir;
        final FirmwareGenerator firmware = new FirmwareGenerator();
        final PackGenerator withoutSvg = new PackGenerator(false);
        final PackGenerator withSvg = new PackGenerator(true);

        @Setup(Level.Trial)
        public void load() {
            models = modelsFolder();
            files = List.of(models.resolve(fileOf(pack)));
            loaded = LoadedPacks.load(models, files);
            LoadedPacks.Result result = loaded.ir(pack);
            if (!result.succeeded()) {
                throw new IllegalStateException(pack + ": " + result.diagnostics());
            }
            ir = result.ir();
        }
    }

    /** Parse, link and check the pack's file and its imports (Xtext, warm). */
    @Benchmark
    public LoadedPacks loadAndCheck(Pack pack) {
        return LoadedPacks.load(pack.models, pack.files);
    }

    /** The IR (variants flattened, units scaled, AFE registers, state machine tables) from the checked model. */
    @Benchmark
    public LoadedPacks.Result irBuild(Pack pack) {
        return pack.loaded.ir(pack.pack);
    }

    /** The STM32 and ESP32 firmware sources from the IR (JavaPoet). */
    @Benchmark
    public List<GeneratedSource> firmwareSources(Pack pack) {
        return pack.firmware.sources(pack.ir);
    }

    /** Every file of the pack's output folder from the IR, the state diagrams as PlantUML only. */
    @Benchmark
    public SortedMap<String, byte[]> packFilesWithoutSvg(Pack pack) {
        return pack.withoutSvg.files(pack.ir);
    }

    /** Every file of the pack's output folder from the IR, the state diagrams rendered to SVG (PlantUML, Smetana). */
    @Benchmark
    public SortedMap<String, byte[]> packFilesWithSvg(Pack pack) {
        return pack.withSvg.files(pack.ir);
    }

    /** The model file that declares a pack of models/. */
    static String fileOf(String pack) {
        switch (pack) {
            case "Smart4S":
                return "smart4s.bms";
            case "Smart3SLfp":
                return "variants/smart3s-lfp.bms";
            case "Smart4SHalfMilliohmShunt":
                return "variants/smart4s-half-milliohm-shunt.bms";
            case "Smart5SHighCurrent":
                return "variants/smart5s-high-current.bms";
            default:
                throw new IllegalArgumentException("no model file known for pack " + pack);
        }
    }

    /** models/ from {@code -Dbmsgen.models}, else the working directory or its parent (a module folder). */
    static Path modelsFolder() {
        String property = System.getProperty("bmsgen.models");
        if (property != null) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path folder = here; folder != null; folder = folder.getParent()) {
            Path models = folder.resolve("models");
            if (Files.isRegularFile(models.resolve("smart4s.bms"))) {
                return models.normalize();
            }
        }
        throw new IllegalStateException("no models/smart4s.bms above " + here + "; run from the repository or set "
                + "-Dbmsgen.models=DIR");
    }
}
