package dev.cutover.service.api.model;

/** Field limits shared by the request models, the same as the FastAPI template's. */
public final class Constraints {
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;
    public static final int EMAIL_MAX = 255;
    public static final int FULL_NAME_MAX = 255;
    public static final int ITEM_TITLE_MAX = 255;
    public static final int ITEM_DESCRIPTION_MAX = 255;

    private Constraints() {
    }
}
