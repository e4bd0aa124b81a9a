package dev.cutover.service.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.UUID;

/**
 * Ids for new rows of {@code users} and {@code items}: UUIDv7, so they sort by creation time and new rows land at the
 * right edge of the primary key.
 */
public final class RowIds {

    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator();

    private RowIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
