package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V3. */
@QuarkusTest
@TestProfile(AtV3Test.Schema.class)
class AtV3Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "3";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return false;
    }
}
