/**
 * Load scenarios as JUnit 5 tests: annotate a test method with
 * {@link dev.imbench.junit.LoadScenario} and a project's CI runs regression
 * load scenarios with its ordinary test command.
 */
package dev.imbench.junit;
