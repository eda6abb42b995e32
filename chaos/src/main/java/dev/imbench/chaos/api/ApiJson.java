package dev.imbench.chaos.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading request bodies and writing the Toxiproxy JSON shapes. */
final class ApiJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("bad request body: empty");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("bad request body: " + e.getOriginalMessage());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ApiException(500, e.getMessage());
        }
    }

    static JsonNode object(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("bad request body: expected a JSON object");
        }
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("bad request body: " + field + " must be a string");
        }
        return v.asText();
    }

    static ProxyStore.ProxyRequest proxyRequest(JsonNode body) {
        object(body);
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw ApiException.badRequest("bad request body: enabled must be a boolean");
        }
        return new ProxyStore.ProxyRequest(text(body, "name"), text(body, "listen"), text(body, "upstream"),
            enabled == null || enabled.isNull() ? null : enabled.asBoolean());
    }

    static List<ProxyStore.ProxyRequest> proxyRequests(JsonNode body) {
        if (!body.isArray()) {
            throw ApiException.badRequest("bad request body: expected a list of proxies");
        }
        List<ProxyStore.ProxyRequest> out = new ArrayList<>();
        body.forEach(n -> out.add(proxyRequest(n)));
        return out;
    }

    static Map<String, Long> attributes(JsonNode body) {
        JsonNode a = body.get("attributes");
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isObject()) {
            throw ApiException.badRequest("bad request body: attributes must be an object");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw ApiException.badRequest("bad request body: attribute " + e.getKey() + " must be an integer");
            }
            out.put(e.getKey(), v.asLong());
        }
        return out;
    }

    static Double toxicity(JsonNode body) {
        JsonNode t = body.get("toxicity");
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isNumber()) {
            throw ApiException.badRequest("bad request body: toxicity must be a number");
        }
        return t.asDouble();
    }

    static ToxicSpec toxic(JsonNode body) {
        object(body);
        String type = text(body, "type");
        if (type == null) {
            throw ApiException.badRequest("missing required field: type");
        }
        try {
            String stream = text(body, "stream");
            Double toxicity = toxicity(body);
            Map<String, Long> attrs = attributes(body);
            return new ToxicSpec(text(body, "name"), type, stream == null ? null : Direction.parse(stream),
                toxicity == null ? 1.0 : toxicity, attrs);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static Map<String, Object> toxicJson(ToxicSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("type", t.type());
        m.put("stream", t.stream().wireName());
        m.put("toxicity", t.toxicity());
        m.put("attributes", new java.util.TreeMap<>(t.attributes()));
        return m;
    }

    static Map<String, Object> proxyJson(ManagedProxy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name);
        m.put("listen", p.proxy.listen().toString());
        m.put("upstream", p.proxy.upstream().toString());
        m.put("enabled", p.proxy.isEnabled());
        m.put("toxics", p.toxics.stream().map(ApiJson::toxicJson).toList());
        return m;
    }

    static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", status);
        return m;
    }
}
