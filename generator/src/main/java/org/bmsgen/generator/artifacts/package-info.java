/**
 * The non-code artifacts of issue 4, printed from the {@link org.bmsgen.generator.ir.PackIr} alone: the CAN
 * database ({@link org.bmsgen.generator.artifacts.CanDbcEmitter}), the state diagrams as PlantUML source
 * ({@link org.bmsgen.generator.artifacts.StateDiagramEmitter}) and SVG
 * ({@link org.bmsgen.generator.artifacts.StateDiagramRenderer}), and the configuration sheet
 * ({@link org.bmsgen.generator.artifacts.ConfigurationSheetEmitter}); {@link org.bmsgen.generator.artifacts.ArtifactGenerator}
 * writes them all.
 * <p>
 * One emitter per generated file; emitters only print (a value they need that is not in the IR belongs in the
 * IR builder). Every file starts with a header naming the pack, its model files and the generator version, and
 * carries each element's model trace (file:line). Output is UTF-8 with LF line endings, in model or file-name
 * order, without timestamps. Golden files for the reference pack are in src/test/resources/golden (accept a
 * reviewed change with {@code -Dbmsgen.updateGolden=true}).
 */
package org.bmsgen.generator.artifacts;
