package com.keepintouch.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.platform.security.AddressPolicy.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.8.9.10, loopback",
        "10.1.2.3, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "169.254.169.254, link-local",
        "100.64.0.1, carrier-grade NAT",
        "224.0.0.251, multicast",
        "0.0.0.0, unspecified",
        "::1, loopback",
        "::, unspecified",
        "fe80::1, link-local",
        "fd00::1, unique-local",
        "fc12:3456::1, unique-local",
        "ff02::1, multicast",
        "::ffff:127.0.0.1, loopback",
        "::ffff:10.0.0.1, private",
        "64:ff9b::a00:1, translated IPv4"
    })
    void refusesAddressesThatReachInside(String address, String reason) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "100.128.0.1"})
    void acceptsPublicAddresses(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void anAllowListedNetworkIsAccepted(String address) throws Exception {
        AddressPolicy local = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")));

        assertThat(local.refusal(InetAddress.getByName(address))).isEmpty();
        assertThat(local.refusal(InetAddress.getByName("10.0.0.1"))).contains("private");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost/8", "10.0.0.0/33", "::1/129", "nonsense", "10.0.0.0/x"})
    void malformedNetworksAreRejected(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
