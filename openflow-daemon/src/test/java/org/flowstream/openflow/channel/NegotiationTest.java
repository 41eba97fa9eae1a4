package org.flowstream.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

class NegotiationTest {

    private static OFVersion withBitmap(long bits) {
        var f = OFFactories.getFactory(OFVersion.OF_13);
        return HandshakeHandler.negotiate(f.buildHello()
                .setElements(List.of(f.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(bits)))
                        .build()))
                .build());
    }

    @Test
    void picksTheHighestVersionBothSpeak() {
        assertThat(withBitmap(1 << 1 | 1 << 4 | 1 << 6)).isEqualTo(OFVersion.OF_13);
        assertThat(withBitmap(1 << 1 | 1 << 3)).isEqualTo(OFVersion.OF_10);
        assertThat(withBitmap(1 << 2 | 1 << 3)).isNull();
        assertThat(HandshakeHandler.negotiate(
                        OFFactories.getFactory(OFVersion.OF_10).buildHello().build()))
                .isEqualTo(OFVersion.OF_10);
        assertThat(HandshakeHandler.negotiate(
                        OFFactories.getFactory(OFVersion.OF_12).buildHello().build()))
                .isNull();
        assertThat(HandshakeHandler.negotiate(
                        OFFactories.getFactory(OFVersion.OF_14).buildHello().build()))
                .isEqualTo(OFVersion.OF_13);
    }
}
