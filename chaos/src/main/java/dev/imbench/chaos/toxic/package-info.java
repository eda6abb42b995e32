/** One class per toxic, each a few dozen lines, registered by name in {@link dev.imbench.chaos.Toxics}. */
package dev.imbench.chaos.toxic;
