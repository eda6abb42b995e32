package dev.imbench.server;

/** The group flows with write diffusion (one inbox row per member). */
class WriteFanoutGroupFlowTest extends GroupFlowSuite {

    @Override
    FanoutMode mode() {
        return FanoutMode.WRITE;
    }
}
