package com.carerelay.delivery.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Keeps outbound HTTP calls to URLs someone else configured (a practice's webhook, a browser's push
 * endpoint) off the internal network: a URL whose host resolves to a loopback, private, link-local,
 * unique-local, carrier-grade NAT, multicast or unspecified address is refused, unless private
 * networks are explicitly allowed (tests, a local stack). The check resolves the name just before
 * the call; the HTTP client resolves it again, so a DNS answer that changes in between (rebinding)
 * is not caught here; an egress proxy or firewall is the complete answer.
 */
public final class EndpointGuard {

    private final boolean allowPrivateNetworks;
    private final boolean requireHttps;

    public EndpointGuard(boolean allowPrivateNetworks, boolean requireHttps) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.requireHttps = requireHttps;
    }

    /** Why this URL may not be called, or null when it may. The reason never repeats the URL. */
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
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return null; // not refused: the call fails as unreachable and is retried like any outage
        }
        if (allowPrivateNetworks) {
            return null;
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return "URL resolves to a loopback, private or link-local address";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((raw[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= raw[i] == 0;
            }
            if (v4Mapped && (raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                || (first == 192 && second == 0 && (raw[2] & 0xff) == 0) || first >= 240;
    }
}
