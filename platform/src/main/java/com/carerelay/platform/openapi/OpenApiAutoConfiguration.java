package com.carerelay.platform.openapi;

import com.carerelay.platform.security.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The error responses and the token scheme on every service's OpenAPI document, and no {@link Caller} parameter
 * (it comes from the token), where springdoc is in use.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
public class OpenApiAutoConfiguration {

    static {
        // resolved from the token (CallerArgumentResolver), never a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
