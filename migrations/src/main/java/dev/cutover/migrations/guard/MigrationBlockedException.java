package dev.cutover.migrations.guard;

import java.util.List;

/** A migration gave up, within its budget, because sessions kept blocking it; nothing of it was applied. */
public final class MigrationBlockedException extends RuntimeException {

    private final transient List<Blocker> blockers;

    public MigrationBlockedException(String message, List<Blocker> blockers) {
        super(message);
        this.blockers = List.copyOf(blockers);
    }

    /** The sessions that blocked the last attempt or the pre-flight, as seen then. */
    public List<Blocker> blockers() {
        return blockers;
    }
}
