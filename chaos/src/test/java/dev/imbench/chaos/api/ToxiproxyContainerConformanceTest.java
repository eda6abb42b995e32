package dev.imbench.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * The API part of the conformance checks against a real Toxiproxy in Docker (Testcontainers'
 * {@code ToxiproxyContainer}). Skipped, with the reason shown, where no Docker engine runs. The
 * byte-effect checks need the proxy to reach the test's loopback echo server: run
 * {@link ToxiproxyConformanceTest} with {@code TOXIPROXY_URL} for those.
 */
class ToxiproxyContainerConformanceTest {

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void shouldBehaveLikeEmbeddedServerForCrudToxicsEnableAndReset() throws Exception {
        assumeTrue(dockerAvailable(), "no Docker engine here: real-Toxiproxy container check skipped");
        try (ToxiproxyContainer tp = new ToxiproxyContainer("ghcr.io/shopify/toxiproxy:2.12.0")) {
            tp.start();
            ToxiproxyClient client = new ToxiproxyClient(tp.getHost(), tp.getControlPort());
            Proxy p = client.createProxy("c", "0.0.0.0:8666", "127.0.0.1:9");
            p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10).setJitter(5);
            p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
            p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 10);
            p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
            p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
            p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
            p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0);
            Set<String> names = p.toxics().getAll().stream().map(Toxic::getName).collect(Collectors.toSet());
            assertEquals(Set.of("lat", "bw", "sl", "sc", "to", "ld", "rp"), names);
            p.disable();
            assertFalse(client.getProxy("c").isEnabled());
            client.reset();
            assertTrue(client.getProxy("c").isEnabled());
            assertTrue(client.getProxy("c").toxics().getAll().isEmpty());
        }
    }
}
