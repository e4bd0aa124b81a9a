package dev.cutover.service.api.model;

/** An OAuth2 bearer token. */
public record Token(String accessToken, String tokenType) {

    public static Token bearer(String accessToken) {
        return new Token(accessToken, "bearer");
    }
}
