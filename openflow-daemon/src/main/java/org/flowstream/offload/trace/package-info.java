/**
 * Packet traces for the offload simulator: pcap and CSV readers, a synthetic Zipf trace with a fixed seed, and an
 * in-memory trace that replays any of them several times.
 */
package org.flowstream.offload.trace;
