/** The HTTP API: SSO login, iplist, the business push API (sendMsg), c2s queue consumption, metrics. */
package dev.imbench.server.http;
