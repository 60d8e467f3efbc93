/**
 * The Java firmware of issue 4, printed from the {@link org.bmsgen.generator.ir.PackIr} with Palantir JavaPoet:
 * one emitter per generated file ({@link org.bmsgen.generator.firmware.AfeConfigurationEmitter} ->
 * {@code AfeConfiguration.java}, {@link org.bmsgen.generator.firmware.ProtectionTableEmitter} ->
 * {@code ProtectionTable.java}); {@link org.bmsgen.generator.firmware.FirmwareGenerator} lists them.
 * <p>
 * Rules of the output (the firmware profile): Java 7 ({@code javac --release 7}), references only java.lang and
 * org.bmsgen.platform, no allocation after class initialisation (tables are {@code static final} arrays).
 * Every file starts with the same header as the artifacts (pack, model files, generator version, no date) and
 * every member's javadoc ends with its model trace ({@code smart4s.bms:45}) and, for a number whose meaning
 * comes from the BQ769x0, the datasheet section. Each pack's firmware lives in its own package,
 * {@link org.bmsgen.generator.firmware.FirmwarePackage#of}: {@code org.bmsgen.firmware.<pack in lower case>}.
 * Golden files of the reference pack are in src/test/resources/golden/firmware; the tests compile every
 * generated file against the platform module alone before comparing.
 */
package org.bmsgen.generator.firmware;
