package org.flowstream.common.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a daemon looks up who may call it: the accounts of its configuration file, and on the resource daemon
 * also the tenants operators added through the API. Looked up on every request, so a removed tenant is
 * refused at once.
 */
public interface Accounts {

    Optional<UserAccount> find(String name);

    /** Whether no account at all is configured: development mode, every caller on loopback is an operator. */
    boolean isEmpty();

    /** The fixed accounts of a configuration file. */
    static Accounts of(List<UserAccount> accounts) {
        Map<String, UserAccount> byName = accounts.stream()
                .collect(Collectors.toUnmodifiableMap(UserAccount::name, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("two accounts are named " + a.name());
                }));
        return new Accounts() {
            @Override
            public Optional<UserAccount> find(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public boolean isEmpty() {
                return byName.isEmpty();
            }
        };
    }

    /** These accounts first, then {@code more} (names here cannot be shadowed by names there). */
    default Accounts then(Accounts more) {
        Accounts first = this;
        return new Accounts() {
            @Override
            public Optional<UserAccount> find(String name) {
                return first.find(name).or(() -> more.find(name));
            }

            @Override
            public boolean isEmpty() {
                return first.isEmpty();
            }
        };
    }
}
