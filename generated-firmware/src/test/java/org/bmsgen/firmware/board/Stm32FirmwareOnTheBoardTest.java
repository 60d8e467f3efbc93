package org.bmsgen.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.firmware.smart4s.esp32.Esp32Firmware;
import org.bmsgen.firmware.smart4s.stm32.ControlStateMachine;
import org.bmsgen.firmware.smart4s.stm32.FlashLog;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.bmsgen.platform.CanFrame;
import org.bmsgen.platform.ResetCause;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.afe.AdjacentBalancingChecker;
import org.bmsgen.firmware.smart4s.harness.SimulatedPack;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.net.SimHttpServer;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.junit.jupiter.api.Test;

/**
 * The STM32 image's wiring ({@code Stm32Firmware}) on the simulated board with the ESP32 beside it, for the
 * reference pack (models/smart4s.bms): authenticated commands end to end, a cell overvoltage from the plant to the
 * AFE's FET, the flash log and the CAN bus, AFE communication loss, the watchdog and resets, and balancing. The
 * expectations come from the model (delays, recovery), the BQ76920 (DS 8.5: OV delay, FET behaviour) and the
 * simulator, not from the firmware's own numbers.
 */
class Stm32FirmwareOnTheBoardTest {

	private static final long SECOND = 1_000_000L;
	private static final long MS = 1_000L;
	/** smart4s.bms:17: period 250 ms. */
	private static final long PERIOD = 250 * MS;
	/** The BQ76920 converts every 250 ms (DS 8.3.1.1): a reading is up to one ADC cycle old. */
	private static final long ADC_CYCLE = 250 * MS;
	/** Fault bits = protection index in model order (smart4s.bms:41 first, :55 open wire, :57 communication loss). */
	private static final int CELL_OVERVOLTAGE_BIT = 1 << 0;
	private static final int OPEN_WIRE_BIT = 1 << 13;
	private static final int COMMUNICATION_LOSS_BIT = 1 << 15;

	private SimBoard board;
	private SimulatedPack pack;
	private final CanFrame frame = new CanFrame();
	private CanFrame lastFaults;

	private void powerOn(PackConfig config) {
		pack = new SimulatedPack(SimBoard.builder(7).pack(config));
		board = pack.board();
		pack.powerOn();
		advance(3 * SECOND);
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state(), "started into Standby");
		assertEquals(0, stm32().state().faultWord);
	}

	/** Runs the board in 10 ms steps, keeping the newest CAN Faults frame. */
	private void advance(long micros) {
		long end = board.nowMicros() + micros;
		while (board.nowMicros() < end) {
			board.advance(Math.min(10 * MS, end - board.nowMicros()));
			drainCan();
		}
	}

	/** @return the time the condition first held, checked every 10 ms, or -1 if it did not within {@code micros} */
	private long advanceUntil(BooleanSupplier condition, long micros) {
		long end = board.nowMicros() + micros;
		while (board.nowMicros() < end) {
			board.advance(10 * MS);
			drainCan();
			if (condition.getAsBoolean()) {
				return board.nowMicros();
			}
		}
		return -1;
	}

	private void drainCan() {
		while (board.canTester().receive(frame) == 1) {
			if (frame.id() == faultsMessage().id()) {
				lastFaults = new CanFrame();
				lastFaults.copyFrom(frame);
			}
		}
	}

	// ---- commands through the ESP32 -------------------------------------------------------------------------------

	/** The model's secret (smart4s.bms, radio: {@code secret "..."}), read from the model, not the generated code. */
	private static byte[] modelSecret() throws IOException {
		String model = Files.readString(ModelsFolder.models().resolve("smart4s.bms"), StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("secret \"([^\"]*)\"").matcher(model);
		assertTrue(m.find(), "the reference model has a secret");
		return m.group(1).getBytes(StandardCharsets.UTF_8);
	}

	/** HMAC-SHA256(secret, nonce || command name), as the ESP32's CommandAuthenticator expects. */
	private static String hmacHex(byte[] secret, byte[] nonce, String command) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret, "HmacSHA256"));
		mac.update(nonce);
		mac.update(command.getBytes(StandardCharsets.US_ASCII));
		return HexFormat.of().formatHex(mac.doFinal());
	}

	private byte[] nonce() {
		SimHttpServer http = board.esp32().simHttp();
		int before = http.responses().size();
		http.get("/api/nonce");
		assertTrue(advanceUntil(() -> http.responses().size() > before, SECOND) > 0, "the ESP32 answers /api/nonce");
		SimHttpServer.Response response = http.lastResponse();
		assertEquals(200, response.status());
		Matcher m = Pattern.compile("\"nonce\":\"([0-9a-f]{32})\"").matcher(response.text());
		assertTrue(m.find(), response.text());
		return HexFormat.of().parseHex(m.group(1));
	}

	/** POSTs a command and lets the STM32 run two periods after the answer; returns the HTTP status. */
	private int post(String command, byte[] nonce, String hmacHex) {
		SimHttpServer http = board.esp32().simHttp();
		int before = http.responses().size();
		http.post("/api/command", "command=" + command + "&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac=" + hmacHex);
		assertTrue(advanceUntil(() -> http.responses().size() > before, SECOND) > 0, "the ESP32 answers the POST");
		int status = http.lastResponse().status();
		advance(2 * PERIOD);
		return status;
	}

	private int authenticCommand(String command) throws IOException, GeneralSecurityException {
		byte[] nonce = nonce();
		return post(command, nonce, hmacHex(modelSecret(), nonce, command));
	}

	/**
	 * An open sense wire latches the open-wire fault (smart4s.bms:55: below 500 mV for 1 s, latch): healing the wire
	 * leaves it latched; a forged clear-faults and a replayed authentic one change nothing; an authentic one clears
	 * it and the machine leaves Fault in the period the command arrives (smart4s.bms:115, "on clear-faults when not
	 * fault-active"), without waiting for the 5 s faults-cleared path.
	 */
	@Test
	void clearFaults_onlyWhenAuthentic_clearsALatchedFault() throws Exception {
		powerOn(PackConfig.smart4s(7));
		board.plant().setSenseWireOpen(2);
		assertTrue(advanceUntil(() -> (stm32().state().faultWord & OPEN_WIRE_BIT) != 0, 3 * SECOND) > 0,
				"open wire trips");
		advance(SECOND);
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());
		board.plant().setSenseWireOpen(0);
		// the other faults of the open wire (cell 2 at 0 V, cell 3 at two cells) release by their levels
		advance(10 * SECOND);
		assertEquals(OPEN_WIRE_BIT, stm32().state().faultWord, "only the latched row is left");
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state(), "a latched fault holds Fault");
		assertFalse(board.afe().chargeFetOn() || board.afe().dischargeFetOn(), "FETs open in Fault");

		// forged: a MAC from a guessed secret
		byte[] nonce = nonce();
		assertEquals(401, post("clear-faults", nonce, hmacHex("guess".getBytes(StandardCharsets.UTF_8), nonce,
				"clear-faults")));
		// a MAC for another command over a fresh nonce
		nonce = nonce();
		assertEquals(401, post("clear-faults", nonce, hmacHex(modelSecret(), nonce, "balancing-on")));
		advance(SECOND);
		assertEquals(OPEN_WIRE_BIT, stm32().state().faultWord, "forged commands change nothing");
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());

		// authentic, but the fault's condition is observed: make a latched fault, then replay later
		nonce = nonce();
		String mac = hmacHex(modelSecret(), nonce, "clear-faults");
		SimHttpServer http = board.esp32().simHttp();
		int before = http.responses().size();
		long acceptedBefore = stm32().link().commandsAccepted();
		http.post("/api/command", "command=clear-faults&nonce=" + HexFormat.of().formatHex(nonce) + "&hmac=" + mac);
		// the STM32 acts in the period the command reaches it: fault cleared and Standby in that same tick, checked
		// before the next tick could take the 5 s faults-cleared path instead
		long handled = advanceUntil(() -> stm32().link().commandsAccepted() > acceptedBefore, 2 * SECOND);
		assertTrue(handled > 0, "the command reached the STM32");
		assertEquals(200, http.responses().get(before).status());
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state(),
				"Standby in the tick the command was handled (clear-faults when not fault-active)");
		assertEquals(0, stm32().protections().faultWord());
		advance(SECOND);
		assertEquals(0, stm32().state().faultWord);
		assertTrue(board.afe().chargeFetOn() && board.afe().dischargeFetOn(), "Standby closes both FETs");

		// a second open wire latches again; the old (spent) nonce and MAC do not clear it
		board.plant().setSenseWireOpen(2);
		assertTrue(advanceUntil(() -> (stm32().state().faultWord & OPEN_WIRE_BIT) != 0, 3 * SECOND) > 0);
		board.plant().setSenseWireOpen(0);
		advance(10 * SECOND);
		assertEquals(OPEN_WIRE_BIT, stm32().state().faultWord);
		assertEquals(401, post("clear-faults", nonce, mac), "a replayed command is refused");
		advance(SECOND);
		assertEquals(OPEN_WIRE_BIT, stm32().state().faultWord, "replay changes nothing");
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());
		assertEquals(200, authenticCommand("clear-faults"));
		advance(SECOND);
		assertEquals(0, stm32().state().faultWord);
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
	}

	/**
	 * Balancing-off stops the bleeding on the chip within a period and balancing-on lets it resume; a forged
	 * balancing-off changes nothing.
	 */
	@Test
	void balancingOffAndOn_reachTheAfe() throws Exception {
		powerOn(imbalancedNearFull());
		board.setLoad(PackLoad.constantCurrent(1.0));
		assertTrue(advanceUntil(this::afeBalancing, 60 * SECOND) > 0, "an imbalanced pack on charge balances");
		byte[] nonce = nonce();
		assertEquals(401, post("balancing-off", nonce, hmacHex("guess".getBytes(StandardCharsets.UTF_8), nonce,
				"balancing-off")));
		advance(2 * SECOND);
		assertTrue(afeBalancing(), "a forged balancing-off changes nothing");
		assertEquals(200, authenticCommand("balancing-off"));
		assertFalse(afeBalancing(), "balancing-off clears CELLBAL");
		advance(10 * SECOND);
		assertFalse(afeBalancing(), "and it stays off");
		assertEquals(ControlStateMachine.STATE_CHARGING, stm32().controlMachine().state());
		assertEquals(200, authenticCommand("balancing-on"));
		assertTrue(advanceUntil(this::afeBalancing, 2 * SECOND) > 0, "balancing-on lets it resume");
	}

	private boolean afeBalancing() {
		for (int cell = 1; cell <= 4; cell++) {
			if (board.afe().isBalancing(cell)) {
				return true;
			}
		}
		return false;
	}

	/** Ship mode: the AFE enters SHIP (DS 8.5, SHUT_A/SHUT_B), the Ship event is in the flash first; forged: nothing. */
	@Test
	void shipMode_onlyWhenAuthentic_putsTheAfeInShip_afterLoggingIt() throws Exception {
		powerOn(PackConfig.smart4s(7));
		byte[] nonce = nonce();
		assertEquals(401, post("ship-mode", nonce, hmacHex(modelSecret(), nonce, "ship-mod")));
		advance(SECOND);
		assertFalse(board.afe().inShipMode());
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
		int events = stm32().log().committedEvents();
		assertEquals(200, authenticCommand("ship-mode"));
		assertTrue(advanceUntil(() -> board.afe().inShipMode(), 2 * SECOND) > 0, "the AFE is in SHIP");
		assertEquals(ControlStateMachine.STATE_SHIP, stm32().controlMachine().state());
		assertFalse(board.afe().chargeFetOn() || board.afe().dischargeFetOn());
		assertEquals(events + 1, stm32().log().committedEvents(), "the Ship event was committed before the power went");
		byte[] record = newestEvent();
		assertEquals(FlashLog.EVENT_SHIP, record[FlashLog.OFFSET_CODE] & 0xFF);
	}

	// ---- a cell overvoltage --------------------------------------------------------------------------------------

	/**
	 * Cell 3's sense stuck at 4.25 V (above 4.20 V, smart4s.bms:41, by afe for 2 s): the chip's comparator trips
	 * after OV_DELAY (2 s, DS 8.5) and opens CHG; the firmware reads SYS_STAT in the next period. So the trip comes no
	 * earlier than 2 s and no later than 2 s + one ADC cycle (the comparator samples at conversions) + one control
	 * period. Fault state, both FETs open on the chip, an event record with the fault word in flash, the Faults CAN
	 * message's overvoltage signal (decoded by the DBC) set; after the sense frees, the row releases (below 4.10 V)
	 * and the machine returns to Standby 5 s after entering Fault (smart4s.bms:116), the signal back to 0.
	 */
	@Test
	void cellOvervoltage_tripsInTime_opensTheFets_isLoggedAndOnCan_andRecovers() {
		powerOn(PackConfig.smart4s(7));
		advance(2 * SECOND);
		assertEquals(0, faultsSignal("overvoltage"), "CAN Faults: no overvoltage before");
		int eventsBefore = stm32().log().committedEvents();
		long onset = board.nowMicros();
		board.plant().setSenseStuck(3, 4.25);
		long tripped = advanceUntil(() -> (stm32().state().faultWord & CELL_OVERVOLTAGE_BIT) != 0, 5 * SECOND);
		assertTrue(tripped > 0, "overvoltage trips");
		long delay = tripped - onset;
		System.out.printf("cell overvoltage tripped %d ms after the onset (2000 ms modelled)%n", delay / MS);
		assertTrue(delay >= 2 * SECOND, "not before the 2 s delay: " + delay);
		assertTrue(delay <= 2 * SECOND + ADC_CYCLE + PERIOD + 10 * MS, "within delay + ADC cycle + period: " + delay);
		assertTrue((board.afe().peekRegister(0x00) & 0x04) != 0 || !board.afe().chargeFetOn(),
				"the chip itself saw OV (SYS_STAT OV, DS 8.5)");
		advance(PERIOD);
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());
		long faultEntered = board.nowMicros() - PERIOD;
		assertFalse(board.afe().chargeFetOn(), "the charge FET is open in the chip");
		assertFalse(board.afe().dischargeFetOn(), "Fault opens the discharge FET too (smart4s.bms:114)");

		// the CAN Faults message goes every 1 s
		advance(1100 * MS);
		assertEquals(1, faultsSignal("overvoltage"), "CAN Faults carries the overvoltage");
		assertEquals(0, faultsSignal("undervoltage"));

		// flash: the protection's event (PROTECTION_EVENT_BASE + row 0) and the Fault state's event
		advance(2 * SECOND);
		assertTrue(stm32().log().committedEvents() >= eventsBefore + 2, "two events committed");
		boolean protectionEvent = false;
		boolean faultEvent = false;
		for (int i = 0; i < 2; i++) {
			byte[] record = event(i);
			int code = record[FlashLog.OFFSET_CODE] & 0xFF;
			long faultWord = FlashLog.readUnsigned(record, FlashLog.OFFSET_FAULT_WORD, 4);
			protectionEvent |= code == Stm32Firmware.PROTECTION_EVENT_BASE && (faultWord & CELL_OVERVOLTAGE_BIT) != 0;
			faultEvent |= code == FlashLog.EVENT_FAULT;
		}
		assertTrue(protectionEvent, "the trip is in the event log with its fault word");
		assertTrue(faultEvent, "the Fault state's log event is in the event log");

		// the reading frees: release below 4.10 V at once, Standby on faults-cleared 5 s after Fault was entered
		board.plant().setSenseStuck(3, Double.NaN);
		long released = advanceUntil(() -> (stm32().state().faultWord & CELL_OVERVOLTAGE_BIT) == 0, 2 * SECOND);
		assertTrue(released > 0, "the overvoltage releases once the cell reads below 4.10 V");
		long standby = advanceUntil(() -> stm32().controlMachine().state() == ControlStateMachine.STATE_STANDBY,
				10 * SECOND);
		assertTrue(standby > 0, "back to Standby");
		assertTrue(standby - faultEntered >= 5 * SECOND, "not before 5 s in Fault: " + (standby - faultEntered));
		assertTrue(standby - Math.max(released, faultEntered + 5 * SECOND) <= PERIOD + 10 * MS,
				"within a period of both conditions: " + (standby - released));
		advance(PERIOD);
		assertTrue(board.afe().chargeFetOn() && board.afe().dischargeFetOn(), "FETs closed again");
		advance(1100 * MS);
		assertEquals(0, faultsSignal("overvoltage"), "CAN Faults clears the bit");
	}

	private byte[] event(long fromNewest) {
		byte[] record = new byte[FlashLog.EVENTS_RECORD_BYTES];
		for (int attempt = 0; attempt < 100; attempt++) {
			int result = stm32().log().readRecord(FlashLog.AREA_EVENTS, fromNewest, record);
			if (result == Status.OK) {
				return record;
			}
			assertEquals(Status.BUSY, result, "reading event " + fromNewest);
			board.advance(MS);
		}
		throw new AssertionError("the flash stayed busy");
	}

	private byte[] newestEvent() {
		return event(0);
	}

	// ---- the CAN Faults message by its DBC layout ------------------------------------------------------------------

	private record DbcSignal(int startBit, int length, boolean intel) {
	}

	private record DbcMessage(int id, java.util.Map<String, DbcSignal> signals) {
	}

	private static DbcMessage faults;

	/** The Faults message as the generated DBC artifact lays it out (generated-firmware/Smart4S/Smart4S.dbc). */
	private static DbcMessage faultsMessage() {
		if (faults != null) {
			return faults;
		}
		try {
			java.util.Map<String, DbcSignal> signals = new java.util.HashMap<>();
			int id = -1;
			boolean inFaults = false;
			Pattern message = Pattern.compile("^BO_ (\\d+) (\\w+): .*");
			Pattern signal = Pattern.compile("^ SG_ (\\w+) : (\\d+)\\|(\\d+)@([01])[+-] .*");
			for (String line : Files.readAllLines(ModelsFolder.generatedFirmware().resolve("Smart4S/Smart4S.dbc"))) {
				Matcher m = message.matcher(line);
				if (m.matches()) {
					inFaults = m.group(2).equals("Faults");
					if (inFaults) {
						id = Integer.parseInt(m.group(1));
					}
					continue;
				}
				Matcher s = signal.matcher(line);
				if (inFaults && s.matches()) {
					signals.put(s.group(1), new DbcSignal(Integer.parseInt(s.group(2)), Integer.parseInt(s.group(3)),
							s.group(4).equals("1")));
				}
			}
			assertTrue(id >= 0, "the DBC has the Faults message");
			faults = new DbcMessage(id, signals);
			return faults;
		} catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private long faultsSignal(String name) {
		assertTrue(lastFaults != null, "a Faults frame was received");
		DbcSignal signal = faultsMessage().signals().get(name);
		assertTrue(signal.intel(), "the reference DBC is little endian");
		long raw = 0;
		for (int i = 0; i < signal.length(); i++) {
			int bit = signal.startBit() + i;
			raw |= (long) ((lastFaults.data[bit / 8] >> (bit % 8)) & 1) << i;
		}
		return raw;
	}

	// ---- AFE communication loss ---------------------------------------------------------------------------------

	/**
	 * Every I2C transaction refused: the communication-loss row (smart4s.bms:57, 1 s, recover after 5 s) trips 1 s
	 * after the last answer; while the bus is dead nothing reaches the chip (its FETs stay as they were, its own
	 * OV/UV/OCD/SCD still guard the cells); the period the bus answers again the firmware opens both FETs, and 5 s
	 * of answers later the row recovers and the machine returns to Standby with the FETs closed.
	 */
	@Test
	void afeCommunicationLoss_tripsAfterItsDelay_opensTheFetsWhenTheBusAnswers_andRecoversAfter5s() {
		powerOn(PackConfig.smart4s(7));
		// just after a control tick: the last answer came at the tick before
		long lastTick = (board.nowMicros() / PERIOD) * PERIOD;
		board.advance(lastTick + 5 * MS - board.nowMicros() + (board.nowMicros() > lastTick + 5 * MS ? PERIOD : 0));
		long lastAnswer = (board.nowMicros() / PERIOD) * PERIOD;
		board.injectI2cFaults(1.0, 0);
		long tripped = advanceUntil(() -> (stm32().state().faultWord & COMMUNICATION_LOSS_BIT) != 0, 3 * SECOND);
		assertTrue(tripped > 0, "communication loss trips");
		System.out.printf("AFE communication loss tripped %d ms after the last answer (1000 ms modelled)%n",
				(tripped - lastAnswer) / MS);
		assertTrue(tripped - lastAnswer >= SECOND, "not before 1 s without an answer");
		assertTrue(tripped - lastAnswer <= SECOND + PERIOD, "within a period of 1 s");
		advance(PERIOD);
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());
		advance(3 * SECOND);
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());

		board.clearI2cFaults();
		long back = board.nowMicros();
		long fetsOff = advanceUntil(() -> !board.afe().chargeFetOn() && !board.afe().dischargeFetOn(), 2 * PERIOD);
		assertTrue(fetsOff > 0, "both FETs open in the first period the chip answers");
		assertTrue((stm32().state().faultWord & COMMUNICATION_LOSS_BIT) != 0, "still latched until 5 s of answers");
		long recovered = advanceUntil(() -> (stm32().state().faultWord & COMMUNICATION_LOSS_BIT) == 0, 10 * SECOND);
		assertTrue(recovered > 0, "recovers");
		System.out.printf("AFE communication loss recovered %d ms after the bus came back (5000 ms modelled)%n",
				(recovered - back) / MS);
		assertTrue(recovered - back >= 5 * SECOND, "not before 5 s: " + (recovered - back));
		assertTrue(recovered - back <= 5 * SECOND + 2 * PERIOD, "within a period: " + (recovered - back));
		assertEquals(0, stm32().state().faultWord);
		advance(2 * PERIOD);
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
		assertTrue(board.afe().chargeFetOn() && board.afe().dischargeFetOn());
	}

	// ---- the watchdog and resets --------------------------------------------------------------------------------

	/**
	 * A firmware whose tick stops (here: its tick source stopped, as a hang would) is reset by the watchdog (1 s,
	 * smart4s.bms:18) and starts again into Standby, the AFE configured anew.
	 */
	@Test
	void aFirmwareThatStopsTicking_isResetByTheWatchdog_andStartsAgain() {
		powerOn(PackConfig.smart4s(7));
		Stm32Firmware before = stm32();
		long starts = board.stm32().mcu().starts();
		long stopped = board.nowMicros();
		board.stm32().tickSource().stop();
		long reset = advanceUntil(() -> board.stm32().mcu().starts() > starts, 3 * SECOND);
		assertTrue(reset > 0, "the watchdog resets the MCU");
		assertTrue(reset - stopped <= SECOND + 10 * MS, "within the 1 s timeout of the last kick");
		assertTrue(reset - stopped >= SECOND - PERIOD, "not before the timeout");
		assertNotSame(before, stm32(), "the firmware started again");
		assertEquals(ResetCause.WATCHDOG, stm32().resetCause());
		advance(2 * SECOND);
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
		assertTrue(stm32().afe().ovTripCode() >= 0, "the AFE configured again");
		assertEquals(stm32().afe().ovTripCode(), board.afe().peekRegister(0x09));
		assertTrue(board.afe().chargeFetOn() && board.afe().dischargeFetOn());
		assertTrue(stm32().ticksRun() >= 7);
	}

	/**
	 * A watchdog reset on a chip whose PROTECT1 (0x06, DS 8.5) no longer holds its write: the chip answers every
	 * transfer, so nothing is silent, but the restarted firmware can never verify its start-up. That counts as AFE
	 * loss (docs/firmware.md, "AFE retry"): the FETs, left on by the old firmware, are written off by the first start-up,
	 * the communication-loss row (smart4s.bms:58, 1 s, recover after 5 s) is raised 1 s after the restart (no later
	 * than a period after), logged, the machine goes to Fault and the ESP32 sees that state on the link. Repaired,
	 * the next start-up verifies, the row recovers 5 s later and the machine returns to Standby; no FET is on
	 * before the chip holds the model's PROTECT1: SCD 111 mV = code 3 with RSNS = 1, 200 us = SCD_D 2 (DS 8.5
	 * PROTECT1, smart4s.bms:48 at 1 mOhm) -> 0x80 | 2 << 3 | 3 = 0x93.
	 */
	@Test
	void aWatchdogResetOnAnAfeThatDoesNotHoldItsConfiguration_raisesCommunicationLoss_andRecoversOnlyOnceConfigured() {
		powerOn(PackConfig.smart4s(7));
		assertTrue(board.afe().chargeFetOn() && board.afe().dischargeFetOn(), "FETs on in Standby");
		board.afe().flipBitsOnWrite(0x06, 0x01);
		long starts = board.stm32().mcu().starts();
		board.stm32().tickSource().stop();
		long reset = advanceUntil(() -> board.stm32().mcu().starts() > starts, 3 * SECOND);
		assertTrue(reset > 0, "the watchdog resets the MCU");
		assertEquals(ResetCause.WATCHDOG, stm32().resetCause());
		assertFalse(board.afe().chargeFetOn() || board.afe().dischargeFetOn(), "the first start-up writes the FETs off");
		long tripped = advanceUntil(() -> (stm32().state().faultWord & COMMUNICATION_LOSS_BIT) != 0, 3 * SECOND);
		assertTrue(tripped > 0, "communication loss raised though the chip answers");
		System.out.printf("AFE that does not hold PROTECT1: communication loss %d ms after the watchdog reset"
				+ " (1000 ms modelled)%n", (tripped - reset) / MS);
		assertTrue(tripped - reset >= SECOND - 10 * MS, "not before 1 s: " + (tripped - reset));
		assertTrue(tripped - reset <= SECOND + PERIOD + 10 * MS, "within a period of 1 s: " + (tripped - reset));
		assertEquals(0, stm32().afe().consecutiveFailures(), "the chip answers");
		assertEquals(-1, stm32().afe().ovTripCode(), "never configured");
		assertEquals(ControlStateMachine.STATE_FAULT, stm32().controlMachine().state());
		advance(2 * SECOND);
		assertFalse(board.afe().chargeFetOn() || board.afe().dischargeFetOn(), "FETs open");
		boolean logged = false;
		for (int i = 0; i < stm32().log().committedEvents(); i++) {
			logged |= (event(i)[FlashLog.OFFSET_CODE] & 0xFF) == Stm32Firmware.PROTECTION_EVENT_BASE + 15;
		}
		assertTrue(logged, "the trip in the event log");
		assertEquals(ControlStateMachine.STATE_FAULT, esp32().telemetry().state(), "the ESP32 sees Fault on the link");

		board.afe().flipBitsOnWrite(0x06, 0);
		long repaired = board.nowMicros();
		long configured = -1;
		long released = -1;
		long fetsOn = -1;
		while (board.nowMicros() < repaired + 15 * SECOND && fetsOn < 0) {
			advance(10 * MS);
			if (configured < 0 && stm32().afe().ovTripCode() >= 0) {
				configured = board.nowMicros();
			}
			if (released < 0 && (stm32().state().faultWord & COMMUNICATION_LOSS_BIT) == 0) {
				released = board.nowMicros();
			}
			if (board.afe().chargeFetOn() || board.afe().dischargeFetOn()) {
				fetsOn = board.nowMicros();
				assertEquals(0x93, board.afe().peekRegister(0x06), "PROTECT1 as modelled when a FET goes on");
			}
		}
		assertTrue(configured > 0 && configured - repaired <= PERIOD + 10 * MS, "configured in the next period");
		assertTrue(released > 0, "recovers");
		System.out.printf("repaired: configured after %d ms, communication loss recovered %d ms later (5000 ms"
				+ " modelled), FETs on %d ms after the repair%n", (configured - repaired) / MS,
				(released - configured) / MS, (fetsOn - repaired) / MS);
		assertTrue(released - configured >= 5 * SECOND - 10 * MS && released - configured <= 5 * SECOND + PERIOD + 10 * MS,
				"recovered 5 s after the start-up verified: " + (released - configured));
		assertTrue(fetsOn >= released, "no FET on before the fault cleared");
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
	}

	/**
	 * A brown-out (both MCUs restart, the flash loses power; the AFE runs on): the firmware starts again, the flash
	 * log finds its heads and continues both sequences with no committed record lost, and the AFE is configured
	 * anew (start() writes its registers and turns the FETs off before the machine closes them again).
	 */
	@Test
	void afterABrownOut_theLogContinuesItsSequence_andTheAfeIsReconfigured() {
		powerOn(PackConfig.smart4s(7));
		// an event to log, and two history records (every 60 s)
		board.plant().setSenseStuck(3, 4.25);
		assertTrue(advanceUntil(() -> stm32().state().faultWord != 0, 5 * SECOND) > 0);
		board.plant().setSenseStuck(3, Double.NaN);
		advance(125 * SECOND);
		assertEquals(ControlStateMachine.STATE_STANDBY, stm32().controlMachine().state());
		FlashLog log = stm32().log();
		assertTrue(log.committedEvents() >= 2 && log.committedHistory() >= 2,
				log.committedEvents() + " events, " + log.committedHistory() + " history");
		long lastEvent = log.lastCommittedSequence(FlashLog.AREA_EVENTS);
		long lastHistory = log.lastCommittedSequence(FlashLog.AREA_HISTORY);
		long i2cBefore = board.i2cBus().transactions();
		Stm32Firmware before = stm32();

		board.brownOut();
		assertNotSame(before, stm32());
		assertEquals(ResetCause.BROWN_OUT, stm32().resetCause());
		assertTrue(advanceUntil(() -> stm32().controlMachine().state() == ControlStateMachine.STATE_STANDBY,
				3 * SECOND) > 0, "Standby again");
		assertTrue(board.i2cBus().transactions() > i2cBefore + 10, "the AFE was configured anew");
		assertTrue(stm32().afe().ovTripCode() >= 0);
		advance(SECOND);
		FlashLog after = stm32().log();
		assertEquals(lastEvent, after.lastCommittedSequence(FlashLog.AREA_EVENTS), "no committed event lost");
		assertEquals(lastHistory, after.lastCommittedSequence(FlashLog.AREA_HISTORY), "no history record lost");
		assertEquals(lastEvent + 1, after.nextSequence(FlashLog.AREA_EVENTS), "the event sequence continues");
		assertEquals(lastEvent, FlashLog.sequence(event(0), 0));
		// a new event after the reset takes the next number
		board.plant().setSenseStuck(3, 4.25);
		assertTrue(advanceUntil(() -> stm32().state().faultWord != 0, 5 * SECOND) > 0);
		advance(2 * SECOND);
		assertTrue(after.lastCommittedSequence(FlashLog.AREA_EVENTS) > lastEvent);
		assertEquals(lastEvent + 1, FlashLog.sequence(event(1), 0), "the first record after the reset follows on");
	}

	/** The chip resets itself (DEVICE_XREADY, DS 8.5): FETs off, CELLBAL cleared; the firmware configures it again. */
	@Test
	void anAfeThatResetsItself_isConfiguredAgain() {
		powerOn(PackConfig.smart4s(7));
		board.afe().injectDeviceFault();
		assertFalse(board.afe().chargeFetOn());
		long back = advanceUntil(() -> board.afe().chargeFetOn() && board.afe().dischargeFetOn(), 2 * SECOND);
		assertTrue(back > 0, "the firmware turns the FETs on again after reconfiguring");
		assertEquals(0, board.afe().peekRegister(0x00) & 0x20, "DEVICE_XREADY cleared");
	}

	// ---- balancing ---------------------------------------------------------------------------------------------

	/** 4S3P at 90 % with cell 3 5 % above the others: delta of some tens of mV at the top of the OCV curve. */
	private static PackConfig imbalancedNearFull() {
		return PackConfig.smart4s(7).withInitialSoc(0.90).withSpread(0, 0, 0.03);
	}

	/**
	 * At the end of a charge (constant current 1 A, above the 0.2 A Charging threshold) an imbalanced pack balances
	 * (smart4s.bms:61: above 15 mV delta, cells above 3.90 V, max 2 cells, while charging): it starts on the highest
	 * cell, never bleeds two adjacent cells (checked on every CELLBAL write in the chip), and the spread of the
	 * cells' true SoC shrinks.
	 */
	@Test
	void balancing_atTheEndOfACharge_bleedsTheHighCells_neverTwoAdjacent_andTheSpreadShrinks() {
		powerOn(imbalancedNearFull());
		AdjacentBalancingChecker adjacency = new AdjacentBalancingChecker();
		board.afe().setBalancingObserver(adjacency);
		double spreadBefore = socSpread();
		board.setLoad(PackLoad.constantCurrent(1.0));
		long started = advanceUntil(this::afeBalancing, 60 * SECOND);
		assertTrue(started > 0, "balancing starts");
		PackState state = stm32().state();
		int highest = 0;
		for (int cell = 1; cell < 4; cell++) {
			if (state.cellMv[cell] > state.cellMv[highest]) {
				highest = cell;
			}
		}
		assertTrue(board.afe().isBalancing(highest + 1), "the highest cell bleeds first");
		for (int cell = 1; cell <= 4; cell++) {
			if (board.afe().isBalancing(cell)) {
				assertTrue(state.cellMv[cell - 1] - state.minCellMv > 15, "cell " + cell + " is above the start delta");
			}
		}
		int deltaAtStart = state.cellDeltaMv;
		for (int minute = 0; minute < 40; minute++) {
			advance(60 * SECOND);
			assertEquals(0, stm32().state().faultWord, "no fault while balancing");
			assertEquals(ControlStateMachine.STATE_CHARGING, stm32().controlMachine().state());
		}
		assertEquals(0, adjacency.violations(), "never two adjacent cells, first at "
				+ adjacency.firstViolationMicros() + ": " + Integer.toBinaryString(adjacency.firstViolationMask()));
		double spreadAfter = socSpread();
		System.out.printf("balancing: SoC spread %.2f %% -> %.2f %% in 40 min at 1 A; delta %d mV -> %d mV%n",
				spreadBefore * 100, spreadAfter * 100, deltaAtStart, stm32().state().cellDeltaMv);
		assertTrue(spreadAfter < spreadBefore - 0.003, "the spread shrinks: " + spreadBefore + " -> " + spreadAfter);
	}

	private double socSpread() {
		double min = 1;
		double max = 0;
		for (int cell = 1; cell <= 4; cell++) {
			min = Math.min(min, board.plant().stateOfCharge(cell));
			max = Math.max(max, board.plant().stateOfCharge(cell));
		}
		return max - min;
	}

	/** The STM32's firmware of the current run (a reset starts a new one). */
	private Stm32Firmware stm32() {
		return pack.stm32();
	}

	/** The ESP32's firmware of the current run. */
	private Esp32Firmware esp32() {
		return pack.esp32();
	}
}
