package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V4. */
@QuarkusTest
@TestProfile(AtV4Test.Schema.class)
class AtV4Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "4";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return false;
    }
}
