package dev.cutover.migrations.backfill;

/**
 * One batch's slice of the key space, {@code key > from AND key <= to}, both as the key's text form; {@code from} is
 * the lowest value of the key's type on the first batch.
 */
public record KeyRange(String from, String to) {
}
