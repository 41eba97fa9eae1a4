package org.flowstream.resource.tenants;

/**
 * A tenant account operators added through the API: its name, the hash of its password (never the password),
 * its quota and when it was added.
 */
public record Tenant(String name, String passwordHash, Quota quota, long createdMillis) {}
