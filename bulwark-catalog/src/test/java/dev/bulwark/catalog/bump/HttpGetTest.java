package dev.bulwark.catalog.bump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpGetTest {
    @Test
    void loopback_isThisMachineOnly() {
        assertThat(HttpGet.loopback("localhost")).isTrue();
        assertThat(HttpGet.loopback("127.0.0.1")).isTrue();
        assertThat(HttpGet.loopback("127.10.200.255")).isTrue();
        assertThat(HttpGet.loopback("[::1]")).isTrue();
    }

    @Test
    void loopback_refusesNamesThatOnlyStartLikeIt() {
        // A bearer token sent over plain http to any of these would cross the network.
        assertThat(HttpGet.loopback("127.attacker.example")).isFalse();
        assertThat(HttpGet.loopback("127.0.0.1.nip.io")).isFalse();
        assertThat(HttpGet.loopback("127.0.0.256")).isFalse();
        assertThat(HttpGet.loopback("localhost.example")).isFalse();
    }
}
