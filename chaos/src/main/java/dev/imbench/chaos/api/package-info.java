/**
 * The embedded Toxiproxy-API-compatible HTTP server: {@link dev.imbench.chaos.api.ToxiproxyServer}
 * serves the same endpoints, status codes and JSON as Shopify's Toxiproxy 2.x.
 */
package dev.imbench.chaos.api;
