package dev.cutover.service.schema;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API against the schema at V8 (the items table, no index yet). */
@QuarkusTest
@TestProfile(AtV8Test.Schema.class)
class AtV8Test extends ApiAtSchemaVersionTest {

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "8";
        }
    }

    @Override
    protected boolean normalizedReads() {
        return true;
    }

    @Override
    protected boolean hasItems() {
        return true;
    }
}
