package org.flowstream.contracts.click.ast;

/**
 * One element of a chain with its optional ports: {@code [in]element[out]}.
 *
 * @param inPorts  null when not written (port 0)
 * @param outPorts null when not written (port 0)
 */
public record Endpoint(PortList inPorts, ElementExpr element, PortList outPorts) {}
