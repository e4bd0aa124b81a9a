package dev.cutover.service.api;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * The OpenAPI document as the template's: JAX-RS drops the trailing slash of paths like {@code /users/} when it
 * describes them, but clients generated from the FastAPI template call them with it, so the slash goes back wherever a
 * resource method's {@code @Path} has one; and the paths and tags come in the template's order (login, users, utils,
 * items, private), which is the order {@code /docs} shows them in.
 */
public class TemplatePaths implements OASFilter {

    static final Class<?>[] RESOURCES = {LoginResource.class, UsersResource.class, UtilsResource.class,
            ItemsResource.class, PrivateResource.class};

    /** The template's routers, in the order its {@code api_router} includes them. */
    static final List<String> TAG_ORDER = List.of("login", "users", "utils", "items", "private");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, String> slashed = withSlash();
        List<Map.Entry<String, PathItem>> entries = new ArrayList<>(paths.getPathItems().entrySet());
        entries.sort(Comparator.comparingInt(e -> rank(e.getValue())));
        Map<String, PathItem> renamed = new LinkedHashMap<>();
        entries.forEach(e -> renamed.put(slashed.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
        paths.setPathItems(renamed);
        if (openAPI.getTags() != null) {
            List<Tag> tags = new ArrayList<>(openAPI.getTags());
            tags.sort(Comparator.comparingInt(t -> rank(t.getName())));
            openAPI.setTags(tags);
        }
    }

    /** The position of a path's first tag in the template's order; untagged and unknown tags come last. */
    private static int rank(PathItem item) {
        return item.getOperations().values().stream()
                .filter(op -> op.getTags() != null && !op.getTags().isEmpty())
                .map(op -> rank(op.getTags().get(0))).findFirst().orElse(TAG_ORDER.size());
    }

    private static int rank(String tag) {
        int index = TAG_ORDER.indexOf(tag);
        return index < 0 ? TAG_ORDER.size() : index;
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
