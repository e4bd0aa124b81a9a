package dev.cutover.migrations.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A column type as written ({@code character varying(20)}, {@code timestamp(3) without time zone}, {@code int[]}). */
public record TypeName(List<Token> tokens) {

    private static final Set<String> INT4_OR_SMALLER = Set.of("int", "integer", "int4", "smallint", "int2", "serial",
            "serial4", "smallserial", "serial2");
    private static final Set<String> SERIAL = Set.of("serial", "serial4", "serial8", "bigserial", "smallserial",
            "serial2");
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\)");

    /** The type normalized: lower case, words one space apart, no spaces around parentheses. */
    public String normalized() {
        return tokens.stream().map(t -> t.text().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" "))
                .replace(" (", "(").replace("( ", "(").replace(" )", ")").replace(" ,", ",")
                .replace(" [", "[").replace("[ ", "[").replace(" ]", "]")
                .replaceAll("^(pg_catalog|public)\\s*\\.\\s*", "");
    }

    /** The type without modifiers, array brackets or time zone words: {@code character varying}, {@code timestamp}. */
    public String base() {
        return normalized().replaceAll("\\(.*?\\)", "").replaceAll("\\[.*", "")
                .replaceAll("\\s+with(out)? time zone", "").strip();
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public boolean isArray() {
        return normalized().contains("[") || tokens.stream().anyMatch(t -> t.is("ARRAY"));
    }

    /** {@code int}, {@code smallint} or their serials: values run out at 2^31 (or 2^15). */
    public boolean isInt4OrSmaller() {
        return INT4_OR_SMALLER.contains(base()) && !isArray();
    }

    public boolean isSerial() {
        return SERIAL.contains(base()) && !isArray();
    }

    /** {@code timestamp} or {@code timestamp without time zone}, with or without precision. */
    public boolean isTimestampWithoutTimeZone() {
        return base().equals("timestamp") && !normalized().contains("with time zone");
    }

    /** {@code char}, {@code char(n)}, {@code varchar(n)}, {@code character varying(n)} (bare varchar is fine). */
    public boolean isFixedOrLimitedCharacter() {
        String base = base();
        if (base.equals("char") || base.equals("character") || base.equals("bpchar") || base.equals("nchar")) {
            return true;
        }
        return (base.equals("varchar") || base.equals("character varying")) && length() >= 0;
    }

    /** {@code varchar} or {@code character varying}, with or without a length. */
    public boolean isVarchar() {
        return base().equals("varchar") || base().equals("character varying");
    }

    public boolean isText() {
        return base().equals("text");
    }

    /** The length modifier {@code n} of {@code type(n)}, or -1 without one. */
    public int length() {
        Matcher m = LENGTH.matcher(normalized());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Override
    public String toString() {
        return normalized();
    }
}
