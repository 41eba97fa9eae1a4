package org.flowstream.common.auth;

/** Who may call what: tenants use the platform, operators also change it (deploy PM types, upgrade tasks). */
public enum Role {
    TENANT,
    OPERATOR;

    public boolean allows(Role required) {
        return this == OPERATOR || required == TENANT;
    }
}
