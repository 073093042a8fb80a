package com.carerelay.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

class HeaderBearerTokenResolverTest {

    private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();

    @Test
    void readsTheTokenOfABearerAuthorizationHeaderWhateverTheSchemesCase() {
        assertThat(resolver.resolve(request("Bearer eyJh.eyJz-_~+/x.sig=="))).isEqualTo("eyJh.eyJz-_~+/x.sig==");
        assertThat(resolver.resolve(request("bearer abc"))).isEqualTo("abc");
    }

    @Test
    void answersNoTokenWithoutABearerHeaderAndIgnoresTheQueryString() {
        assertThat(resolver.resolve(request(null))).isNull();
        assertThat(resolver.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
        MockHttpServletRequest query = request(null);
        query.setParameter("access_token", "abc");
        assertThat(resolver.resolve(query)).isNull();
    }

    @Test
    void refusesATokenOutsideRfc6750Syntax() {
        for (String malformed : new String[] {"Bearer ", "Bearer ===", "Bearer a b", "Bearer a=b", "Bearer a\u0000b", "Bearer ä"}) {
            assertThatThrownBy(() -> resolver.resolve(request(malformed)))
                    .as(malformed).isInstanceOf(OAuth2AuthenticationException.class);
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/messages");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
