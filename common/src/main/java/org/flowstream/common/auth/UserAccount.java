package org.flowstream.common.auth;

/** One entry of a daemon's user list, as written in its configuration file. */
public record UserAccount(String name, String password, Role role) {
}
