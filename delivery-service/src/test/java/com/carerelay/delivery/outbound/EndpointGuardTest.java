package com.carerelay.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {

    private final EndpointGuard guard = new EndpointGuard(false, true);

    @Test
    void refusesLoopbackPrivateLinkLocalAndUniqueLocalAddresses() {
        for (String url : new String[] {"https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
                "https://172.16.0.9/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://100.64.0.1/hook",
                "https://0.0.0.0/hook", "https://[::ffff:10.0.0.1]/hook"}) {
            assertThat(guard.refusal(URI.create(url))).as(url)
                    .isEqualTo("URL resolves to a loopback, private or link-local address");
        }
    }

    @Test
    void allowsPublicAddressesOverHttpsOnly() {
        assertThat(guard.refusal(URI.create("https://93.184.216.34/hook"))).isNull();
        assertThat(guard.refusal(URI.create("https://[2606:2800:220:1:248:1893:25c8:1946]/hook"))).isNull();
        assertThat(guard.refusal(URI.create("http://93.184.216.34/hook"))).isEqualTo("URL is not https");
        assertThat(guard.refusal(URI.create("https://user:pw@93.184.216.34/hook"))).isEqualTo("URL carries credentials");
    }

    @Test
    void privateNetworksAndPlainHttpOnlyWhenExplicitlyAllowed() {
        EndpointGuard local = new EndpointGuard(true, false);
        assertThat(local.refusal(URI.create("http://127.0.0.1:8080/hook"))).isNull();
    }
}
