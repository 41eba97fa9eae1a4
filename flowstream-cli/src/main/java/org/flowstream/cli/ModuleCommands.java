package org.flowstream.cli;

import picocli.CommandLine;

/**
 * Adds the subcommands that live in the daemon modules (lang, bench placement, ...). They are looked up by
 * class name so that the command line keeps working while a module is still without its command.
 */
final class ModuleCommands {

    private ModuleCommands() {
    }

    static void addIfPresent(CommandLine parent, String className) {
        Object command;
        try {
            command = Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException missing) {
            return;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the command " + className + ": " + e, e);
        }
        parent.addSubcommand(command);
    }
}
