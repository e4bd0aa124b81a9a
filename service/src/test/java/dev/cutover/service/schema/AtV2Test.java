package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V2. */
@QuarkusTest
@TestProfile(AtV2Test.Schema.class)
class AtV2Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "2";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return false;
    }
}
