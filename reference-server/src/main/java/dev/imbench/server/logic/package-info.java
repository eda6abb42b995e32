/**
 * The logic: one class per flow of the design (auth/logout/kickout, c2c, c2g, pull, ctrl, c2s/s2c),
 * written against the back-end interfaces only, so the MySQL/Redis implementations plug in
 * without touching it. The logic runs on the calling gate's event loop; the embedded back ends
 * never block.
 */
package dev.imbench.server.logic;
