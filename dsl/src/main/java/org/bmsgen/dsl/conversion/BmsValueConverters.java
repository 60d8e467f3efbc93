package org.bmsgen.dsl.conversion;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractValueConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Numbers of the .bms language. The text is kept exact ({@link BigDecimal}) so that normalising units
 * never rounds; a bad number is reported at its position instead of failing later.
 */
public class BmsValueConverters extends DefaultTerminalConverters {

	private static final int MAX_DIGITS = 30;

	@ValueConverter(rule = "Decimal")
	public IValueConverter<BigDecimal> Decimal() {
		return new AbstractValueConverter<>() {
			@Override
			public BigDecimal toValue(String text, INode node) {
				if (text == null || text.isBlank()) {
					throw new ValueConverterException("a number is expected here", node, null);
				}
				String compact = text.replaceAll("\\s+", "");
				if (compact.length() > MAX_DIGITS) {
					throw new ValueConverterException("number '" + compact + "' is too long", node, null);
				}
				try {
					BigDecimal value = new BigDecimal(compact);
					if (Math.abs(value.scale()) > 20) {
						throw new ValueConverterException("number '" + compact + "' is out of range", node, null);
					}
					return value;
				} catch (NumberFormatException e) {
					throw new ValueConverterException("'" + compact + "' is not a number", node, e);
				}
			}

			@Override
			public String toString(BigDecimal value) {
				return value.toPlainString();
			}
		};
	}

	@ValueConverter(rule = "Integer")
	public IValueConverter<Integer> Integer() {
		return new AbstractValueConverter<>() {
			@Override
			public Integer toValue(String text, INode node) {
				if (text == null || text.isBlank()) {
					throw new ValueConverterException("a whole number is expected here", node, null);
				}
				String compact = text.trim();
				try {
					BigInteger value = compact.startsWith("0x") || compact.startsWith("0X")
							? new BigInteger(compact.substring(2), 16)
							: new BigDecimal(compact).toBigIntegerExact();
					if (value.bitLength() > 31) {
						throw new ValueConverterException("'" + compact + "' is too large", node, null);
					}
					return value.intValue();
				} catch (ArithmeticException | NumberFormatException e) {
					throw new ValueConverterException("'" + compact + "' is not a whole number", node, e);
				}
			}

			@Override
			public String toString(Integer value) {
				return value.toString();
			}
		};
	}
}
