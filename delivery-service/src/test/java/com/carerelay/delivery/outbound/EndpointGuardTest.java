package com.carerelay.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {

    private final EndpointGuard guard = new EndpointGuard(false, true);

    @Test
    void refusesInternalAddressesAndIpv6FormsThatReachIpv4() {
        for (String host : new String[] {"127.0.0.1", "localhost", "10.1.2.3", "172.16.0.9", "192.168.1.1",
                "169.254.169.254", "::1", "fd00::1", "fe80::1", "100.64.0.1", "0.0.0.0", "::ffff:10.0.0.1",
                "198.18.0.1", "198.19.255.254", "64:ff9b::a00:1", "64:ff9b::5db8:d822", "64:ff9b:1::1",
                "2002:a00:1::1", "2002:5db8:d822::1", "::a00:1", "::5db8:d822", "2001:0:4136:e378::1", "224.0.0.1",
                "240.0.0.1"}) {
            assertThatThrownBy(() -> guard.resolve(host)).as(host).isInstanceOf(EndpointGuard.NotPublic.class)
                    .hasMessage("endpoint does not resolve to a public address");
        }
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedWithTheSameReason() {
        EndpointGuard nothing = new EndpointGuard(true, false, new SystemResolverThatKnowsNothing());

        assertThatThrownBy(() -> nothing.resolve("hooks.example.invalid")).isInstanceOf(EndpointGuard.NotPublic.class)
                .hasMessage("endpoint does not resolve to a public address");
    }

    @Test
    void allowsPublicAddressesOverHttpsOnly() throws Exception {
        assertThat(guard.resolve("93.184.216.34")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(guard.resolve("2606:2800:220:1:248:1893:25c8:1946")).hasSize(1);
        assertThat(guard.resolve("198.20.0.1")).hasSize(1);
        assertThat(guard.refusal(URI.create("https://93.184.216.34/hook"))).isNull();
        assertThat(guard.refusal(URI.create("http://93.184.216.34/hook"))).isEqualTo("URL is not https");
        assertThat(guard.refusal(URI.create("https://user:pw@93.184.216.34/hook"))).isEqualTo("URL carries credentials");
    }

    @Test
    void privateNetworksAndPlainHttpOnlyWhenExplicitlyAllowed() throws Exception {
        EndpointGuard local = new EndpointGuard(true, false);
        assertThat(local.refusal(URI.create("http://127.0.0.1:8080/hook"))).isNull();
        assertThat(local.resolve("127.0.0.1")).hasSize(1);
    }

    private static final class SystemResolverThatKnowsNothing implements org.apache.hc.client5.http.DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }
    }
}
