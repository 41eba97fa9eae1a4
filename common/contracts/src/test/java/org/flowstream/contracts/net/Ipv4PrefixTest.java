package org.flowstream.contracts.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4PrefixTest {

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
        assertThat(Ipv4Prefix.parse("1.2.3.4/32").isSplittable()).isFalse();
    }

    @Test
    void containment() {
        Ipv4Prefix p = Ipv4Prefix.parse("192.168.0.0/16");
        assertThat(p.contains(Ipv4Address.parse("192.168.3.4"))).isTrue();
        assertThat(p.contains(Ipv4Address.parse("192.169.0.0"))).isFalse();
        assertThat(p.contains(Ipv4Prefix.parse("192.168.128.0/17"))).isTrue();
        assertThat(Ipv4Prefix.parse("192.168.128.0/17").contains(p)).isFalse();
        assertThat(Ipv4Prefix.ROOT.contains(Ipv4Address.parse("255.255.255.255")))
                .isTrue();
        // the same on an address's 32 bits, as the balancer's prefix tree asks
        assertThat(p.contains(Ipv4Address.parse("192.168.3.4").bits())).isTrue();
        assertThat(p.contains(Ipv4Address.parse("192.169.0.0").bits())).isFalse();
        assertThat(Ipv4Prefix.ROOT.contains(Ipv4Address.parse("255.255.255.255").bits()))
                .isTrue();
    }

    @Test
    void aBareAddressIsASlash32() {
        assertThat(Ipv4Prefix.parse("10.1.2.3")).isEqualTo(new Ipv4Prefix(0x0a010203, 32));
    }

    @Test
    void masksAndTheirLengths() {
        assertThat(Ipv4Prefix.mask(8)).isEqualTo(0xff000000);
        assertThat(Ipv4Prefix.mask(0)).isZero();
        assertThat(Ipv4Prefix.lengthOf(Ipv4Address.parse("255.255.0.0").bits())).isEqualTo(16);
        assertThat(Ipv4Prefix.lengthOf(Ipv4Address.parse("255.0.255.0").bits())).isEqualTo(-1);
        assertThat(Ipv4Prefix.parse("10.0.0.0/8").mask()).isEqualTo(0xff000000);
    }

    @Test
    void ordersByFirstAddressThenLength() {
        assertThat(Ipv4Prefix.parse("10.0.0.0/8")).isLessThan(Ipv4Prefix.parse("10.0.0.0/9"));
        assertThat(Ipv4Prefix.parse("200.0.0.0/8")).isGreaterThan(Ipv4Prefix.parse("10.0.0.0/8"));
    }

    @Test
    void hostBitsAreRefusedUnlessAskedToClearThem() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10.0.0.1/8' has host bits set: the network is 10.0.0.0/8");
        assertThat(Ipv4Prefix.parseClearingHostBits("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Ipv4Prefix.of(Ipv4Address.parse("10.0.0.1").bits(), 8)).hasToString("10.0.0.0/8");
    }

    @Test
    void badLengthsAndAddressesAreRefusedInWords() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/33"))
                .hasMessage(
                        "'10.0.0.0/33' is not an IPv4 prefix: the length after '/' must be a number 0-32, not '33'");
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/")).hasMessageContaining("must be a number 0-32, not ''");
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0/8")).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Prefix.ROOT.parent()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Ipv4Prefix(0, 40)).hasMessage("a prefix length is 0-32, not 40");
    }
}
