package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Where a Docker engine runs: builds docker/Dockerfile from the repository and runs one shard of a short
 * scenario in it (its own in-process server); the shard exits passed or inconclusive. Skipped, visibly,
 * where no engine runs (as on the machines this project is built on).
 */
class DockerImageTest {

    @Test
    @SuppressWarnings("deprecation") // withDockerfilePath: the build context is the repository, the Dockerfile in docker/
    void shouldBuildTheImageAndRunOneShardInIt() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "no Docker engine: the image build and one-shard run are skipped");
        var image = new ImageFromDockerfile("imbench-test", true)
                .withFileFromPath(".", DeploymentFiles.dockerDir().getParent())
                .withDockerfilePath("docker/Dockerfile");
        try (GenericContainer<?> shard = new GenericContainer<>(image)
                .withCommand("run", "/imbench/scenarios/distributed-c2c.yaml", "--shard", "0/1", "--set", "clients=20",
                        "--set", "duration=2s", "--out", "/results", "--quiet", "--no-report")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)))) {
            shard.start();
            String log = shard.getLogs();
            assertTrue(log.contains("imbench: PASSED") || log.contains("imbench: INCONCLUSIVE"), log);
        }
    }
}
