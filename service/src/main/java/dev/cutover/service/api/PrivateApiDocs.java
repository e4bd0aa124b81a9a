package dev.cutover.service.api;

import dev.cutover.service.config.PrivateApi;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Leaves the private API out of the OpenAPI document while {@link PrivateApi} is off; run at start, since the switch
 * is the running service's environment, not the build's.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class PrivateApiDocs implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (PrivateApi.enabledByConfig() || openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().keySet().stream()
                .filter(path -> path.startsWith(PrivateApi.PREFIX + "/")).toList()
                .forEach(openAPI.getPaths()::removePathItem);
        if (openAPI.getTags() != null) {
            openAPI.setTags(openAPI.getTags().stream().filter(t -> !"private".equals(t.getName())).toList());
        }
    }
}
