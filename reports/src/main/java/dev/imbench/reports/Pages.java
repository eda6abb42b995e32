package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Fills a page template: uPlot inlined from its WebJar, a title, and the page's data as embedded JSON. */
final class Pages {

    /** Where the uPlot WebJar keeps its distribution. */
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private Pages() {
    }

    static String fill(String template, String title, JsonNode data) {
        return resource(template)
                .replace("/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"))
                .replace("/*UPLOT_JS*/", resource(UPLOT + "uPlot.iife.min.js").replace("</", "<\\/"))
                .replace("__TITLE__", title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                .replace("/*DATA*/", data.toString().replace("</", "<\\/"));
    }

    static String resource(String name) {
        try (InputStream in = Pages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the uPlot WebJar on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
