package org.flowstream.monitoring.history;

/** A sample and when it was taken (milliseconds since the epoch). */
public record Timestamped<T>(long atMillis, T value) {}
