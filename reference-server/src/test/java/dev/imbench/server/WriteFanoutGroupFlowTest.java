package dev.imbench.server;

import org.junit.jupiter.params.Parameter;

/** The group flows with write diffusion (one inbox row per member), on each back-end set. */
@EachBackendSet
class WriteFanoutGroupFlowTest extends GroupFlowSuite {

    @Parameter
    BackendSet backendSet;

    @Override
    FanoutMode mode() {
        return FanoutMode.WRITE;
    }

    @Override
    BackendSet backendSet() {
        return backendSet;
    }
}
