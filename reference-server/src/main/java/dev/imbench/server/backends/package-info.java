/**
 * Choosing and opening the server's back ends from configuration: {@link dev.imbench.server.backends.BackendConfig}
 * (the {@code storage}, {@code routing}, {@code mysql*}, {@code redis*} keys of a scenario's {@code server:}
 * section) and {@link dev.imbench.server.backends.OpenBackends} (the opened set, closed with the server).
 */
package dev.imbench.server.backends;
