package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V6. */
@QuarkusTest
@TestProfile(AtV6Test.Schema.class)
class AtV6Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "6";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return true;
    }
}
