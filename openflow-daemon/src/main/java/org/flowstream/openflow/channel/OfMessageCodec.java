package org.flowstream.openflow.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/** OpenFlow framing on Netty: the 16-bit length at offset 2 delimits messages; Loxi reads any version. */
final class OfMessageCodec {

    private OfMessageCodec() {}

    /** Splits the byte stream into whole OpenFlow messages and parses them. */
    static final class Decoder extends LengthFieldBasedFrameDecoder {
        private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

        Decoder() {
            super(65535, 2, 2, -4, 0);
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            try {
                return READER.readFrom(frame);
            } catch (org.projectfloodlight.openflow.exceptions.OFParseError e) {
                // A message Loxi does not know (a vendor extension) must not cost us the connection.
                org.slf4j.LoggerFactory.getLogger(OfMessageCodec.class)
                        .debug("skipping a message that cannot be parsed: {}", e.getMessage());
                return null;
            } finally {
                frame.release();
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<OFMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, OFMessage msg, ByteBuf out) {
            msg.writeTo(out);
        }
    }
}
