package org.bmsgen.sim.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.HttpRequest;
import org.bmsgen.platform.HttpServer;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.board.SimBoard;
import org.junit.jupiter.api.Test;

class SimNetTest {

    @Test
    void aRequestIsPolledIntoTheCallersObjectAndItsAnswerRecorded() {
        SimHttpServer server = new SimHttpServer();
        HttpRequest request = new HttpRequest();
        assertEquals(0, server.poll(request));
        server.post("/api/command?x=1", "command=ship-mode");
        assertEquals(1, server.poll(request));
        assertEquals(HttpRequest.METHOD_POST, request.method());
        assertTrue(request.pathIs("/api/command"), "the query string is not part of the path");
        assertFalse(request.pathIs("/api/comman"));
        assertEquals("command=ship-mode", new String(request.body, 0, request.bodyLength(), StandardCharsets.US_ASCII));
        byte[] body = "xx{}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Status.OK, server.respond(200, HttpServer.CONTENT_TYPE_JSON, body, 2, 2));
        assertEquals(Status.INVALID_ARGUMENT, server.respond(200, HttpServer.CONTENT_TYPE_JSON, body, 0, 0),
                "a request is answered once");
        assertEquals(200, server.lastResponse().status());
        assertEquals("{}", server.lastResponse().text());
        assertEquals("/api/command", server.lastResponse().request().path());
    }

    @Test
    void oversizedRequestsAreAnsweredByTheServerAndUnansweredOnesGet500() {
        SimHttpServer server = new SimHttpServer();
        server.submit(HttpRequest.METHOD_POST, "/", new byte[HttpRequest.MAX_BODY_LENGTH + 1]);
        assertEquals(413, server.lastResponse().status());
        server.get("/" + "a".repeat(HttpRequest.MAX_PATH_LENGTH));
        assertEquals(414, server.lastResponse().status());
        assertEquals(0, server.waiting());
        server.get("/a");
        server.get("/b");
        HttpRequest request = new HttpRequest();
        assertEquals(1, server.poll(request));
        assertEquals(1, server.poll(request));
        assertEquals(500, server.lastResponse().status());
        assertEquals("/a", server.lastResponse().request().path());
        assertTrue(request.pathIs("/b"));
    }

    @Test
    void gattLayoutIsFixedAtStartAndValuesAndNotificationsAreRecorded() {
        SimGattServer gatt = new SimGattServer();
        int battery = gatt.addService(0x180F);
        int level = gatt.addCharacteristic(battery, 0x2A19, GattServer.PROPERTY_READ | GattServer.PROPERTY_NOTIFY);
        int custom = gatt.addService128(0x1234L, 0x5678L);
        int voltage = gatt.addCharacteristic128(custom, 0x1234L, 0x5679L, GattServer.PROPERTY_READ);
        assertTrue(battery >= 0 && level >= 0 && custom >= 0 && voltage >= 0);
        assertEquals(Status.INVALID_ARGUMENT, gatt.addCharacteristic(99, 0x2A19, GattServer.PROPERTY_READ));
        assertEquals(Status.OFFLINE, gatt.notify(level), "no notification before start");
        assertEquals(Status.OK, gatt.start());
        assertEquals(Status.BUSY, gatt.addService(0x1800));
        assertEquals(Status.OK, gatt.setValue(level, new byte[] {9, 57}, 1, 1));
        assertEquals(1, gatt.notify(level));
        assertEquals(Status.INVALID_ARGUMENT, gatt.notify(voltage), "not a notifying characteristic");
        assertEquals(Status.INVALID_ARGUMENT, gatt.setValue(voltage, new byte[21], 0, 21));
        // Battery Level on the Bluetooth Base UUID: 00002A19-0000-1000-8000-00805F9B34FB
        SimGattServer.Characteristic read = gatt.characteristic(UUID.fromString("00002a19-0000-1000-8000-00805f9b34fb"));
        assertArrayEquals(new byte[] {57}, read.value());
        assertEquals(1, read.notifications().size());
        assertEquals(new UUID(0x1234L, 0x5679L), gatt.characteristic(new UUID(0x1234L, 0x5679L)).uuid());
    }

    @Test
    void randomBytesAreReproducedFromTheSeedAndDifferBetweenSeeds() {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        byte[] c = new byte[16];
        new SimRandomSource(7).fill(a, 0, 16);
        new SimRandomSource(7).fill(b, 0, 16);
        new SimRandomSource(8).fill(c, 0, 16);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        SimRandomSource source = new SimRandomSource(7);
        byte[] first = new byte[16];
        byte[] second = new byte[16];
        source.fill(first, 0, 16);
        source.fill(second, 0, 16);
        assertFalse(java.util.Arrays.equals(first, second), "a stream, not one value again");
        assertEquals(32, source.bytesDrawn());
    }

    @Test
    void aResetOfTheEsp32RestartsItsNetworkStacks() {
        SimBoard board = SimBoard.reference4s(3);
        int[] declared = new int[1];
        int[] starts = new int[1];
        board.esp32().install(mcu -> {
            starts[0]++;
            declared[0] = board.esp32().gatt().addService(0x180F);
            board.esp32().gatt().start();
        });
        board.powerOn();
        assertEquals(0, declared[0]);
        board.esp32().simHttp().get("/a");
        board.esp32().http().poll(new HttpRequest());
        board.brownOut();
        board.advance(10_000);
        assertEquals(2, starts[0]);
        assertEquals(0, declared[0], "the layout is declared again, not refused as BUSY");
        assertEquals(1, board.esp32().simGatt().services().size());
        assertEquals(0, board.esp32().simHttp().lastResponse().status(), "the request in flight lost its connection");
    }

    @Test
    void theBoardsEsp32HasTheNetworkPeripherals() {
        SimBoard board = SimBoard.reference4s(1);
        assertEquals("esp32", board.esp32().name());
        assertTrue(board.esp32().http() == board.esp32().simHttp());
        assertTrue(board.esp32().gatt() == board.esp32().simGatt());
        byte[] bytes = new byte[8];
        assertEquals(Status.OK, board.esp32().random().fill(bytes, 0, 8));
    }
}
