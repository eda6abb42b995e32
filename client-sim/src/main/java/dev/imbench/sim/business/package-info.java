/**
 * The business flows besides chat: c2s reports a client sends to a business line (read back by a
 * consumer standing in for the business server), s2c pushes a business server sends through the IM
 * server's HTTP API, and the ledger that checks both for loss and duplication.
 */
package dev.imbench.sim.business;
