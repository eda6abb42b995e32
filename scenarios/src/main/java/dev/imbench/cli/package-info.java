/** The {@code imbench} command line: one picocli command class per subcommand. */
package dev.imbench.cli;
