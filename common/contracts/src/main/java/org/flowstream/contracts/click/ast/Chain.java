package org.flowstream.contracts.click.ast;

import java.util.List;

/**
 * {@code a[0] -> [1]b -> c}: a connection chain. A lone endpoint (e.g. {@code x :: Counter})
 * is a chain of length one.
 *
 * @param connectors one fewer than the endpoints: what joins each endpoint to the next
 */
public record Chain(List<Endpoint> endpoints, List<Connector> connectors) implements Statement {

    /** {@code ->} connects every listed output to every listed input; {@code =>} pairs them up in order. */
    public enum Connector {
        ARROW,
        PAIRWISE_ARROW
    }

    public Chain {
        endpoints = List.copyOf(endpoints);
        connectors = List.copyOf(connectors);
    }
}
