package org.bmsgen.cli.estimate;

/**
 * The pack a cells-only model is estimated on: the reference board's hardware (BQ76920 on a 1 mOhm shunt with a
 * 10 kOhm / B 3435 NTC, STM32G431 at 250 ms) and the reference pack's SoC filter settings (models/smart4s.bms) and a bare ESP32 link (the compiled firmware has both images), around
 * the cell under study as 4S1P. Only the parts the generated SoC filter depends on are written; the firmware generated
 * from it is compiled and only its PackState and SocEstimator are used.
 */
final class ReferenceBoard {

	private ReferenceBoard() {
	}

	static String pack(String importPath, String cell) {
		String pack = "Estimate" + cell.replaceAll("[^A-Za-z0-9]", "");
		return "import \"" + importPath.replace("\\", "/") + "\"\n"
				+ "pack " + pack + " {\n"
				+ "\tcells 4S1P " + cell + "\n"
				+ "\tafe BQ76920 {\n"
				+ "\t\taddress 0x08\n"
				+ "\t\tcrc on\n"
				+ "\t\tshunt 1 mOhm rated 3 W\n"
				+ "\t\tthermistor TS1 NTC 10 kOhm beta 3435\n"
				+ "\t\tchannels [1, 2, 3, 5]\n"
				+ "\t}\n"
				+ "\tmcu STM32G431 {\n"
				+ "\t\tperiod 250 ms\n"
				+ "\t\twatchdog 1 s\n"
				+ "\t}\n"
				+ "\tradio ESP32 {\n"
				+ "\t\tuart 115200 baud\n"
				+ "\t\tsecret \"estimate-only\"\n"
				+ "\t}\n"
				+ "\tsoc ekf {\n"
				+ "\t\tmodel 2RC\n"
				+ "\t\tprocess noise 1e-10\n"
				+ "\t\tmeasurement noise 2 mV\n"
				+ "\t\tinitial uncertainty 20 %\n"
				+ "\t\tinitial from ocv\n"
				+ "\t\trest correction after 30 min\n"
				+ "\t}\n"
				+ "}\n";
	}
}
