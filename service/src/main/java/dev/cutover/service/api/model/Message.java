package dev.cutover.service.api.model;

/** A plain confirmation. */
public record Message(String message) {
}
