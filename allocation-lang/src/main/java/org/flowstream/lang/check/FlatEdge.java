package org.flowstream.lang.check;

import org.flowstream.contracts.click.diag.SourcePos;

/** A connection in the flattening graph; splicing retires edges that touch compound sides. */
final class FlatEdge {

    final FlatNode from;
    final int fromPort;
    final FlatNode to;
    final int toPort;
    /** Where the connection was written (for a spliced edge, its upstream part). */
    final SourcePos pos;
    /** Creation order, to keep a stable order among edges written at one place. */
    final long sequence;

    private boolean live = true;

    FlatEdge(FlatNode from, int fromPort, FlatNode to, int toPort, SourcePos pos, long sequence) {
        this.from = from;
        this.fromPort = fromPort;
        this.to = to;
        this.toPort = toPort;
        this.pos = pos;
        this.sequence = sequence;
    }

    boolean isLive() {
        return live;
    }

    void retire() {
        live = false;
    }

    @Override
    public String toString() {
        return from + "[" + fromPort + "] -> [" + toPort + "]" + to;
    }
}
