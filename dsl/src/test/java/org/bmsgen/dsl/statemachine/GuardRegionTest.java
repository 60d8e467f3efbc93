package org.bmsgen.dsl.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The exact overlap decision of guards, against brute force: every guard here has integer thresholds in
 * -5..5, so the half-integer grid -5.5..5.5 (together with all flag combinations) meets every non-empty
 * region of such guards; two guards overlap exactly when some grid point satisfies both.
 */
class GuardRegionTest {

	private static final List<String> MEASUREMENTS = List.of("current", "soc");
	private static final List<String> FLAGS = List.of("charging", "fault-active");

	record Comparison(int measurement, boolean above, int value) {
		boolean holds(double x) {
			return above ? x > value : x < value;
		}
	}

	record FlagTerm(int flag, boolean value) {
	}

	record Guard(List<Comparison> comparisons, List<FlagTerm> flags) {

		GuardRegion region() {
			GuardRegion region = GuardRegion.EVERYWHERE;
			for (Comparison c : comparisons) {
				String m = MEASUREMENTS.get(c.measurement());
				region = c.above() ? region.above(m, BigDecimal.valueOf(c.value())) : region.below(m, BigDecimal.valueOf(c.value()));
			}
			for (FlagTerm f : flags) {
				region = region.flag(FLAGS.get(f.flag()), f.value());
			}
			return region;
		}

		/** The guard's meaning, evaluated directly at a point. */
		boolean holds(double[] measurements, boolean[] flagValues) {
			return comparisons.stream().allMatch(c -> c.holds(measurements[c.measurement()]))
					&& flags.stream().allMatch(f -> flagValues[f.flag()] == f.value());
		}
	}

	@Provide
	Arbitrary<Guard> guards() {
		Arbitrary<Comparison> comparison = Combinators.combine(Arbitraries.integers().between(0, MEASUREMENTS.size() - 1),
				Arbitraries.of(true, false), Arbitraries.integers().between(-5, 5)).as(Comparison::new);
		Arbitrary<FlagTerm> flag = Combinators.combine(Arbitraries.integers().between(0, FLAGS.size() - 1),
				Arbitraries.of(true, false)).as(FlagTerm::new);
		return Combinators.combine(comparison.list().ofMaxSize(4), flag.list().ofMaxSize(2)).as(Guard::new);
	}

	private static boolean someGridPointSatisfiesBoth(Guard a, Guard b) {
		for (int i = -11; i <= 11; i++) {
			for (int j = -11; j <= 11; j++) {
				double[] point = { i / 2.0, j / 2.0 };
				for (int flags = 0; flags < 4; flags++) {
					boolean[] values = { (flags & 1) != 0, (flags & 2) != 0 };
					if (a.holds(point, values) && b.holds(point, values)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	@Property(tries = 400)
	void intersectIsEmptyExactlyWhenNoPointSatisfiesBothGuards(@ForAll("guards") Guard a, @ForAll("guards") Guard b) {
		boolean overlapByRegion = !a.region().intersect(b.region()).isEmpty();
		assertEquals(someGridPointSatisfiesBoth(a, b), overlapByRegion, a + " / " + b);
		// both answers must be exercised, or the property would prove little
		Statistics.collect(overlapByRegion);
		Statistics.coverage(coverage -> {
			coverage.check(true).percentage(p -> p > 10);
			coverage.check(false).percentage(p -> p > 10);
		});
	}

	@Property(tries = 200)
	void containsAgreesWithTheGuardAtEveryGridPoint(@ForAll("guards") Guard guard) {
		GuardRegion region = guard.region();
		for (int i = -11; i <= 11; i++) {
			for (int flags = 0; flags < 4; flags++) {
				double[] point = { i / 2.0, -i / 2.0 };
				boolean[] values = { (flags & 1) != 0, (flags & 2) != 0 };
				Map<String, BigDecimal> measurements = new HashMap<>();
				measurements.put("current", BigDecimal.valueOf(point[0]));
				measurements.put("soc", BigDecimal.valueOf(point[1]));
				Map<String, Boolean> flagValues = Map.of("charging", values[0], "fault-active", values[1]);
				assertEquals(guard.holds(point, values), region.contains(measurements, flagValues), guard + " at " + i);
			}
		}
	}

	@Test
	void openIntervalsThatOnlyTouchDoNotOverlap() {
		GuardRegion above = GuardRegion.EVERYWHERE.above("current", new BigDecimal("0.2"));
		GuardRegion below = GuardRegion.EVERYWHERE.below("current", new BigDecimal("0.200"));
		assertTrue(above.intersect(below).isEmpty());
		assertFalse(above.intersect(GuardRegion.EVERYWHERE.below("current", new BigDecimal("0.2001"))).isEmpty());
	}

	@Test
	void negatedFlagExcludesTheFlag() {
		GuardRegion charging = GuardRegion.EVERYWHERE.flag("charging", true);
		assertTrue(charging.intersect(GuardRegion.EVERYWHERE.flag("charging", false)).isEmpty());
		assertFalse(charging.intersect(GuardRegion.EVERYWHERE.flag("fault-active", false)).isEmpty());
	}

	@Test
	void describeNamesTheCommonRegion() {
		GuardRegion both = GuardRegion.EVERYWHERE.above("current", new BigDecimal("-1")).below("current", new BigDecimal("0.5"))
				.intersect(GuardRegion.EVERYWHERE.above("current", new BigDecimal("0.40")).flag("charging", false));
		assertEquals("current above 0.4 A and below 0.5 A, not charging", both.describe(m -> "A"));
		assertEquals("always", GuardRegion.EVERYWHERE.describe(m -> "A"));
	}
}
