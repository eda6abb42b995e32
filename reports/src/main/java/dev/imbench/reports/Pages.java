package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Fills a page template: uPlot inlined from its WebJar, a title, and the page's data as embedded JSON. */
final class Pages {

    /**
     * Where the uPlot WebJar keeps its distribution. The version is the WebJar's own (its
     * {@code pom.properties}), so the parent pom's {@code uplot.version} is the one place it is set.
     */
    static final String UPLOT = "/META-INF/resources/webjars/uplot/" + webJarVersion("org.webjars.npm", "uplot") + "/dist/";

    private Pages() {
    }

    static String fill(String template, String title, JsonNode data) {
        return resource(template)
                .replace("/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"))
                .replace("/*UPLOT_JS*/", resource(UPLOT + "uPlot.iife.min.js").replace("</", "<\\/"))
                .replace("__TITLE__", title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                .replace("/*DATA*/", data.toString().replace("</", "<\\/"));
    }

    private static String webJarVersion(String group, String artifact) {
        String name = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Pages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the " + artifact + " WebJar on the classpath?)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
