package dev.imbench.scenario;

/** How virtual clients reach the gate. */
public enum TransportKind {
    /** In-JVM Netty local channels: no file descriptors, for big populations. */
    LOCAL,
    /** Real TCP sockets over loopback, through a proxy when the scenario has network slices. */
    TCP,
    /** WebSocket binary frames to the gate's WebSocket endpoint. */
    WS
}
