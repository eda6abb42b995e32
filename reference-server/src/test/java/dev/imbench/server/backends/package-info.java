/** Contract and end-to-end tests of the MySQL and Redis back ends against the live local services. */
package dev.imbench.server.backends;
