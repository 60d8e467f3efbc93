package org.bmsgen.generator.firmware;

import java.util.Locale;

import org.bmsgen.generator.ir.PackIr;

/**
 * The Java package a pack's firmware is generated into: {@code org.bmsgen.firmware.} followed by the pack's name
 * in lower case without the characters a package name cannot hold ({@code Smart4S} -> {@code smart4s},
 * {@code Smart4SHalfMilliohmShunt} -> {@code smart4shalfmilliohmshunt}). Pack names are unique in a model set and
 * are identifiers, so two packs differing only in case are the one clash possible; a name starting with a digit
 * after cleaning gets a {@code p} in front. Locale.ROOT: the same package on every machine (no Turkish dotless i).
 */
public final class FirmwarePackage {

	public static final String PREFIX = "org.bmsgen.firmware.";

	private FirmwarePackage() {
	}

	/** The pack's package, parent of its images' packages. */
	public static String of(PackIr pack) {
		return of(pack.name());
	}

	/** The package of one image of the pack: {@code org.bmsgen.firmware.smart4s.stm32}. */
	public static String of(PackIr pack, FirmwareImage image) {
		return of(pack.name()) + "." + image.segment();
	}

	static String of(String packName) {
		StringBuilder segment = new StringBuilder();
		for (char c : packName.toLowerCase(Locale.ROOT).toCharArray()) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				segment.append(c);
			}
		}
		if (segment.length() == 0 || Character.isDigit(segment.charAt(0))) {
			segment.insert(0, 'p');
		}
		return PREFIX + segment;
	}
}
