package org.bmsgen.firmware.esp32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bmsgen.firmware.smart4s.esp32.CommandAuthenticator;
import org.bmsgen.firmware.smart4s.esp32.TelemetryApi;
import org.bmsgen.firmware.smart4s.esp32.TelemetryState;
import org.bmsgen.platform.HttpServer;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.net.SimHttpServer;
import org.bmsgen.sim.net.SimRandomSource;
import org.junit.jupiter.api.Test;

/**
 * The reference pack's HTTP API and command authentication, without the link: telemetry payloads are fed to the
 * TelemetryState as the link would hand them over, requests go through the simulated HTTP server, MACs are
 * computed here with the JDK's HmacSHA256 and the secret as models/smart4s.bms:29 writes it.
 */
class TelemetryApiTest {

    /** models/smart4s.bms:29. */
    static final byte[] SECRET = "change-me-per-pack".getBytes(StandardCharsets.UTF_8);

    private final SimHttpServer http = new SimHttpServer();
    private final TelemetryState telemetry = new TelemetryState();
    private final CommandAuthenticator authenticator = new CommandAuthenticator(new SimRandomSource(99));
    private final TelemetryApi api = new TelemetryApi(http, telemetry, authenticator);
    private long nowMicros = 5_000_000;

    /** The Telemetry frame's payload: smart4s.bms:142..146, int32 little endian each. */
    static byte[] telemetryPayload(int packMv, int packMa, int socBp, int state) {
        byte[] payload = new byte[16];
        int[] fields = {packMv, packMa, socBp, state};
        for (int i = 0; i < 4; i++) {
            for (int b = 0; b < 4; b++) {
                payload[4 * i + b] = (byte) (fields[i] >> (8 * b));
            }
        }
        return payload;
    }

    static String hmacHex(byte[] secret, byte[] nonce, String command) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update(nonce);
        return HexFormat.of().formatHex(mac.doFinal(command.getBytes(StandardCharsets.US_ASCII)));
    }

    private SimHttpServer.Response get(String path) {
        http.get(path);
        assertEquals(1, api.serve(nowMicros));
        return http.lastResponse();
    }

    private SimHttpServer.Response post(String path, String body) {
        http.post(path, body);
        assertEquals(1, api.serve(nowMicros));
        return http.lastResponse();
    }

    private byte[] nonce() {
        SimHttpServer.Response response = get("/api/nonce");
        assertEquals(200, response.status());
        Map<String, Object> json = Json.object(Json.parse(response.text()));
        assertEquals(30_000L, json.get("expiresInMs"));
        String hex = (String) json.get("nonce");
        assertTrue(hex.matches("[0-9a-f]{32}"), hex);
        return HexFormat.of().parseHex(hex);
    }

    private SimHttpServer.Response command(String command, byte[] nonce, String macHex) {
        return post("/api/command", "command=" + command + "&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac="
                + macHex);
    }

    @Test
    void telemetryJsonCarriesTheValuesOfThePayload() {
        byte[] payload = telemetryPayload(14_812, -12_345, 5_600, 2);
        assertEquals(Status.OK, telemetry.update(0x01, payload, 16, 4_750_000));
        telemetry.linkFramesAccepted = 7;
        telemetry.linkFramesLost = 1;
        SimHttpServer.Response response = get("/api/telemetry");
        assertEquals(200, response.status());
        assertEquals(HttpServer.CONTENT_TYPE_JSON, response.contentType());
        Map<String, Object> json = Json.object(Json.parse(response.text()));
        Map<String, Object> frame = Json.object(Json.object(json.get("frames")).get("Telemetry"));
        assertEquals(14_812L, frame.get("packVoltageMv"));
        assertEquals(-12_345L, frame.get("packCurrentMa"));
        assertEquals(5_600L, frame.get("socBp"));
        assertEquals(2L, frame.get("state"));
        assertEquals(true, frame.get("valid"));
        assertEquals(250L, frame.get("ageMs"));
        assertEquals(1L, frame.get("updates"));
        assertEquals(7L, Json.object(json.get("link")).get("accepted"));
        assertEquals(1L, Json.object(json.get("link")).get("lost"));
    }

    @Test
    void extremeValuesAndStalenessAreWrittenCorrectly() {
        assertEquals(Status.OK, telemetry.update(0x01, telemetryPayload(Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1),
                16, 0));
        nowMicros = 3_000_001; // smart4s.bms:142 every 1 s, stale after 3 periods
        Map<String, Object> frame = Json.object(Json.object(Json.object(Json.parse(get("/api/telemetry").text()))
                .get("frames")).get("Telemetry"));
        assertEquals((long) Integer.MAX_VALUE, frame.get("packVoltageMv"));
        assertEquals((long) Integer.MIN_VALUE, frame.get("packCurrentMa"));
        assertEquals(0L, frame.get("socBp"));
        assertEquals(-1L, frame.get("state"));
        assertEquals(false, frame.get("valid"));
        assertEquals(3000L, frame.get("ageMs"));
    }

    @Test
    void beforeAnyFrameTheJsonSaysInvalidAndNeverReceived() {
        Map<String, Object> frame = Json.object(Json.object(Json.object(Json.parse(get("/api/telemetry").text()))
                .get("frames")).get("Telemetry"));
        assertEquals(false, frame.get("valid"));
        assertEquals(-1L, frame.get("ageMs"));
        assertEquals(0L, frame.get("packVoltageMv"));
    }

    @Test
    void framesOfAnotherTypeOrLengthAreNotTaken() {
        assertEquals(Status.INVALID_ARGUMENT, telemetry.update(0x02, telemetryPayload(1, 2, 3, 4), 16, 0));
        assertEquals(Status.INVALID_ARGUMENT, telemetry.update(0x01, telemetryPayload(1, 2, 3, 4), 12, 0));
        assertEquals(0, telemetry.packVoltageMv());
        assertEquals(2, telemetry.unknownFrames);
        assertEquals(0, telemetry.updates(TelemetryState.FRAME_TELEMETRY));
    }

    @Test
    void dashboardAndRouting() {
        SimHttpServer.Response page = get("/");
        assertEquals(200, page.status());
        assertEquals(HttpServer.CONTENT_TYPE_HTML, page.contentType());
        assertTrue(page.text().startsWith("<!DOCTYPE html>"));
        assertTrue(page.text().contains("fetch('/api/telemetry')"));
        assertTrue(page.text().contains("setInterval(poll,1000)"), "smart4s.bms:23 publish wifi every 1 s");
        assertEquals(404, get("/api/other").status());
        assertEquals(404, get("/api/telemetry/").status());
        assertEquals(405, post("/api/telemetry", "").status());
        assertEquals(405, get("/api/command").status());
        assertEquals("not-found", Json.object(Json.parse(get("/x").text())).get("error"));
    }

    @Test
    void anAuthenticCommandIsQueuedForTheLinkOnce() throws Exception {
        byte[] nonce = nonce();
        SimHttpServer.Response response = command("clear-faults", nonce, hmacHex(SECRET, nonce, "clear-faults"));
        assertEquals(200, response.status(), response.text());
        assertEquals("clear-faults", Json.object(Json.parse(response.text())).get("accepted"));
        assertEquals(1, api.nextCommand(), "docs/firmware.md: COMMAND_CLEAR_FAULTS = 1");
        api.commandSent();
        assertEquals(-1, api.nextCommand());

        byte[] second = nonce();
        assertEquals(200, post("/api/command", "nonce=" + HexFormat.of().formatHex(second) + "&hmac="
                + hmacHex(SECRET, second, "balancing-off").toUpperCase() + "&command=balancing-off\r\n").status(),
                "any order of the pairs, upper-case hex, a trailing newline");
        assertEquals(4, api.nextCommand());
        assertEquals(2, authenticator.accepted());
    }

    @Test
    void replayOfAUsedNonceIsRefused() throws Exception {
        byte[] nonce = nonce();
        String mac = hmacHex(SECRET, nonce, "ship-mode");
        assertEquals(200, command("ship-mode", nonce, mac).status());
        SimHttpServer.Response replay = command("ship-mode", nonce, mac);
        assertEquals(401, replay.status());
        assertEquals("nonce", Json.object(Json.parse(replay.text())).get("error"));
        api.commandSent();
        assertEquals(-1, api.nextCommand(), "the replay queued nothing");
    }

    @Test
    void aWrongSecretOrAMacOverAnotherCommandIsRefusedAndSpendsTheNonce() throws Exception {
        byte[] nonce = nonce();
        byte[] wrongSecret = "change-me-per-pacK".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, command("clear-faults", nonce, hmacHex(wrongSecret, nonce, "clear-faults")).status());
        // one guess per nonce: the right MAC afterwards finds the nonce spent
        assertEquals(401, command("clear-faults", nonce, hmacHex(SECRET, nonce, "clear-faults")).status());
        byte[] other = nonce();
        assertEquals(401, command("ship-mode", other, hmacHex(SECRET, other, "balancing-on")).status(),
                "the MAC binds the command");
        assertEquals(-1, api.nextCommand());
        assertEquals(3, authenticator.rejected());
    }

    @Test
    void noncesNotIssuedOrExpiredAreRefused() throws Exception {
        byte[] invented = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        assertEquals(401, command("clear-faults", invented, hmacHex(SECRET, invented, "clear-faults")).status());
        byte[] nonce = nonce();
        nowMicros += 30_000_001; // 30 s life
        assertEquals(401, command("clear-faults", nonce, hmacHex(SECRET, nonce, "clear-faults")).status());
        byte[] fresh = nonce();
        nowMicros += 30_000_000;
        assertEquals(200, command("clear-faults", fresh, hmacHex(SECRET, fresh, "clear-faults")).status(),
                "good up to its 30 s");
    }

    @Test
    void onlyTheFourNewestNoncesAreOutstanding() throws Exception {
        byte[] oldest = nonce();
        for (int i = 0; i < CommandAuthenticator.NONCE_SLOTS; i++) {
            nonce();
        }
        assertEquals(401, command("clear-faults", oldest, hmacHex(SECRET, oldest, "clear-faults")).status());
    }

    @Test
    void unknownOrUnmodelledCommandsAndMalformedBodiesAre400() throws Exception {
        byte[] nonce = nonce();
        for (String command : new String[] {"disable-protection", "Clear-Faults", "clear-faults ", "reset", ""}) {
            SimHttpServer.Response response = command(command, nonce, hmacHex(SECRET, nonce, command));
            assertEquals(400, response.status(), command);
        }
        assertEquals(400, post("/api/command", "command=clear-faults&nonce=" + HexFormat.of().formatHex(nonce))
                .status(), "no MAC");
        assertEquals(400, post("/api/command", "command=clear-faults&nonce=zz&hmac=00").status());
        assertEquals(400, post("/api/command", "{\"command\":\"clear-faults\"}").status());
        assertEquals(400, post("/api/command", "command=clear-faults&nonce=" + HexFormat.of().formatHex(nonce)
                + "&hmac=" + hmacHex(SECRET, nonce, "clear-faults") + "&extra=1").status());
        // the unknown commands did not spend the nonce: the modelled one still goes through with it
        assertEquals(200, command("clear-faults", nonce, hmacHex(SECRET, nonce, "clear-faults")).status());
    }

    @Test
    void aFullCommandQueueAnswers503WithoutSpendingTheNonce() throws Exception {
        for (int i = 0; i < TelemetryApi.COMMAND_QUEUE; i++) {
            byte[] nonce = nonce();
            assertEquals(200, command("balancing-on", nonce, hmacHex(SECRET, nonce, "balancing-on")).status());
        }
        byte[] nonce = nonce();
        String mac = hmacHex(SECRET, nonce, "balancing-on");
        assertEquals(503, command("balancing-on", nonce, mac).status());
        api.commandSent();
        assertEquals(200, command("balancing-on", nonce, mac).status());
    }

    @Test
    void atMostFourRequestsAreServedInOneTick() {
        for (int i = 0; i < 6; i++) {
            http.get("/api/telemetry");
        }
        assertEquals(TelemetryApi.MAX_REQUESTS_PER_TICK, api.serve(nowMicros));
        assertEquals(2, api.serve(nowMicros));
        assertEquals(0, api.serve(nowMicros));
        assertFalse(http.responses().stream().anyMatch(r -> r.status() != 200));
    }
}
