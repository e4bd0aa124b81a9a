package dev.cutover.service.api.errors;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Pattern;

/**
 * The checks email-validator (behind pydantic's EmailStr) makes that matter here: one @, an atom-text local
 * part, a dotted domain of letter-digit-hyphen labels. The reason goes into the message the way pydantic words it.
 */
public class EmailValidator implements ConstraintValidator<ValidEmail, String> {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String reason = reason(value);
        if (reason == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("value is not a valid email address: " + reason)
                .addConstraintViolation();
        return false;
    }

    public static String reason(String value) {
        int at = value.indexOf('@');
        if (at < 0) {
            return "An email address must have an @-sign.";
        }
        if (value.indexOf('@', at + 1) >= 0) {
            return "The email address contains invalid characters before the @-sign: '@'.";
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.isEmpty()) {
            return "There must be something before the @-sign.";
        }
        if (domain.isEmpty()) {
            return "There must be something after the @-sign.";
        }
        if (!LOCAL.matcher(local).matches()) {
            return "The email address contains invalid characters before the @-sign.";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "The part after the @-sign is not valid. It should have a period.";
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "The part after the @-sign is not valid.";
            }
        }
        return null;
    }
}
