package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.contracts.records.resource.TenantOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * flowstream tenant add|list|remove: tenant accounts, kept by the resource daemon (operators; the operator
 * account of run/credentials.env by default). They outlive down and up; down --purge forgets them.
 */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Add, list and remove tenant accounts (operators).",
        subcommands = {TenantCommand.Add.class, TenantCommand.ListTenants.class, TenantCommand.Remove.class})
final class TenantCommand {

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description =
                    "add_tenant: a new tenant; prints its generated password once unless --tenant-password gives one.")
    static final class Add implements Callable<Integer> {
        @Mixin
        OperatorLogin connection;

        @Parameters(index = "0", description = "The tenant's name: lower-case letters, digits, '-' or '_'.")
        String name;

        @Option(
                names = "--tenant-password",
                arity = "0..1",
                interactive = true,
                description =
                        "The tenant's password (at least 12 characters); asked for when given without a value; generated when left out.")
        String tenantPassword;

        @Option(
                names = "--cpu-cores",
                description = "Quota: CPU cores held at once (default: the resource daemon's quotas.defaults).")
        Double cpuCores;

        @Option(names = "--memory-mb", description = "Quota: memory held at once, in MB.")
        Integer memoryMb;

        @Option(names = "--allocations", description = "Quota: allocations held at once.")
        Integer allocations;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TenantOptions options = new TenantOptions(
                    tenantPassword, cpuCores, memoryMb == null ? null : memoryMb.longValue(), allocations);
            return Answers.report(() -> connection.client().call("add_tenant", name, options), json);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "list_tenants: every tenant with its quota and what it holds.")
    static final class ListTenants implements Callable<Integer> {
        @Mixin
        OperatorLogin connection;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            return Answers.report(() -> connection.client().call("list_tenants"), json);
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "remove_tenant: refused while the tenant holds allocations.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        OperatorLogin connection;

        @Parameters(index = "0", description = "The tenant's name.")
        String name;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            return Answers.report(() -> connection.client().call("remove_tenant", name), json);
        }
    }
}
