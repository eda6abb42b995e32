/**
 * The reference IM server of imbench: {@link dev.imbench.server.ImServer} starts gates (TCP, WebSocket,
 * in-JVM local channels), the logic, the embedded SSO and the HTTP APIs from one
 * {@link dev.imbench.server.ServerConfig}.
 */
package dev.imbench.server;
