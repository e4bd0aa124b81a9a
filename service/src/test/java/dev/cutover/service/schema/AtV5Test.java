package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V5. */
@QuarkusTest
@TestProfile(AtV5Test.Schema.class)
class AtV5Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "5";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return false;
    }
}
