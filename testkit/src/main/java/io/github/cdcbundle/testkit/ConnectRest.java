package io.github.cdcbundle.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kafka Connect's REST API, as a user drives it with curl. */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** A response: status code and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    public Response send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String ? (String) body
                            : JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, publisher).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True once the worker answers and has joined its group (GET /connectors succeeds). */
    public boolean ready() {
        try {
            return send("GET", "/connectors", null).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public List<String> connectorPlugins(boolean all) {
        JsonNode plugins = send("GET", "/connector-plugins" + (all ? "?connectorsOnly=false" : ""), null).json();
        List<String> classes = new ArrayList<>();
        plugins.forEach(p -> classes.add(p.get("class").asText()));
        return classes;
    }

    /** PUT /connectors/{name}/config: creates or updates, as our Helm hook does. */
    public Response putConnector(String name, Map<String, String> config) {
        Response response = send("PUT", "/connectors/" + name + "/config", config);
        if (response.status() >= 300) {
            throw new IllegalStateException("PUT connector " + name + " failed: " + response.status() + " "
                    + response.body());
        }
        return response;
    }

    public Map<String, String> connectorConfig(String name) {
        try {
            return JSON.readValue(send("GET", "/connectors/" + name + "/config", null).body(),
                    new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validation errors of a connector config, as "option: message" lines; empty when it validates. */
    public List<String> validate(String connectorClass, Map<String, String> config) {
        String simple = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        Map<String, String> named = new java.util.HashMap<>(config);
        named.putIfAbsent("name", "validation");
        Response response = send("PUT", "/connector-plugins/" + simple + "/config/validate", named);
        if (response.status() != 200) {
            throw new IllegalStateException("validate " + simple + ": " + response.status() + " " + response.body());
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode entry : response.json().get("configs")) {
            for (JsonNode error : entry.get("value").get("errors")) {
                errors.add(entry.get("value").get("name").asText() + ": " + error.asText());
            }
        }
        return errors;
    }

    /** Waits until the connector and all its tasks are RUNNING; fails at once with the trace if one FAILED. */
    public void awaitRunning(String name, Duration timeout) {
        Poll.until("connector " + name + " and its tasks to be RUNNING", timeout, () -> {
            Response response = send("GET", "/connectors/" + name + "/status", null);
            if (response.status() != 200) {
                return null;
            }
            JsonNode status = response.json();
            String connectorState = status.get("connector").get("state").asText();
            if ("FAILED".equals(connectorState)) {
                throw new AssertionError("connector " + name + " FAILED: " + status.get("connector").path("trace"));
            }
            JsonNode tasks = status.get("tasks");
            if (!"RUNNING".equals(connectorState) || tasks.isEmpty()) {
                return null;
            }
            for (JsonNode task : tasks) {
                if (!running(name, task)) {
                    return null;
                }
            }
            return Boolean.TRUE;
        });
    }

    /**
     * The workers ({@code host:port}) running the connectors' tasks, or null while a connector is unknown, has no
     * tasks yet or has a task not RUNNING; throws with Connect's trace if a task FAILED.
     */
    public java.util.Set<String> taskOwners(List<String> connectors) {
        java.util.Set<String> owners = new java.util.HashSet<>();
        for (String name : connectors) {
            Response status = send("GET", "/connectors/" + name + "/status", null);
            if (status.status() != 200 || status.json().get("tasks").isEmpty()) {
                return null;
            }
            for (JsonNode task : status.json().get("tasks")) {
                if (!running(name, task)) {
                    return null;
                }
                owners.add(task.get("worker_id").asText());
            }
        }
        return owners;
    }

    /** Whether a task of the status is RUNNING; throws with Connect's trace if it FAILED. */
    private static boolean running(String connector, JsonNode task) {
        String state = task.get("state").asText();
        if ("FAILED".equals(state)) {
            throw new AssertionError("task " + task.get("id") + " of " + connector + " FAILED: "
                    + task.path("trace").asText());
        }
        return "RUNNING".equals(state);
    }

    /** Throws with the stack trace Connect recorded if the connector or one of its tasks FAILED. */
    public void assertNotFailed(String name) {
        Response response = send("GET", "/connectors/" + name + "/status", null);
        if (response.status() != 200) {
            return;
        }
        JsonNode status = response.json();
        if ("FAILED".equals(status.get("connector").get("state").asText())) {
            throw new AssertionError("connector " + name + " FAILED: " + status.get("connector").path("trace"));
        }
        for (JsonNode task : status.get("tasks")) {
            running(name, task); // throws if FAILED; any other state is fine here
        }
    }
}
