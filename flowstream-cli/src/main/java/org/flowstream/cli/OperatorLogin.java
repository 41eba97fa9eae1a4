package org.flowstream.cli;

/** The connection of operator commands (tenant, deploy-pm): the operator's account by default. */
final class OperatorLogin extends ResourceDaemonLogin {

    OperatorLogin() {
        super("FLOWSTREAM_OPERATOR", "FLOWSTREAM_OPERATOR_PASSWORD");
    }
}
