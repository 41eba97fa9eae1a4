package org.flowstream.common.auth;

/**
 * The three kinds of caller, from least to most trusted: tenants use the platform through its front door,
 * service accounts are the platform's own daemons calling each other, operators run the platform (upgrade,
 * deploy PM types, tenant accounts, the low-level API).
 */
public enum Role {
    TENANT,
    SERVICE,
    OPERATOR;

    /** Whether a caller of this role may call what is declared for {@code required} and up. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    /** The word configuration files and messages use: "tenant", "service", "operator". */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
