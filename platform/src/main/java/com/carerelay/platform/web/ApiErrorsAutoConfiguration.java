package com.carerelay.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** One error format for every service: {@link ApiExceptionHandler}, storable-text checks on bodies and parameters. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
public class ApiErrorsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    @Bean
    @ConditionalOnMissingBean
    Problems problems(JsonMapper json) {
        return new Problems(json);
    }

    @Bean
    StorableTextModule storableTextModule() {
        return new StorableTextModule();
    }

    @Bean
    FilterRegistrationBean<StorableParametersFilter> storableParameters(Problems problems) {
        FilterRegistrationBean<StorableParametersFilter> registration =
                new FilterRegistrationBean<>(new StorableParametersFilter(problems));
        registration.setOrder(0); // after Spring Security (-100): no token is still 401 first
        return registration;
    }
}
