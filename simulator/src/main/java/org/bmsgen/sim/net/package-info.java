/**
 * The ESP32's network side in simulation: an HTTP server a test sends requests through, a BLE GATT server that
 * records what the firmware publishes, and a seeded random source.
 */
package org.bmsgen.sim.net;
