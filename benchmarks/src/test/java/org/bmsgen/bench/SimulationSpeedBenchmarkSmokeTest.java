package org.bmsgen.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks are measured by hand (README.md), never during the build: this only checks that JMH finds
 * every benchmark method and that each runs one short iteration in-process. The score here means nothing.
 */
class SimulationSpeedBenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOneIterationInProcess() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SimulationSpeedBenchmark.class.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.') + 1));
            assertTrue(result.getPrimaryResult().getScore() > 0, name + " did no operation");
        }
        assertEquals(Set.of("bareAfeStep", "pack4sWithControlTick", "pack4sWithTelemetry"), ran);
    }

    @Test
    void everyFirmwareBenchmarkRunsOneIterationInProcess() throws RunnerException {
        assertEquals(Set.of("boardAndStm32PerControlPeriod", "esp32Tick", "socEstimatorStepPerCell", "stm32ControlTick",
                "wholeBoardBothFirmwares", "wholeBoardBothFirmwaresFixedGatt"), runOnce(GeneratedFirmwareBenchmark.class, false));
    }

    @Test
    void everyGenerationBenchmarkRunsOneIterationInProcess() throws RunnerException {
        // the reference pack only: one operation with SVG takes seconds
        assertEquals(Set.of("firmwareSources", "irBuild", "loadAndCheck", "packFilesWithSvg", "packFilesWithoutSvg"),
                runOnce(GenerationBenchmark.class, true));
    }

    private static Set<String> runOnce(Class<?> benchmark, boolean referencePackOnly) throws RunnerException {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(benchmark.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (referencePackOnly) {
            builder.param("pack", "Smart4S");
        }
        Set<String> ran = new TreeSet<>();
        for (RunResult result : new Runner(builder.build()).run()) {
            String name = result.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.') + 1));
            assertTrue(result.getPrimaryResult().getScore() > 0, name + " did no operation");
        }
        return ran;
    }
}
