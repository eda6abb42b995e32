/** A Netty TCP proxy (listen to upstream) applying toxics per direction; the unit the Toxiproxy API manages. */
package dev.imbench.chaos.proxy;
