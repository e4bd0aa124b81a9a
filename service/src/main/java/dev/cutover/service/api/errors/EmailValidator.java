package dev.cutover.service.api.errors;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link ValidEmail}: the address as pydantic's EmailStr checks it ({@link EmailStr}), the reason in its message. */
public class EmailValidator implements ConstraintValidator<ValidEmail, String> {

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
        context.buildConstraintViolationWithTemplate("value is not a valid email address: " + escape(reason))
                .addConstraintViolation();
        return false;
    }

    /** Why {@code value} is not an email address EmailStr accepts; null when it is one. */
    public static String reason(String value) {
        return EmailStr.parse(value).reason();
    }

    /** The reason quotes what the user typed: nothing in it may be read as a message template. */
    private static String escape(String reason) {
        return reason.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
