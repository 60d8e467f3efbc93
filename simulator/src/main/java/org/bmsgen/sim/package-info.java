/**
 * The board in software: implementations of the {@code org.bmsgen.platform} interfaces on simulated time,
 * so generated firmware runs and is tested in CI without hardware.
 *
 * <ul>
 * <li>{@code time}: the {@link org.bmsgen.sim.time.Scheduler} (simulated clock and timer queue; nothing
 *     else moves time), seeded random streams per component, the periodic tick.</li>
 * <li>{@code i2c}, {@code spi}, {@code uart}, {@code can}: buses and links moving raw bytes and frames,
 *     with fault injection (I2C NACK/bit flips, UART bit errors, CAN error frames).</li>
 * <li>{@code afe}: the register-exact BQ76920 behind I2C (shared/reference/bq76920.md, TI SLUSBK2I).</li>
 * <li>{@code flash}: the W25Q128JV behind SPI, with power-loss injection.</li>
 * <li>{@code plant}: the cells and power path the AFE measures and switches.</li>
 * <li>{@code mcu}: reset domain (watchdog, reset cause) and GPIO pins.</li>
 * <li>{@code board}: the reference board wired in one object ({@link org.bmsgen.sim.board.SimBoard}), the
 *     entry point of test harnesses.</li>
 * </ul>
 *
 * <p>Rules: deterministic for a seed (no wall clock, no hash order, one random stream per component);
 * the step of a running simulation allocates nothing (checked by tests with the per-thread allocation
 * counter), so it can be benchmarked.
 */
package org.bmsgen.sim;
