package dev.cutover.service.api;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * JAX-RS drops the trailing slash of paths like {@code /users/} when it describes them, but clients generated from
 * the FastAPI template call them with it. This puts the slash back wherever a resource method's {@code @Path} has one.
 */
public class TemplatePaths implements OASFilter {

    static final Class<?>[] RESOURCES = {LoginResource.class, UsersResource.class, UtilsResource.class,
            ItemsResource.class, PrivateResource.class};

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> renamed = new LinkedHashMap<>();
        paths.getPathItems().forEach((name, item) -> renamed.put(withSlash().getOrDefault(name, name), item));
        paths.setPathItems(renamed);
    }

    private static Map<String, String> withSlash() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                Path path = method.getAnnotation(Path.class);
                if (path != null && path.value().endsWith("/") && path.value().length() > 1) {
                    String full = (base + path.value()).replaceAll("/+", "/");
                    names.put(full.substring(0, full.length() - 1), full);
                } else if (path != null && path.value().equals("/")) {
                    names.put(base, base + "/");
                }
            }
        }
        return names;
    }
}
