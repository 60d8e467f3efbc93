package org.bmsgen.firmware.esp32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.Map;

import org.bmsgen.firmware.smart4s.esp32.Esp32Firmware;
import org.bmsgen.firmware.smart4s.esp32.LinkFrames;
import org.bmsgen.firmware.smart4s.stm32.LinkSender;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.HttpRequest;
import org.bmsgen.platform.HttpServer;
import org.bmsgen.platform.MonotonicClock;
import org.bmsgen.platform.RandomSource;
import org.bmsgen.platform.Status;
import org.bmsgen.platform.TickHandler;
import org.bmsgen.platform.TickSource;
import org.bmsgen.platform.Uart;
import org.bmsgen.platform.Watchdog;
import org.bmsgen.sim.board.Esp32Node;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.net.SimGattServer;
import org.bmsgen.sim.net.SimHttpServer;
import org.junit.jupiter.api.Test;

/**
 * The reference pack's ESP32 firmware on the simulated board, with the generated STM32 link sender (driven here
 * every 250 ms from a PackState, as Stm32Firmware will) on the other end of the UART: telemetry reaches JSON and
 * BLE, an authenticated command reaches the STM32, and a tick allocates nothing.
 */
class Esp32FirmwareTest {

    private final SimBoard board = SimBoard.reference4s(42);
    private final LinkSender sender = new LinkSender(board.stm32().uart());
    private final PackState state = new PackState();
    private Esp32Firmware firmware;

    private void powerOn() {
        Esp32Node esp32 = board.esp32();
        esp32.install(mcu -> {
            firmware = new Esp32Firmware(esp32.uart(), esp32.http(), esp32.gatt(), esp32.random(), esp32.clock(),
                    esp32.tickSource(), esp32.watchdog());
            assertEquals(Status.OK, firmware.start());
        });
        board.powerOn();
    }

    /** The STM32 side: one control period of 250 ms (smart4s.bms:18), then its commands. */
    private int period() {
        sender.tick(state);
        board.advance(250_000);
        return sender.pollCommand();
    }

    private Map<String, Object> telemetryJson() {
        SimHttpServer http = board.esp32().simHttp();
        http.get("/api/telemetry");
        board.advance(Esp32Firmware.TICK_PERIOD_MICROS);
        assertEquals(200, http.lastResponse().status());
        return Json.object(Json.parse(http.lastResponse().text()));
    }

    @Test
    void telemetryFromTheStm32ReachesJsonAndBle() {
        powerOn();
        state.packMv = 14_950;
        state.packMa = -8_000;
        state.socBp = 7_349;
        state.machineState[PackState.MACHINE_CONTROL] = 1;
        for (int i = 0; i < 12; i++) {
            state.packMa -= 100;
            period();
        }
        // smart4s.bms:142 every 1 s: frames at periods 0, 4, 8 (the last with packMa = -8 900)
        Map<String, Object> json = telemetryJson();
        Map<String, Object> frame = Json.object(Json.object(json.get("frames")).get("Telemetry"));
        assertEquals(14_950L, frame.get("packVoltageMv"));
        assertEquals(-8_900L, frame.get("packCurrentMa"));
        assertEquals(7_349L, frame.get("socBp"));
        assertEquals(1L, frame.get("state"));
        assertEquals(true, frame.get("valid"));
        assertEquals(3L, frame.get("updates"));
        assertEquals(3L, Json.object(json.get("link")).get("accepted"));
        assertEquals(0L, Json.object(json.get("link")).get("lost"));

        SimGattServer gatt = board.esp32().simGatt();
        assertTrue(gatt.started());
        assertEquals(73, gatt.characteristic(0x2A19).value()[0], "73.49 % rounds to 73");
        assertEquals(-8_900, BatteryGattServiceTest.int32(gatt.characteristic(BatteryGattServiceTest.packUuid(0x0101))
                .value()));
        // smart4s.bms:24 publish ble every 1 s: 3 s run -> a notification each second (first on the first tick)
        int notified = gatt.characteristic(0x2A19).notifications().size();
        assertTrue(notified >= 3 && notified <= 4, "notifications " + notified);

        // the STM32 stops sending: after 3 periods of 1 s the frame is no longer valid
        board.advance(3_100_000);
        frame = Json.object(Json.object(telemetryJson().get("frames")).get("Telemetry"));
        assertEquals(false, frame.get("valid"));
    }

    @Test
    void anAuthenticatedCommandReachesTheStm32AndAForgedOneDoesNot() throws Exception {
        powerOn();
        period();
        SimHttpServer http = board.esp32().simHttp();
        http.get("/api/nonce");
        board.advance(Esp32Firmware.TICK_PERIOD_MICROS);
        byte[] nonce = HexFormat.of().parseHex((String) Json.object(Json.parse(http.lastResponse().text()))
                .get("nonce"));
        // forged first: wrong secret; spends the nonce, nothing reaches the STM32
        http.post("/api/command", "command=ship-mode&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac="
                + TelemetryApiTest.hmacHex("guess".getBytes(), nonce, "ship-mode"));
        board.advance(Esp32Firmware.TICK_PERIOD_MICROS);
        assertEquals(401, http.lastResponse().status());
        assertEquals(-1, period());

        http.get("/api/nonce");
        board.advance(Esp32Firmware.TICK_PERIOD_MICROS);
        nonce = HexFormat.of().parseHex((String) Json.object(Json.parse(http.lastResponse().text())).get("nonce"));
        http.post("/api/command", "command=clear-faults&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac="
                + TelemetryApiTest.hmacHex(TelemetryApiTest.SECRET, nonce, "clear-faults"));
        board.advance(Esp32Firmware.TICK_PERIOD_MICROS);
        assertEquals(200, http.lastResponse().status(), http.lastResponse().text());
        assertEquals(LinkFrames.COMMAND_CLEAR_FAULTS, period());
        assertEquals(-1, period(), "forwarded once");
        assertEquals(1, firmware.commandsForwarded());
    }

    @Test
    void afterABrownOutTheFirmwareStartsAgainWithBleAndTelemetry() {
        powerOn();
        Esp32Firmware first = firmware;
        state.packMv = 14_000;
        for (int i = 0; i < 4; i++) {
            period();
        }
        board.brownOut();
        assertTrue(firmware != first, "a new start after the reset");
        assertEquals(Status.OK, firmware.bleStatus(), "the GATT layout is declared again");
        state.packMv = 14_100;
        for (int i = 0; i < 8; i++) {
            period();
        }
        Map<String, Object> frame = Json.object(Json.object(telemetryJson().get("frames")).get("Telemetry"));
        assertEquals(14_100L, frame.get("packVoltageMv"));
        assertEquals(true, frame.get("valid"));
    }

    @Test
    void onANoisyUartTheTelemetryOnlyEverHoldsValuesTheStm32Sent() {
        powerOn();
        board.setUartNoise(0.003); // a bit flip in about one byte of 330: a 23-byte frame is hit 7 % of the time
        java.util.Set<Integer> sent = new java.util.HashSet<>();
        sent.add(0); // before the first frame
        for (int i = 0; i < 400; i++) {
            state.packMv = 14_000 + i;
            state.socBp = 9_000 - i;
            if (i % 4 == 0) {
                sent.add(state.packMv);
            }
            period();
            int packMv = firmware.telemetry().packVoltageMv();
            assertTrue(sent.contains(packMv), "a value never sent: " + packMv);
            if (packMv != 0) {
                assertEquals(9_000 - (packMv - 14_000), firmware.telemetry().socBp(), "fields of one frame");
            }
        }
        long accepted = firmware.link().framesAccepted();
        long rejected = firmware.link().framesRejected();
        System.out.printf("ESP32 on a noisy UART (0.3 %% bytes hit): %d frames accepted, %d rejected, %d lost%n",
                accepted, rejected, firmware.link().framesLost());
        assertTrue(accepted > 80 && rejected > 0, accepted + " accepted, " + rejected + " rejected");
    }

    // ---- allocation: the tick with every path busy, on platform fakes that allocate nothing themselves ----

    /** A UART whose receive side replays telemetry frames and whose transmit side swallows what it gets. */
    private static final class ReplayUart implements Uart {
        final byte[] stream = new byte[LinkFrames.MAX_FRAME_BYTES * 8];
        int length;
        int at;
        int written;

        ReplayUart() {
            byte[] payload = TelemetryApiTest.telemetryPayload(14_000, -5_000, 6_000, 2);
            for (int i = 0; i < 8; i++) {
                length += LinkFrames.encode(LinkFrames.TYPE_TELEMETRY, i, payload, 0, 16, stream, length);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int maxLength) {
            int count = 0;
            while (count < maxLength && count < 40) { // about what 115 200 baud brings in 3.5 ms
                buffer[offset + count++] = stream[at];
                at = (at + 1) % length;
            }
            return count;
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            written += length;
            return length;
        }

        @Override
        public int takeErrors() {
            return 0;
        }
    }

    /** Serves, in turn, telemetry, a nonce, an authentic command (the nonce is predictable here) and the page. */
    private static final class CyclingHttp implements HttpServer {
        final byte[][] paths;
        final byte[][] bodies;
        final int[] methods;
        int next;
        int answered;
        int ok;

        CyclingHttp(String commandBody) {
            paths = new byte[][] {"/api/telemetry".getBytes(), "/api/nonce".getBytes(), "/api/command".getBytes(),
                    "/".getBytes()};
            bodies = new byte[][] {new byte[0], new byte[0], commandBody.getBytes(), new byte[0]};
            methods = new int[] {HttpRequest.METHOD_GET, HttpRequest.METHOD_GET, HttpRequest.METHOD_POST,
                    HttpRequest.METHOD_GET};
        }

        @Override
        public int poll(HttpRequest into) {
            if (next % 5 == 4) { // one idle poll in five: the serve loop's end
                next++;
                return 0;
            }
            int i = next % 5;
            next++;
            into.set(methods[i], paths[i].length, bodies[i].length);
            System.arraycopy(paths[i], 0, into.path, 0, paths[i].length);
            System.arraycopy(bodies[i], 0, into.body, 0, bodies[i].length);
            return 1;
        }

        @Override
        public int respond(int status, String contentType, byte[] body, int offset, int length) {
            answered++;
            if (status == 200) {
                ok++;
            }
            return Status.OK;
        }
    }

    private static final class QuietGatt implements GattServer {
        int handles;
        int values;

        @Override
        public int addService(int uuid16) {
            return handles++;
        }

        @Override
        public int addService128(long uuidHigh, long uuidLow) {
            return handles++;
        }

        @Override
        public int addCharacteristic(int service, int uuid16, int properties) {
            return handles++;
        }

        @Override
        public int addCharacteristic128(int service, long uuidHigh, long uuidLow, int properties) {
            return handles++;
        }

        @Override
        public int start() {
            return Status.OK;
        }

        @Override
        public int setValue(int characteristic, byte[] value, int offset, int length) {
            values++;
            return Status.OK;
        }

        @Override
        public int notify(int characteristic) {
            return 1;
        }
    }

    @Test
    void theTickAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        // the fake RNG gives the same nonce every time, so the command body can be made once, here
        byte[] nonce = new byte[16];
        java.util.Arrays.fill(nonce, (byte) 0x5A);
        RandomSource fixed = (buffer, offset, length) -> {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = 0x5A;
            }
            return Status.OK;
        };
        String body = "command=balancing-on&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac="
                + TelemetryApiTest.hmacHex(TelemetryApiTest.SECRET, nonce, "balancing-on");
        ReplayUart uart = new ReplayUart();
        CyclingHttp http = new CyclingHttp(body);
        QuietGatt gatt = new QuietGatt();
        long[] now = {0};
        MonotonicClock clock = () -> now[0];
        TickSource ticks = new TickSource() {
            @Override
            public int start(long periodMicros, TickHandler handler) {
                return Status.OK;
            }

            @Override
            public void stop() {
            }

            @Override
            public long overruns() {
                return 0;
            }
        };
        Watchdog watchdog = new Watchdog() {
            @Override
            public int start(int timeoutMillis) {
                return Status.OK;
            }

            @Override
            public void kick() {
            }
        };
        Esp32Firmware esp32 = new Esp32Firmware(uart, http, gatt, fixed, clock, ticks, watchdog);
        assertEquals(Status.OK, esp32.start());
        long tick = 0;
        long thread = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 4; window++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 5_000; i++) {
                tick++;
                now[0] += Esp32Firmware.TICK_PERIOD_MICROS;
                esp32.onTick(tick, now[0]);
            }
            long bytes = threads.getThreadAllocatedBytes(thread) - before;
            if (window > 0) { // the first window warms up (class loading, JIT)
                fewest = Math.min(fewest, bytes);
            }
        }
        assertEquals(0, fewest, "bytes allocated in 5 000 ticks");
        long start = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            tick++;
            now[0] += Esp32Firmware.TICK_PERIOD_MICROS;
            esp32.onTick(tick, now[0]);
        }
        // measured, not asserted (the host is shared): a tick with frames, 4 requests and a command
        System.out.printf("ESP32 tick on the host JVM: %.1f us (frames, 4 HTTP requests incl. one HMAC, BLE)%n",
                (System.nanoTime() - start) / 5_000 / 1000.0);
        // every path really ran: frames decoded, all four kinds of requests answered 200, commands forwarded
        assertTrue(esp32.telemetry().updates(0) > 10_000, "frames " + esp32.telemetry().updates(0));
        assertEquals(14_000, esp32.telemetry().packVoltageMv());
        assertEquals(http.answered, http.ok, "every request answered 200");
        assertTrue(esp32.commandsForwarded() > 1_000, "commands " + esp32.commandsForwarded());
        assertTrue(uart.written > 0 && gatt.values > 0);
    }
}
