package org.flowstream.openflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/** The openflow daemon's part of the configuration ({@code settings:} in its config file). */
@JsonIgnoreProperties(ignoreUnknown = false)
public class OpenflowSettings {

    /** TCP port switches connect to (6653, the IANA OpenFlow port); 0 picks a free one; -1 does not listen on TCP. */
    public int listenPort = 6653;
    /** Address to listen on for switches. */
    public String listenAddress = "0.0.0.0";
    /** Also listen on this unix socket (an Open vSwitch controller target "unix:PATH"); empty: no. */
    public String listenUnix = "";
    /** Switches to connect out to: "tcp:host:port" or "unix:/path" (e.g. a bridge's .mgmt socket). */
    public List<String> connect = new ArrayList<>();
    /** How often flow and port statistics are polled; 0 turns polling off. */
    public int statsIntervalMillis = 10_000;
    /** Idle time after which an echo request probes a switch (three times this without a word closes it). */
    public int echoIntervalMillis = 5_000;
    /** How long to wait for a switch's barrier or statistics reply. */
    public int requestTimeoutMillis = 60_000;
}
