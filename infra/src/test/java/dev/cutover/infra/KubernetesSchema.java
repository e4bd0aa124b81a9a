package dev.cutover.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.util.Map;

/**
 * Checks a manifest against the Kubernetes 1.32 API schema without a cluster: the official Java client's models,
 * generated from the API's OpenAPI document, reject unknown fields, missing required fields and wrong shapes.
 */
final class KubernetesSchema {

    private interface Parser {
        Object parse(String json) throws IOException;
    }

    private record Kind(String apiVersion, Parser parser) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "ServiceAccount", new Kind("v1", V1ServiceAccount::fromJson),
            "ConfigMap", new Kind("v1", V1ConfigMap::fromJson),
            "Service", new Kind("v1", V1Service::fromJson),
            "Deployment", new Kind("apps/v1", V1Deployment::fromJson),
            "Job", new Kind("batch/v1", V1Job::fromJson),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", V2HorizontalPodAutoscaler::fromJson),
            "PodDisruptionBudget", new Kind("policy/v1", V1PodDisruptionBudget::fromJson),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", V1NetworkPolicy::fromJson));

    private KubernetesSchema() {
    }

    /** Returns null when {@code manifest} is valid, else what is wrong with it, in one line. */
    static String problem(JsonNode manifest) {
        String kind = manifest.path("kind").asText();
        Kind known = KINDS.get(kind);
        if (known == null) {
            return "kind '" + kind + "' is not one this project deploys (" + KINDS.keySet() + ")";
        }
        if (!known.apiVersion().equals(manifest.path("apiVersion").asText())) {
            return kind + " must be apiVersion " + known.apiVersion() + ", not " + manifest.path("apiVersion").asText();
        }
        try {
            known.parser().parse(manifest.toString());
            return null;
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int json = message.indexOf(" JSON");
            return kind + " " + manifest.path("metadata").path("name").asText() + ": "
                    + (json > 0 ? message.substring(0, json) : message);
        }
    }
}
