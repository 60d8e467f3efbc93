package org.bmsgen.generator.artifacts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small DBC reader for the tests, written from the DBC format description and independent of the emitter and
 * of CanSignalLayout: messages, signals, message attributes, value tables, comments, and decoding a frame by the
 * DBC fields alone.
 */
final class DbcFile {

	record Signal(String name, int startBit, int length, boolean littleEndian, boolean signed, BigDecimal factor,
			BigDecimal offset, BigDecimal minimum, BigDecimal maximum, String unit, String receiver) {

		/** The raw bits, as DBC defines the layout: Intel from the LSB up; Motorola from the MSB, sawtooth. */
		long raw(byte[] frame) {
			long raw = 0;
			if (littleEndian) {
				for (int i = length - 1; i >= 0; i--) {
					raw = raw << 1 | bit(frame, startBit + i);
				}
			} else {
				int position = startBit;
				for (int i = 0; i < length; i++) {
					raw = raw << 1 | bit(frame, position);
					position = position % 8 == 0 ? position + 15 : position - 1;
				}
			}
			if (signed && length < 64 && (raw >>> (length - 1) & 1) != 0) {
				raw -= 1L << length;
			}
			return raw;
		}

		BigDecimal physical(byte[] frame) {
			return factor.multiply(BigDecimal.valueOf(raw(frame))).add(offset).stripTrailingZeros();
		}

		private static long bit(byte[] frame, int position) {
			return frame[position / 8] >> (position % 8) & 1;
		}
	}

	record Message(long dbcId, String name, int length, String transmitter, List<Signal> signals) {

		Signal signal(String name) {
			return signals.stream().filter(s -> s.name().equals(name)).findFirst()
					.orElseThrow(() -> new AssertionError("no signal " + name + " in " + this.name));
		}
	}

	private static final Pattern BO = Pattern.compile("^BO_ (\\d+) (\\w+): (\\d+) (\\w+)$");
	private static final Pattern SG = Pattern.compile(
			"^ SG_ (\\w+) : (\\d+)\\|(\\d+)@([01])([+-]) \\(([^,]+),([^)]+)\\) \\[([^|]+)\\|([^\\]]+)\\] \"([^\"]*)\" (\\w+)$");
	private static final Pattern BA_BO = Pattern.compile("^BA_ \"(\\w+)\" BO_ (\\d+) (\\d+);$");
	private static final Pattern BA_NET = Pattern.compile("^BA_ \"(\\w+)\" (\"[^\"]*\"|\\d+);$");
	private static final Pattern VAL = Pattern.compile("^VAL_ (\\d+) (\\w+) (.*) ;$");
	private static final Pattern VAL_ENTRY = Pattern.compile("(-?\\d+) \"([^\"]*)\"");
	private static final Pattern CM_SG = Pattern.compile("^CM_ SG_ (\\d+) (\\w+) \"(.*)\";$");
	private static final Pattern CM_BO = Pattern.compile("^CM_ BO_ (\\d+) \"(.*)\";$");

	final String version;
	final List<String> nodes = new ArrayList<>();
	final List<Message> messages = new ArrayList<>();
	/** "attribute id" -> value */
	final Map<String, Long> messageAttributes = new LinkedHashMap<>();
	final Map<String, String> networkAttributes = new LinkedHashMap<>();
	/** "id signal" -> raw -> label */
	final Map<String, Map<Long, String>> valueTables = new LinkedHashMap<>();
	/** "id signal" or "id" -> comment */
	final Map<String, String> comments = new LinkedHashMap<>();

	DbcFile(String text) {
		String foundVersion = null;
		Message current = null;
		int number = 0;
		for (String line : text.split("\n", -1)) {
			number++;
			Matcher m;
			if (line.startsWith("VERSION \"")) {
				foundVersion = line.substring(9, line.length() - 1);
			} else if (line.startsWith("BU_:")) {
				for (String node : line.substring(4).trim().split(" ")) {
					nodes.add(node);
				}
			} else if ((m = BO.matcher(line)).matches()) {
				current = new Message(Long.parseLong(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), m.group(4),
						new ArrayList<>());
				messages.add(current);
			} else if (line.startsWith(" SG_")) {
				m = SG.matcher(line);
				if (!m.matches() || current == null) {
					throw new AssertionError("line " + number + " is not a DBC signal line: " + line);
				}
				current.signals().add(new Signal(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
						m.group(4).equals("1"), m.group(5).equals("-"), new BigDecimal(m.group(6)),
						new BigDecimal(m.group(7)), new BigDecimal(m.group(8)), new BigDecimal(m.group(9)), m.group(10),
						m.group(11)));
			} else if ((m = BA_BO.matcher(line)).matches()) {
				messageAttributes.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
			} else if ((m = BA_NET.matcher(line)).matches()) {
				networkAttributes.put(m.group(1), m.group(2).replace("\"", ""));
			} else if ((m = VAL.matcher(line)).matches()) {
				Map<Long, String> table = new LinkedHashMap<>();
				Matcher entry = VAL_ENTRY.matcher(m.group(3));
				while (entry.find()) {
					table.put(Long.parseLong(entry.group(1)), entry.group(2));
				}
				valueTables.put(m.group(1) + " " + m.group(2), table);
			} else if ((m = CM_SG.matcher(line)).matches()) {
				comments.put(m.group(1) + " " + m.group(2), m.group(3));
			} else if ((m = CM_BO.matcher(line)).matches()) {
				comments.put(m.group(1), m.group(2));
			} else if (!line.isEmpty() && current != null && !line.startsWith("CM_") && !line.startsWith("BA_")
					&& !line.startsWith("VAL_")) {
				throw new AssertionError("line " + number + " not understood: " + line);
			}
		}
		version = foundVersion;
	}

	Message message(String name) {
		return messages.stream().filter(m -> m.name().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no message " + name));
	}
}
