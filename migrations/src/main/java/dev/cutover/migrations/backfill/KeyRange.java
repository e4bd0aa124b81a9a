package dev.cutover.migrations.backfill;

/**
 * One batch's part of the key space, {@code key > from AND key <= to}, both as the key's text form ({@code from} is
 * the lowest value of the key's type on the first batch), and which of the range's slices this transaction covers:
 * slice {@code slice} of {@code slices} (0 of 1 when the range is done in one transaction).
 */
public record KeyRange(String from, String to, int slice, int slices) {

    public KeyRange {
        if (slices < 1 || slice < 0 || slice >= slices) {
            throw new IllegalArgumentException("slice " + slice + " of " + slices);
        }
    }

    /** The whole range in one transaction. */
    public KeyRange(String from, String to) {
        this(from, to, 0, 1);
    }

    /**
     * The line-pointer shares of this slice: a row belongs to it when its offset on its page modulo {@link #shares()}
     * is within {@code [shareLow, shareHigh]}. The first slice takes two shares, the ones after it one share each, so
     * the space the first frees on each page holds the (slightly larger) new versions of the next. The last slice
     * takes every share: a row the application updated since its share's slice ran has a new line pointer, and the
     * last slice is what catches it.
     */
    public int shareLow() {
        return slice == 0 || slice == slices - 1 ? 0 : slice + 1;
    }

    public int shareHigh() {
        return slice == slices - 1 ? slices : slice + 1;
    }

    public int shares() {
        return slices + 1;
    }
}
