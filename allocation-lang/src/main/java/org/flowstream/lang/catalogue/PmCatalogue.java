package org.flowstream.lang.catalogue;

import java.util.Collection;
import java.util.Optional;

/**
 * The processing-module classes a platform offers. The resource daemon supplies its own (from the
 * deployed PMs); {@link DefaultPmCatalogue} serves tests and the command line. FromNet, ToNet and
 * Placement are built into the language: they need not be listed, and entries of those names are
 * not consulted.
 */
public interface PmCatalogue {

    /** The class of that exact (case-sensitive) name, if the platform has it. */
    Optional<PmType> find(String className);

    /** Every class, for listings and "did you mean" hints. */
    Collection<PmType> all();
}
