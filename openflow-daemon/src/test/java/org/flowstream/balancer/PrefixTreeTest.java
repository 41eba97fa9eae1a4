package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.Test;

class PrefixTreeTest {

    @Test
    void splittingYieldsTwoChildrenOneBitLonger() {
        Ipv4Prefix root = Ipv4Prefix.ROOT;
        assertThat(root.left()).hasToString("0.0.0.0/1");
        assertThat(root.right()).hasToString("128.0.0.0/1");
        Ipv4Prefix p = Ipv4Prefix.parse("10.0.0.0/8");
        assertThat(p.left()).isEqualTo(Ipv4Prefix.parse("10.0.0.0/9"));
        assertThat(p.right()).isEqualTo(Ipv4Prefix.parse("10.128.0.0/9"));
        assertThat(p.right().parent()).isEqualTo(p);
        assertThat(p.left().size() + p.right().size()).isEqualTo(p.size());
    }

    @Test
    void containment() {
        Ipv4Prefix p = Ipv4Prefix.parse("192.168.0.0/16");
        assertThat(p.contains(Ipv4Address.parse("192.168.3.4").bits())).isTrue();
        assertThat(p.contains(Ipv4Address.parse("192.169.0.0").bits())).isFalse();
        assertThat(p.contains(Ipv4Prefix.parse("192.168.128.0/17"))).isTrue();
        assertThat(Ipv4Prefix.parse("192.168.128.0/17").contains(p)).isFalse();
        assertThat(Ipv4Prefix.ROOT.contains(Ipv4Address.parse("255.255.255.255").bits()))
                .isTrue();
    }

    @Test
    void hostBitsAreRefused() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
        assertThat(Ipv4Prefix.of(Ipv4Address.parse("10.0.0.1").bits(), 8)).hasToString("10.0.0.0/8");
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.ROOT.parent()).isInstanceOf(IllegalStateException.class);
    }
}
