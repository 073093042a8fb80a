package com.carerelay.directory.web;

import java.net.URI;
import java.net.URISyntaxException;

/** The check for URLs the system will call (webhook endpoints, Web Push endpoints): absolute https, a host, no user info. */
public final class HttpsUrl {

    private HttpsUrl() {
    }

    public static boolean isValid(String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isBlank()
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
