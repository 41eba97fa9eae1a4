package org.flowstream.contracts.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4AddressTest {

    @Test
    void readsAndPrintsDottedQuads() {
        assertThat(Ipv4Address.parse("10.1.2.3").bits()).isEqualTo(0x0a010203);
        assertThat(Ipv4Address.parse("255.255.255.255").bits()).isEqualTo(-1);
        assertThat(Ipv4Address.parse("255.255.255.255").unsigned()).isEqualTo(0xffff_ffffL);
        assertThat(Ipv4Address.parse("0.0.0.0")).hasToString("0.0.0.0");
        assertThat(Ipv4Address.format(0xc0a80001)).isEqualTo("192.168.0.1");
        assertThat(Ipv4Address.parse("192.168.1.200").masked(Ipv4Prefix.mask(24)))
                .hasToString("192.168.1.0");
    }

    @Test
    void ordersAsUnsignedNumbers() {
        assertThat(Ipv4Address.parse("10.0.0.0")).isLessThan(Ipv4Address.parse("192.168.0.0"));
        assertThat(Ipv4Address.parse("128.0.0.0")).isGreaterThan(Ipv4Address.parse("127.255.255.255"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.1.2|'10.1.2' is not an IPv4 address: it has 3 parts",
                "10.1.2.3.4|'10.1.2.3.4' is not an IPv4 address: it has 5 parts",
                "300.1.1.1|'300.1.1.1' is not an IPv4 address: '300' is not a number 0-255",
                "10.1..3|'10.1..3' is not an IPv4 address: '' is not a number 0-255",
                "10.1.2.x|'10.1.2.x' is not an IPv4 address: 'x' is not a number 0-255",
                "' 10.1.2.3'|' 10.1.2.3' is not an IPv4 address: ' 10' is not a number 0-255",
                "10.1.2.-3|'10.1.2.-3' is not an IPv4 address: '-3' is not a number 0-255",
                "''|an IPv4 address is missing"
            })
    void refusesWhatIsNotAnAddressInWords(String text, String expected) {
        assertThatThrownBy(() -> Ipv4Address.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expected);
    }
}
