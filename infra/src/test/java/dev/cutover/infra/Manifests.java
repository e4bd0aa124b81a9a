package dev.cutover.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects of one rendered kustomize overlay (infra/target/k8s/OVERLAY.yaml, written by check.sh kustomize). */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();

    private final String overlay;
    private final List<JsonNode> objects;

    private Manifests(String overlay, List<JsonNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    static Manifests load(String overlay) {
        return parse(overlay, Repo.path("infra/target/k8s/" + overlay + ".yaml"));
    }

    static Manifests parse(String overlay, Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> objects = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
            return new Manifests(overlay, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String overlay() {
        return overlay;
    }

    List<JsonNode> all() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    /** The containers of every workload (Deployments and Jobs), with the pod spec they run in. */
    List<JsonNode> podSpecs() {
        List<JsonNode> specs = new ArrayList<>();
        for (JsonNode o : objects) {
            JsonNode pod = o.path("spec").path("template").path("spec");
            if (!pod.isMissingNode()) {
                specs.add(pod);
            }
        }
        return specs;
    }

    /** The value of {@code name} in the container's env, or in the ConfigMap its envFrom names. */
    String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText()) && e.has("value")) {
                return e.path("value").asText();
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            String configMap = from.path("configMapRef").path("name").asText();
            JsonNode data = get("ConfigMap", configMap).path("data");
            if (data.has(name)) {
                return data.path(name).asText();
            }
        }
        return null;
    }
}
