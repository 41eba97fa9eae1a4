package org.flowstream.contracts.records.monitoring;

import org.flowstream.contracts.records.WireName;

/**
 * How a polled source answers.
 *
 * @param up                whether it answers (false after missesBeforeDown misses in a row)
 * @param consecutiveMisses polls missed since its last answer
 * @param totalMisses       polls missed since the monitoring daemon started
 * @param lastError         why it missed its last missed poll, "" if never
 * @param lastAnswer        when it last answered (ISO-8601), "" if never
 */
@WireName("a source's status")
public record SourceStatus(boolean up, int consecutiveMisses, long totalMisses, String lastError, String lastAnswer) {}
