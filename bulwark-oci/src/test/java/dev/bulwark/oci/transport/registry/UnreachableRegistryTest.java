package dev.bulwark.oci.transport.registry;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnreachableRegistryTest {

    @Test
    void send_toAPortNobodyListensOn_namesHostPortAndCauseInOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connecting is refused
        }
        RegistryClient client = new RegistryClient("127.0.0.1:" + port, true, null, RetryPolicy.none());
        assertThatThrownBy(() -> client.send(new RegistryClient.Call("check the registry", null,
                () -> HttpRequest.newBuilder(client.uri("/v2/")), Set.of(200))))
                .isInstanceOf(RegistryException.class)
                .hasMessage("cannot reach registry 127.0.0.1:" + port + ": connection refused (1 attempt to check the registry)");
    }

    @Test
    void networkCause_saysWhatHappenedWhenTheJdkGivesNoMessage() {
        assertThat(RegistryClient.networkCause(new java.io.IOException(new java.net.ConnectException())))
                .isEqualTo("connection refused");
        assertThat(RegistryClient.networkCause(new java.net.UnknownHostException("registry.invalid"))).isEqualTo("unknown host");
        assertThat(RegistryClient.networkCause(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("timed out");
    }
}
