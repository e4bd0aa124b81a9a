package dev.cutover.service.api.errors;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pydantic's {@code EmailStr}: email-validator 2.3 (syntax only, no DNS), behind pydantic's own steps (a 2048
 * character limit, {@code Name <address>} unwrapped, surrounding whitespace stripped). It gives what the template
 * stores, the normalized address (local part NFC, domain lower-cased and in its Unicode form), or the reason in
 * email-validator's words. Domain literals, quoted local parts and display names are refused, as there.
 */
public final class EmailStr {

    /** The address to store, or why there is none. */
    public record Result(String email, String reason) {
        public boolean valid() {
            return reason == null;
        }
    }

    static final int MAX_LENGTH = 2048;
    private static final int EMAIL_MAX_LENGTH = 254;
    private static final int DOMAIN_MAX_LENGTH = 253;
    private static final int LABEL_MAX_LENGTH = 63;

    private static final String NAME_CHARS = "[\\w!#$%&'*+\\-/=?^_`{|}~]";
    private static final Pattern PRETTY = Pattern.compile("\\s*(?:((?:" + NAME_CHARS + "+\\s+)*" + NAME_CHARS
            + "+)|\"((?:[^\"]|\\\")+)\")?\\s*<(.+)>\\s*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String ATEXT = "a-zA-Z0-9_!#$%&'*+\\-/=?^`{|}~";
    private static final Pattern DOT_ATOM_TEXT = Pattern.compile("[" + ATEXT + "]+(?:\\.[" + ATEXT + "]+)*");
    private static final Pattern DOT_ATOM_TEXT_INTL = Pattern.compile(
            "[" + ATEXT + "\\x{80}-\\x{10FFFF}]+(?:\\.[" + ATEXT + "\\x{80}-\\x{10FFFF}]+)*");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?:(?:[a-zA-Z0-9][a-zA-Z0-9\\-]*)?[a-zA-Z0-9])(?:\\.(?:(?:[a-zA-Z0-9][a-zA-Z0-9\\-]*)?[a-zA-Z0-9]))*");
    private static final Pattern R_LDH = Pattern.compile("(?!xn)..--.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final List<String> CASE_INSENSITIVE_MAILBOXES = List.of("info", "marketing", "sales", "support",
            "abuse", "noc", "security", "postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp");
    private static final List<String> SPECIAL_USE_DOMAINS = List.of("arpa", "invalid", "local", "localhost", "onion",
            "test");

    /** IDNA 2008 as the idna package checks it: nontransitional, with the BIDI and CONTEXTJ/O rules. */
    private static final IDNA IDNA_2008 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO);
    /** ICU's UTS #46 mapping (case folding, NFC, label separators to dots), what idna.uts46_remap does. */
    private static final Normalizer2 UTS46_MAP = Normalizer2.getInstance(null, "uts46", Normalizer2.Mode.COMPOSE);
    private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();

    private EmailStr() {
    }

    /** Validates and normalizes like {@code EmailStr}; a null input is not an address. */
    public static Result parse(String value) {
        try {
            return new Result(normalize(value), null);
        } catch (Invalid e) {
            return new Result(null, e.getMessage());
        }
    }

    /** The address to store when {@code value} is valid; otherwise {@code value} unchanged, for the error to show. */
    public static String normalizedOrAsSent(String value) {
        if (value == null) {
            return null;
        }
        Result result = parse(value);
        return result.valid() ? result.email() : value;
    }

    private static String normalize(String value) {
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new Invalid("Length must not exceed " + MAX_LENGTH + " characters");
        }
        Matcher pretty = PRETTY.matcher(value);
        if (pretty.matches()) {
            value = pretty.group(3);
        }
        return validate(strip(value));
    }

    /** email_validator.validate_email with pydantic's options: no DNS, nothing quoted, no literals, no names. */
    private static String validate(String email) {
        Parts parts = split(email);
        String local = validateLocal(parts.local, parts.quoted);
        String asciiLocal = isAscii(local) ? local : null;
        String nfc = Normalizer.normalize(local, Normalizer.Form.NFC);
        if (!nfc.equals(local)) {
            try {
                validateLocal(nfc, parts.quoted);
            } catch (Invalid e) {
                throw new Invalid("After Unicode normalization: " + e.getMessage());
            }
            local = nfc;
        }
        if (parts.quoted) {
            throw new Invalid("Quoting the part before the @-sign is not allowed here.");
        }
        if (asciiLocal != null && CASE_INSENSITIVE_MAILBOXES.contains(asciiLocal.toLowerCase(Locale.ROOT))) {
            asciiLocal = asciiLocal.toLowerCase(Locale.ROOT);
            local = local.toLowerCase(Locale.ROOT);
        }
        if (parts.domain.isEmpty()) {
            throw new Invalid("There must be something after the @-sign.");
        }
        if (parts.domain.startsWith("[") && parts.domain.endsWith("]")) {
            throw new Invalid("A bracketed IP address after the @-sign is not allowed here.");
        }
        String[] domain = validateDomain(parts.domain);
        String normalized = local + "@" + domain[1];
        String original = (parts.quoted ? "\"" + parts.local + "\"" : parts.local) + "@" + parts.domain;
        checkLength(original, null);
        checkLength(normalized, "after normalization");
        checkLength((asciiLocal != null ? asciiLocal : local) + "@" + domain[0],
                "when the part after the @-sign is converted to IDNA ASCII");
        if (parts.displayName) {
            throw new Invalid("A display name and angle brackets around the email address are not permitted here.");
        }
        return normalized;
    }

    private record Parts(String local, String domain, boolean quoted, boolean displayName) {
    }

    private static Parts split(String email) {
        String[] at = splitAtUnquoted(email, "@<");
        String left = at[0];
        String right = at[1];
        boolean displayName = false;
        String local;
        String domain;
        if (right.startsWith("<")) {
            displayName = true;
            String[] name = unquote(rstrip(left));
            if (!"q".equals(name[1])) {
                Set<String> bad = badChars(name[0], c -> c == '.' || (!isAtext(c) && c != ' '));
                if (!bad.isEmpty()) {
                    throw new Invalid("The display name contains invalid characters when not quoted: "
                            + String.join(", ", bad) + ".");
                }
            }
            checkUnsafe(name[0], true);
            if (right.indexOf('>') < 0) {
                throw new Invalid("An open angle bracket at the start of the email address has to be followed by a "
                        + "close angle bracket at the end.");
            }
            right = right.replaceAll(" +$", "");
            if (!right.endsWith(">")) {
                throw new Invalid("There can't be anything after the email address.");
            }
            String[] addr = splitAtUnquoted(right.substring(1).replaceAll(">+$", ""), "@");
            local = addr[0];
            domain = addr[1];
        } else {
            local = left;
            domain = right;
        }
        if (domain.startsWith("@")) {
            domain = domain.substring(1);
        }
        String[] unquoted = unquote(local);
        return new Parts(unquoted[0], domain, "q".equals(unquoted[1]), displayName);
    }

    /** Splits before the first of {@code specials} outside quotes that does not combine with what follows. */
    private static String[] splitAtUnquoted(String text, String specials) {
        boolean inQuote = false;
        boolean escaped = false;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            boolean special = c == '"' || c == '\\' || specials.indexOf(c) >= 0;
            if (special && Normalizer.normalize(text.substring(i), Normalizer.Form.NFC).codePointAt(0) != c) {
                // combines with the next character (as '<' with U+0338): an ordinary character
            } else if (inQuote) {
                if (c == '\\' && !escaped) {
                    escaped = true;
                } else if (c == '"' && !escaped) {
                    inQuote = false;
                    escaped = false;
                } else {
                    escaped = false;
                }
            } else if (c == '"') {
                inQuote = true;
            } else if (specials.indexOf(c) >= 0) {
                return new String[] {text.substring(0, i), text.substring(i)};
            }
            i += Character.charCount(c);
        }
        if (text.indexOf('\uFF20') >= 0) {
            throw new Invalid("The email address has the \"full-width\" at-sign (@) character instead of a regular "
                    + "at-sign.");
        }
        if (text.indexOf('\uFE6B') >= 0) {
            throw new Invalid("The email address has the \"small commercial at\" character instead of a regular "
                    + "at-sign.");
        }
        throw new Invalid("An email address must have an @-sign.");
    }

    /** Removes surrounding quotes and backslash escapes; the second element is "q" when it was quoted. */
    private static String[] unquote(String text) {
        if (!text.startsWith("\"")) {
            return new String[] {text, ""};
        }
        StringBuilder value = new StringBuilder();
        boolean escaped = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                value.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                if (i != text.length() - 1) {
                    StringBuilder rest = new StringBuilder();
                    text.substring(i + 1).codePoints().forEach(r -> {
                        rest.append(rest.isEmpty() ? "" : ", ").append(display(r));
                    });
                    throw new Invalid("Extra character(s) found after close quote: " + rest);
                }
                break;
            } else {
                value.append(c);
            }
        }
        return new String[] {value.toString(), "q"};
    }

    private static String validateLocal(String local, boolean quoted) {
        if (local.isEmpty()) {
            throw new Invalid("There must be something before the @-sign.");
        }
        if (DOT_ATOM_TEXT.matcher(local).matches()) {
            return local;
        }
        boolean dotAtom = DOT_ATOM_TEXT_INTL.matcher(local).matches();
        if (!dotAtom && quoted) {
            Set<String> bad = badChars(local, c -> !(c >= 0x20 && c <= 0x7E) && c < 0x80);
            if (!bad.isEmpty()) {
                throw new Invalid("The email address contains invalid characters in quotes before the @-sign: "
                        + String.join(", ", bad) + ".");
            }
        }
        if (dotAtom || quoted) {
            checkUnsafe(local, !dotAtom);
            if (hasLoneSurrogate(local)) {
                throw new Invalid("The email address contains an invalid character.");
            }
            return dotAtom ? local : "\"" + local.replaceAll("([\"\\\\])", "\\\\$1") + "\"";
        }
        Set<String> bad = badChars(local, c -> c != '.' && !isAtext(c) && c < 0x80);
        if (!bad.isEmpty()) {
            throw new Invalid("The email address contains invalid characters before the @-sign: "
                    + String.join(", ", bad) + ".");
        }
        checkDotAtom(local, "An email address cannot start with a %s.",
                "An email address cannot have a %s immediately before the @-sign.", false);
        throw new Invalid("The email address contains invalid characters before the @-sign.");
    }

    /** The domain's IDNA ASCII form and its Unicode form (what is stored), or why it is not valid. */
    private static String[] validateDomain(String domain) {
        IntPredicate notHostnameChar = c -> c < 0x80 && !(isAsciiAlnum(c) || c == '-' || c == '.');
        Set<String> bad = badChars(domain, notHostnameChar);
        if (!bad.isEmpty()) {
            throw new Invalid("The part after the @-sign contains invalid characters: " + String.join(", ", bad) + ".");
        }
        checkUnsafe(domain, false);
        bad = badChars(domain, c -> !uts46Valid(c));
        if (!bad.isEmpty()) {
            throw new Invalid("The part after the @-sign contains invalid characters: " + String.join(", ", bad) + ".");
        }
        String original = domain;
        domain = UTS46_MAP.normalize(domain);
        bad = badChars(domain, notHostnameChar);
        if (!bad.isEmpty()) {
            throw new Invalid("The part after the @-sign contains invalid characters after Unicode normalization: "
                    + String.join(", ", bad) + ".");
        }
        checkDotAtom(domain, "An email address cannot have a %s immediately after the @-sign.",
                "An email address cannot end with a %s.", true);
        for (String label : domain.split("\\.", -1)) {
            if (R_LDH.matcher(label).matches()) {
                throw new Invalid("An email address cannot have two letters followed by two dashes immediately after "
                        + "the @-sign or after a period, except Punycode.");
            }
        }
        String ascii = domain;
        if (!HOSTNAME.matcher(domain).matches()) {
            StringBuilder out = new StringBuilder();
            for (String label : domain.split("\\.", -1)) {
                IDNA.Info info = new IDNA.Info();
                StringBuilder encoded = new StringBuilder();
                IDNA_2008.labelToASCII(label, encoded, info);
                if (info.hasErrors()) {
                    throw new Invalid("The part after the @-sign is invalid (" + idnaReason(info) + ").");
                }
                out.append(out.isEmpty() ? "" : ".").append(encoded);
            }
            ascii = out.toString();
            if (!HOSTNAME.matcher(ascii).matches()) {
                throw new Invalid("The email address contains invalid characters after the @-sign after IDNA encoding.");
            }
        }
        if (ascii.length() > DOMAIN_MAX_LENGTH) {
            int diff = ascii.length() - DOMAIN_MAX_LENGTH;
            throw new Invalid(ascii.equals(original)
                    ? "The email address is too long after the @-sign " + tooMany(diff) + "."
                    : "The email address is too long after the @-sign (" + diff + " byte" + (diff == 1 ? "" : "s")
                    + " too many after IDNA encoding).");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.length() > LABEL_MAX_LENGTH) {
                throw new Invalid("After the @-sign, periods cannot be separated by so many characters "
                        + tooMany(label.length() - LABEL_MAX_LENGTH) + ".");
            }
        }
        if (ascii.indexOf('.') < 0) {
            throw new Invalid("The part after the @-sign is not valid. It should have a period.");
        }
        if (!Character.isLetter(ascii.charAt(ascii.length() - 1))) {
            throw new Invalid("The part after the @-sign is not valid. It is not within a valid top-level domain.");
        }
        for (String special : SPECIAL_USE_DOMAINS) {
            if (ascii.equals(special) || ascii.endsWith("." + special)) {
                throw new Invalid("The part after the @-sign is a special-use or reserved name that cannot be used "
                        + "with email.");
            }
        }
        IDNA.Info info = new IDNA.Info();
        StringBuilder unicode = new StringBuilder();
        IDNA_2008.nameToUnicode(ascii, unicode, info);
        if (info.hasErrors()) {
            throw new Invalid("The part after the @-sign is not valid IDNA (" + idnaReason(info) + ").");
        }
        checkUnsafe(unicode.toString(), false);
        return new String[] {ascii, unicode.toString()};
    }

    /** Python idna's wording for the errors it shares with ICU; ICU's names otherwise. */
    private static String idnaReason(IDNA.Info info) {
        Set<IDNA.Error> errors = info.getErrors();
        if (errors.contains(IDNA.Error.PUNYCODE) || errors.contains(IDNA.Error.INVALID_ACE_LABEL)) {
            return "Invalid A-label";
        }
        if (errors.contains(IDNA.Error.LABEL_TOO_LONG)) {
            return "Label too long";
        }
        return errors.toString();
    }

    private static void checkDotAtom(String label, String start, String end, boolean hostname) {
        if (label.endsWith(".")) {
            throw new Invalid(end.formatted("period"));
        }
        if (label.startsWith(".")) {
            throw new Invalid(start.formatted("period"));
        }
        if (label.contains("..")) {
            throw new Invalid("An email address cannot have two periods in a row.");
        }
        if (hostname) {
            if (label.endsWith("-")) {
                throw new Invalid(end.formatted("hyphen"));
            }
            if (label.startsWith("-")) {
                throw new Invalid(start.formatted("hyphen"));
            }
            if (label.contains(".-") || label.contains("-.")) {
                throw new Invalid("An email address cannot have a period and a hyphen next to each other.");
            }
        }
    }

    /** Letters, numbers, punctuation and symbols only; no combining mark first; spaces only when quoted. */
    private static void checkUnsafe(String s, boolean allowSpace) {
        TreeSet<Integer> bad = new TreeSet<>();
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String category = category(cps[i]);
            char major = category.charAt(0);
            boolean ok = switch (major) {
                case 'L', 'N', 'P', 'S' -> true;
                case 'M' -> i != 0;
                case 'Z' -> category.equals("Zs") && allowSpace;
                default -> false;
            };
            if (!ok) {
                bad.add(cps[i]);
            }
        }
        if (!bad.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (int c : bad) {
                names.append(names.isEmpty() ? "" : ", ").append(display(c));
            }
            throw new Invalid("The email address contains unsafe characters: " + names + ".");
        }
    }

    /** The characters {@code bad} selects, as email-validator displays them, in its (sorted) order. */
    private static Set<String> badChars(String s, IntPredicate bad) {
        Set<String> found = new TreeSet<>();
        s.codePoints().filter(bad).forEach(c -> found.add(display(c)));
        return found;
    }

    /** email_validator's safe_character_display: the quoted character, or its Unicode name, or U+XXXX. */
    static String display(int c) {
        if (c == '\\') {
            return "\"\\\"";
        }
        char major = category(c).charAt(0);
        if (major == 'L' || major == 'N' || major == 'P' || major == 'S') {
            return c == '\'' ? "\"'\"" : "'" + Character.toString(c) + "'";
        }
        String category = category(c);
        String name = category.equals("Cc") || category.equals("Co") || category.equals("Cs") || category.equals("Cn")
                ? null : Character.getName(c);
        return name != null ? name : c < 0xFFFF ? "U+%04X".formatted(c) : "U+%08X".formatted(c);
    }

    /** email_validator's uts46_valid_char: what UTS #46 mapping would reject, with a message of its own. */
    private static boolean uts46Valid(int c) {
        if (c >= 0x80 && c <= 0x9F) {
            return false;
        }
        if ((c >= 0x2010 && c <= 0x2060 && !(c >= 0x2024 && c <= 0x2026) && !(c >= 0x2028 && c <= 0x202E))
                || c == 0x00AD || c == 0x2064 || c == 0xFF0E || (c >= 0x200B && c <= 0x200D)
                || (c >= 0x1BCA0 && c <= 0x1BCA3)) {
            return true;
        }
        String category = category(c);
        if (List.of("Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp").contains(category)) {
            return false;
        }
        String decomposition = NFKD.getRawDecomposition(c);
        return decomposition == null || decomposition.indexOf('.') < 0;
    }

    private static void checkLength(String address, String how) {
        int chars = address.codePointCount(0, address.length());
        int bytes = address.getBytes(StandardCharsets.UTF_8).length;
        int diff = bytes - EMAIL_MAX_LENGTH;
        if (diff <= 0) {
            return;
        }
        String reason;
        if (how == null && chars == bytes) {
            reason = tooMany(diff);
        } else if (how == null) {
            int maxBytes = address.codePoints().map(c -> Character.toString(c).getBytes(StandardCharsets.UTF_8).length)
                    .max().orElse(1);
            int minChars = Math.max(1, diff / maxBytes);
            String s = diff > 1 ? "s" : "";
            reason = minChars == diff ? "(" + diff + " character" + s + " too many)"
                    : "(" + minChars + "-" + diff + " character" + s + " too many)";
        } else {
            reason = how + " (" + diff + " byte" + (diff > 1 ? "s" : "") + " too many)";
        }
        throw new Invalid("The email address is too long " + reason + ".");
    }

    private static String tooMany(int diff) {
        return "(" + diff + " character" + (diff > 1 ? "s" : "") + " too many)";
    }

    /** Python's str.strip(): every Unicode whitespace, not only Java's. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isPythonSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(0, end);
    }

    private static boolean isAtext(int c) {
        return isAsciiAlnum(c) || (c < 0x80 && "_!#$%&'*+-/=?^`{|}~".indexOf(c) >= 0);
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    /** The Unicode general category, two letters, as Python's unicodedata.category gives it. */
    private static String category(int c) {
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER -> "Lu";
            case Character.LOWERCASE_LETTER -> "Ll";
            case Character.TITLECASE_LETTER -> "Lt";
            case Character.MODIFIER_LETTER -> "Lm";
            case Character.OTHER_LETTER -> "Lo";
            case Character.NON_SPACING_MARK -> "Mn";
            case Character.ENCLOSING_MARK -> "Me";
            case Character.COMBINING_SPACING_MARK -> "Mc";
            case Character.DECIMAL_DIGIT_NUMBER -> "Nd";
            case Character.LETTER_NUMBER -> "Nl";
            case Character.OTHER_NUMBER -> "No";
            case Character.SPACE_SEPARATOR -> "Zs";
            case Character.LINE_SEPARATOR -> "Zl";
            case Character.PARAGRAPH_SEPARATOR -> "Zp";
            case Character.CONTROL -> "Cc";
            case Character.FORMAT -> "Cf";
            case Character.PRIVATE_USE -> "Co";
            case Character.SURROGATE -> "Cs";
            case Character.DASH_PUNCTUATION -> "Pd";
            case Character.START_PUNCTUATION -> "Ps";
            case Character.END_PUNCTUATION -> "Pe";
            case Character.CONNECTOR_PUNCTUATION -> "Pc";
            case Character.OTHER_PUNCTUATION -> "Po";
            case Character.INITIAL_QUOTE_PUNCTUATION -> "Pi";
            case Character.FINAL_QUOTE_PUNCTUATION -> "Pf";
            case Character.MATH_SYMBOL -> "Sm";
            case Character.CURRENCY_SYMBOL -> "Sc";
            case Character.MODIFIER_SYMBOL -> "Sk";
            case Character.OTHER_SYMBOL -> "So";
            default -> "Cn";
        };
    }

    /** An address email-validator refuses; the message is its reason. */
    private static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
