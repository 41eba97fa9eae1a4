package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowstream.openflow.lb.Ipv4;
import org.junit.jupiter.api.Test;

class PrefixTest {

    @Test
    void splittingYieldsTwoChildrenOneBitLonger() {
        Prefix root = Prefix.ROOT;
        assertThat(root.left()).hasToString("0.0.0.0/1");
        assertThat(root.right()).hasToString("128.0.0.0/1");
        Prefix p = Prefix.parse("10.0.0.0/8");
        assertThat(p.left()).isEqualTo(Prefix.parse("10.0.0.0/9"));
        assertThat(p.right()).isEqualTo(Prefix.parse("10.128.0.0/9"));
        assertThat(p.right().parent()).isEqualTo(p);
        assertThat(p.left().size() + p.right().size()).isEqualTo(p.size());
    }

    @Test
    void containment() {
        Prefix p = Prefix.parse("192.168.0.0/16");
        assertThat(p.contains(Ipv4.parse("192.168.3.4"))).isTrue();
        assertThat(p.contains(Ipv4.parse("192.169.0.0"))).isFalse();
        assertThat(p.contains(Prefix.parse("192.168.128.0/17"))).isTrue();
        assertThat(Prefix.parse("192.168.128.0/17").contains(p)).isFalse();
        assertThat(Prefix.ROOT.contains(Ipv4.parse("255.255.255.255"))).isTrue();
    }

    @Test
    void hostBitsAreRefused() {
        assertThatThrownBy(() -> Prefix.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
        assertThat(Prefix.of(Ipv4.parse("10.0.0.1"), 8)).hasToString("10.0.0.0/8");
        assertThatThrownBy(() -> Prefix.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Prefix.ROOT.parent()).isInstanceOf(IllegalStateException.class);
    }
}
