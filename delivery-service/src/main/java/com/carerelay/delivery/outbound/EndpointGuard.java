package com.carerelay.delivery.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Keeps outbound HTTP calls to URLs someone else configured (a practice's webhook, a browser's push
 * endpoint) off the internal network. {@link #refusal} checks the URL's form before a call. As the
 * HTTP client's {@link DnsResolver}, it resolves the host once per connection and hands the client
 * only addresses it checked, so the connection goes to exactly what was checked (no second lookup, no
 * DNS rebinding in between). A host that does not resolve, or resolves to any loopback, private,
 * link-local, unique-local, carrier-grade NAT, benchmarking (198.18.0.0/15), multicast, reserved or
 * unspecified address, or to an IPv6 form that embeds an IPv4 address (IPv4-mapped or -compatible,
 * NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32), is refused with
 * {@link NotPublic}, unless private networks are explicitly allowed (tests, a local stack).
 */
public final class EndpointGuard implements DnsResolver {

    /** Why a host is not called; one message for every case, so the reason reveals nothing about the network. */
    public static final class NotPublic extends UnknownHostException {

        public NotPublic() {
            super("endpoint does not resolve to a public address");
        }
    }

    private final boolean allowPrivateNetworks;
    private final boolean requireHttps;
    private final DnsResolver lookup;

    public EndpointGuard(boolean allowPrivateNetworks, boolean requireHttps) {
        this(allowPrivateNetworks, requireHttps, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With the name lookup to use (tests answer names the system resolver does not know). */
    public EndpointGuard(boolean allowPrivateNetworks, boolean requireHttps, DnsResolver lookup) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.requireHttps = requireHttps;
        this.lookup = lookup;
    }

    /** Why this URL may not be called as written, or null when it may. The reason never repeats the URL. */
    public String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            return "URL is not https";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "URL has no host";
        }
        if (uri.getUserInfo() != null) {
            return "URL carries credentials";
        }
        return null;
    }

    /** The host's addresses, all checked; {@link NotPublic} when there are none or any is internal. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses;
        try {
            addresses = lookup.resolve(host);
        } catch (UnknownHostException e) {
            throw new NotPublic();
        }
        if (addresses == null || addresses.length == 0
                || (!allowPrivateNetworks && Arrays.stream(addresses).anyMatch(EndpointGuard::isInternal))) {
            throw new NotPublic();
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return isInternal6(raw);
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                || (first == 192 && second == 0 && (raw[2] & 0xff) == 0)    // 192.0.0.0/24 protocol assignments
                || (first == 198 && (second == 18 || second == 19))         // 198.18.0.0/15 benchmarking
                || first >= 240;
    }

    private static boolean isInternal6(byte[] raw) {
        int word0 = ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
        int word1 = ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        if ((raw[0] & 0xfe) == 0xfc) {
            return true; // fc00::/7 unique local
        }
        if (word0 == 0x2002 || (word0 == 0x2001 && word1 == 0)) {
            return true; // 6to4 2002::/16 and Teredo 2001::/32 reach IPv4 addresses of anyone's choosing
        }
        if (word0 == 0x0064 && word1 == 0xff9b) {
            return true; // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48
        }
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= raw[i] == 0;
        }
        // ::/96 IPv4-compatible (deprecated) and ::ffff:0:0/96 IPv4-mapped: the IPv4 address is what is reached
        return firstTenZero && ((raw[10] == 0 && raw[11] == 0) || ((raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff));
    }
}
