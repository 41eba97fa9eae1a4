package org.flowstream.openflow.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** The end of a test pipeline: keeps the user events that reach it. */
final class EventRecorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }

    HandshakeDone handshake() {
        return events.stream()
                .filter(HandshakeDone.class::isInstance)
                .map(HandshakeDone.class::cast)
                .findFirst()
                .orElse(null);
    }
}
