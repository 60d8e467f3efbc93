package org.bmsgen.firmware.esp32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

import org.bmsgen.firmware.smart4s.esp32.BatteryGattService;
import org.bmsgen.firmware.smart4s.esp32.TelemetryState;
import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.net.SimGattServer;
import org.junit.jupiter.api.Test;

/** The reference pack's BLE layout and values on the simulated GATT server. */
class BatteryGattServiceTest {

    /** bmsgen's base 5bd1xxxx-0c6d-4f3a-9a6e-62d5f0b1e5a7 with a number in xxxx. */
    static UUID packUuid(int number) {
        return UUID.fromString(String.format("5bd1%04x-0c6d-4f3a-9a6e-62d5f0b1e5a7", number));
    }

    static int int32(byte[] value) {
        assertEquals(4, value.length);
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void layoutIsTheBatteryServiceAndOneCharacteristicPerTelemetryField() {
        SimGattServer gatt = new SimGattServer();
        BatteryGattService service = new BatteryGattService(gatt);
        assertEquals(Status.OK, service.start());
        assertEquals(2, gatt.services().size());
        assertEquals(SimGattServer.uuid16(0x180F), gatt.services().get(0).uuid());
        assertEquals(packUuid(0x0001), gatt.services().get(1).uuid());
        // Battery Level + the four fields of smart4s.bms:142..146; the reference frame carries no fault flag
        assertEquals(5, gatt.characteristics().size());
        SimGattServer.Characteristic level = gatt.characteristic(0x2A19);
        assertEquals(gatt.services().get(0).handle(), level.service());
        assertEquals(GattServer.PROPERTY_READ | GattServer.PROPERTY_NOTIFY, level.properties());
        for (int field = 0; field < 4; field++) {
            assertEquals(gatt.services().get(1).handle(), gatt.characteristic(packUuid(0x0100 + field)).service());
        }
        assertThrows(IllegalArgumentException.class, () -> gatt.characteristic(packUuid(0x0200)));
    }

    @Test
    void valuesFollowTheTelemetryAndAreNotified() {
        SimGattServer gatt = new SimGattServer();
        BatteryGattService service = new BatteryGattService(gatt);
        assertEquals(Status.OK, service.start());
        assertEquals(Status.OK, gatt.start());
        TelemetryState telemetry = new TelemetryState();
        telemetry.update(0x01, TelemetryApiTest.telemetryPayload(15_123, -20_500, 5_550, 3), 16, 0);
        assertEquals(Status.OK, service.update(telemetry));
        // Battery Level: uint8 percent; 55.50 % rounds to 56
        assertArrayEquals(new byte[] {56}, gatt.characteristic(0x2A19).value());
        assertEquals(15_123, int32(gatt.characteristic(packUuid(0x0100)).value()));
        assertEquals(-20_500, int32(gatt.characteristic(packUuid(0x0101)).value()));
        assertEquals(5_550, int32(gatt.characteristic(packUuid(0x0102)).value()));
        assertEquals(3, int32(gatt.characteristic(packUuid(0x0103)).value()));
        assertEquals(Status.OK, service.notifyAllCharacteristics());
        assertEquals(1, gatt.characteristic(0x2A19).notifications().size());
        assertEquals(1, gatt.characteristic(packUuid(0x0101)).notifications().size());
    }

    @Test
    void batteryLevelIsWholePercentClamped() {
        assertEquals(0, BatteryGattService.batteryLevelPercent(-300));
        assertEquals(0, BatteryGattService.batteryLevelPercent(49));
        assertEquals(1, BatteryGattService.batteryLevelPercent(50));
        assertEquals(100, BatteryGattService.batteryLevelPercent(10_000));
        assertEquals(100, BatteryGattService.batteryLevelPercent(10_600));
    }

    @Test
    void aFullAttributeTableIsReported() {
        SimGattServer gatt = new SimGattServer();
        for (int i = 0; i < SimGattServer.MAX_ATTRIBUTES - 3; i++) {
            gatt.addService(0x1800 + i);
        }
        assertEquals(Status.FULL, new BatteryGattService(gatt).start());
    }
}
