package dev.imbench.server;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The group flows with write diffusion (one inbox row per member), on every back-end set. */
@ParameterizedClass(name = "on {0}")
@EnumSource(BackendSet.class)
class WriteFanoutGroupFlowTest extends GroupFlowSuite {

    @Parameter
    BackendSet backends;

    @Override
    FanoutMode mode() {
        return FanoutMode.WRITE;
    }

    @Override
    BackendSet backendSet() {
        return backends;
    }
}
