/**
 * Hardware interfaces the generated firmware calls; implemented by the board ports and by the host
 * simulation (bmsgen-simulator).
 *
 * <p>Rules for every interface here, so that the firmware's control path is deterministic:
 * <ul>
 * <li>Java 7, java.lang only: the module compiles with {@code --release 7} and depends on nothing.</li>
 * <li>No allocation in any call: the caller owns every buffer (array + offset + length) and every
 *     frame object, implementations copy into or out of them.</li>
 * <li>No exceptions on the control path: calls that can fail return a {@link org.bmsgen.platform.Status}
 *     code ({@code OK} = 0, failures negative, counts non-negative). Exceptions are thrown only for
 *     programming errors that a test must see (a null buffer or an offset/length outside the array),
 *     as {@link java.lang.IndexOutOfBoundsException} or {@link java.lang.IllegalArgumentException}.</li>
 * <li>Time is in microseconds ({@code long}) or, where the datasheet of a peripheral uses them,
 *     milliseconds ({@code int}); each method says which.</li>
 * </ul>
 */
package org.bmsgen.platform;
