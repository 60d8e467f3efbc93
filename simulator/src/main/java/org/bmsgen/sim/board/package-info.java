/**
 * The simulated board as one object: {@link org.bmsgen.sim.board.SimBoard} wires the plant, the AFE, the
 * flash, the CAN bus, the UART and both MCUs of the reference board, hands the firmware its platform
 * interfaces through the MCU nodes and gives tests the handles to drive and disturb it.
 */
package org.bmsgen.sim.board;
