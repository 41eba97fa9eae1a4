package org.flowstream.monitoring.history;

import java.util.Optional;

/** One polled source: its kind and name, its recent samples and whether it answers. */
public final class SourceRecord<T> {

    private final String kind;
    private final String name;
    private final History<T> history;
    private final SourceHealth health;
    private volatile String url = "";

    public SourceRecord(String kind, String name, int historySize, int missesBeforeDown) {
        this.kind = kind;
        this.name = name;
        this.history = new History<>(historySize);
        this.health = new SourceHealth(missesBeforeDown);
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** "host:mh1", "openflow", "resource": how operators name it in get_history. */
    public String id() {
        return kind.equals("host") ? "host:" + name : name;
    }

    public History<T> history() {
        return history;
    }

    public SourceHealth health() {
        return health;
    }

    public String url() {
        return url;
    }

    public void url(String url) {
        this.url = url == null ? "" : url;
    }

    public Optional<T> latest() {
        return history.latest().map(Timestamped::value);
    }
}
