package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V7. */
@QuarkusTest
@TestProfile(AtV7Test.Schema.class)
class AtV7Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "7";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return true;
    }
}
