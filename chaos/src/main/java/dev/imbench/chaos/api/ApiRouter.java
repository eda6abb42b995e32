package dev.imbench.chaos.api;

import dev.imbench.chaos.toxic.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a method and path of the Toxiproxy API to a {@link ProxyStore} operation and its JSON answer. */
final class ApiRouter {

    /** Version reported by {@code GET /version}. */
    static final String VERSION = "2.12.0-imbench";

    /**
     * An answer.
     *
     * @param status      HTTP status
     * @param body        body text, empty for 204
     * @param contentType its content type
     */
    record Response(int status, String body, String contentType) {
        static Response json(int status, Object value) {
            return new Response(status, ApiJson.write(value), "application/json");
        }

        static Response empty() {
            return new Response(204, "", "text/plain");
        }
    }

    private final ProxyStore store;

    ApiRouter(ProxyStore store) {
        this.store = store;
    }

    /** Handles one request; every failure becomes an error body. */
    Response handle(String method, String rawPath, String body) {
        try {
            return route(method, rawPath, body);
        } catch (ApiException e) {
            return Response.json(e.status(), ApiJson.error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            return Response.json(500, ApiJson.error(500, String.valueOf(e.getMessage())));
        }
    }

    private Response route(String method, String rawPath, String body) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        String[] parts = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
            .map(s -> java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8)).toArray(String[]::new);
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        boolean update = post || method.equals("PATCH");
        boolean delete = method.equals("DELETE");
        if (parts.length == 1) {
            switch (parts[0]) {
                case "version" -> {
                    if (get) {
                        return Response.json(200, Map.of("version", VERSION));
                    }
                }
                case "metrics" -> {
                    if (get) {
                        return new Response(200, metrics(), "text/plain; version=0.0.4");
                    }
                }
                case "reset" -> {
                    if (post) {
                        store.reset();
                        return Response.empty();
                    }
                }
                case "populate" -> {
                    if (post) {
                        List<Object> out = store.populate(ApiJson.proxyRequests(ApiJson.parse(body))).stream()
                            .map(p -> (Object) ApiJson.proxyJson(p)).toList();
                        return Response.json(201, Map.of("proxies", out));
                    }
                }
                case "proxies" -> {
                    if (get) {
                        Map<String, Object> all = new LinkedHashMap<>();
                        store.all().forEach(p -> all.put(p.name, ApiJson.proxyJson(p)));
                        return Response.json(200, all);
                    }
                    if (post) {
                        return Response.json(201, ApiJson.proxyJson(store.create(ApiJson.proxyRequest(ApiJson.parse(body)))));
                    }
                }
                default -> throw ApiException.notFound("not found");
            }
            throw new ApiException(405, "method not allowed");
        }
        if (parts.length < 2 || !parts[0].equals("proxies") || parts.length > 4
            || parts.length >= 3 && !parts[2].equals("toxics")) {
            throw ApiException.notFound("not found");
        }
        String proxy = parts[1];
        if (parts.length == 2) {
            if (get) {
                return Response.json(200, ApiJson.proxyJson(store.get(proxy)));
            }
            if (update) {
                return Response.json(200, ApiJson.proxyJson(store.update(proxy, ApiJson.proxyRequest(ApiJson.parse(body)))));
            }
            if (delete) {
                store.delete(proxy);
                return Response.empty();
            }
        } else if (parts.length == 3) {
            if (get) {
                return Response.json(200, store.get(proxy).toxics.stream().map(ApiJson::toxicJson).toList());
            }
            if (post) {
                store.get(proxy);
                return Response.json(200, ApiJson.toxicJson(store.addToxic(proxy, ApiJson.toxic(ApiJson.parse(body)))));
            }
        } else {
            String toxic = parts[3];
            if (get) {
                return Response.json(200, ApiJson.toxicJson(store.get(proxy).toxic(toxic)));
            }
            if (update) {
                var json = ApiJson.object(ApiJson.parse(body));
                return Response.json(200, ApiJson.toxicJson(
                    store.updateToxic(proxy, toxic, ApiJson.attributes(json), ApiJson.toxicity(json))));
            }
            if (delete) {
                store.removeToxic(proxy, toxic);
                return Response.empty();
            }
        }
        throw new ApiException(405, "method not allowed");
    }

    private String metrics() {
        StringBuilder sb = new StringBuilder();
        String[][] families = {
            {"toxiproxy_proxy_received_bytes_total", "Bytes the proxy read, by direction."},
            {"toxiproxy_proxy_sent_bytes_total", "Bytes the proxy forwarded, by direction."}};
        List<ManagedProxy> all = store.all();
        for (int f = 0; f < families.length; f++) {
            sb.append("# HELP ").append(families[f][0]).append(' ').append(families[f][1]).append('\n');
            sb.append("# TYPE ").append(families[f][0]).append(" counter\n");
            for (ManagedProxy p : all) {
                for (Direction d : Direction.values()) {
                    long v = f == 0 ? p.proxy.metrics().receivedBytes(d) : p.proxy.metrics().sentBytes(d);
                    sb.append(families[f][0]).append("{direction=\"").append(d.wireName()).append("\",listener=\"")
                        .append(p.proxy.listen()).append("\",proxy=\"").append(p.name).append("\",upstream=\"")
                        .append(p.proxy.upstream()).append("\"} ").append(v).append('\n');
                }
            }
        }
        sb.append("# HELP toxiproxy_proxy_connections_total Connections accepted.\n");
        sb.append("# TYPE toxiproxy_proxy_connections_total counter\n");
        for (ManagedProxy p : all) {
            sb.append("toxiproxy_proxy_connections_total{proxy=\"").append(p.name).append("\"} ")
                .append(p.proxy.metrics().connections()).append('\n');
        }
        return sb.toString();
    }
}
