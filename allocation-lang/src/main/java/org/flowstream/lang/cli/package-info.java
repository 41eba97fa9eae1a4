/** The {@code lang} picocli commands ({@code check}, {@code flatten}); they return exit codes and never call System.exit. */
package org.flowstream.lang.cli;
