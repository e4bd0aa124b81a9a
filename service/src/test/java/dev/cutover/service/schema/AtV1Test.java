package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V1. */
@QuarkusTest
@TestProfile(AtV1Test.Schema.class)
class AtV1Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "1";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return false;
    }
}
