package dev.cutover.service.users;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.UUID;

/** New user ids: UUIDv7, so they sort by creation time and new rows land at the right edge of the primary key. */
public final class UserIds {

    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator();

    private UserIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
