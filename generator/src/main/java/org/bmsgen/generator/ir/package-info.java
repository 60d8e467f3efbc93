/**
 * The intermediate model between the .bms language and the emitters (issue 4): {@link org.bmsgen.generator.ir.PackIr}
 * and its parts, built from a checked pack by {@link org.bmsgen.generator.ir.PackIrBuilder}; the toolchain reaches
 * it through {@link org.bmsgen.generator.ir.LoadedPacks}, which refuses a model with errors.
 * <p>
 * Conventions every emitter can rely on:
 * <ul>
 * <li>Values are whole numbers of the {@link org.bmsgen.generator.ir.ScaledUnit} in their name (mV, mA, 0.01 degC,
 * basis points, ms, us, uOhm, mAh, bytes); estimator parameters and cell tables are {@code float}, as the EKF
 * computes.</li>
 * <li>Delays and timeouts are also given in control periods, ceil(time / period): never earlier than modelled, at
 * most one period later.</li>
 * <li>Lists are in model order (base pack first, as
 * {@link org.bmsgen.dsl.variant.EffectivePack} orders them) or in a documented sorted order; indices ({@code index},
 * {@code target}, {@code operand}) point into those lists.</li>
 * <li>Every element that stands for a model element carries a {@link org.bmsgen.generator.ir.Trace}: file relative
 * to the models' root and line.</li>
 * </ul>
 */
package org.bmsgen.generator.ir;
