/** Offline push notification (APNs / vendor push in the design): an interface and a recording implementation. */
package dev.imbench.server.push;
