package dev.cutover.service.matrix;

/**
 * What one request of the script (or one check of the database after it) gave.
 *
 * @param operation the OpenAPI operation id, or what else was checked
 * @param result    the HTTP status, or a check's value
 * @param compared  whether the result must equal the final schema's; when not, only a server error fails it
 * @param expected  the result this state must give instead of the final schema's (null: the final schema's), for
 *                  what rightly changes along the way, as logins that ignore case once reads are switched
 */
record Outcome(String label, String operation, String result, String body, boolean compared, String expected) {

    Outcome(String label, String operation, String result, String body, boolean compared) {
        this(label, operation, result, body, compared, null);
    }

    /** A 5xx status, a request that got no answer, or a statement of the old service's that failed. */
    boolean serverError() {
        return result.startsWith("5") || result.startsWith("no answer") || result.startsWith("ERROR");
    }

    String describe() {
        String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return label + " [" + operation + "]: " + result + (shown.isBlank() ? "" : " " + shown.replace('\n', ' '));
    }
}
