package com.carerelay.directory.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The development issuer mints a token for any e-mail without a password ({@code POST /dev/tokens}, the
 * sign-in page), so it may only be reached from the machine it runs on: with
 * {@code carerelay.dev-issuer.enabled=true} (the local profile, the local stack, tests)
 * directory-service refuses to start unless {@code server.address} is a loopback address
 * ({@code 127.0.0.1}, {@code ::1}, {@code localhost}) or the context is a Spring Boot test
 * ({@code @SpringBootTest}). Anywhere reachable from a network, use a real OpenID Connect provider
 * (Keycloak in docker-compose) and leave the development issuer off.
 *
 * <p>A bean factory post-processor, so the check runs before any other bean is made: when it refuses,
 * nothing has connected to the database or the broker and no port is open.
 */
@Component
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevIssuerLoopbackOnly implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Set by Spring Boot's test bootstrapper in every {@code @SpringBootTest} context. */
    static final String SPRING_BOOT_TEST = "org.springframework.boot.test.context.SpringBootTestContextBootstrapper";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Refuses (with what to do) unless the server binds to loopback or this is a Spring Boot test. */
    static void check(Environment environment) {
        if (environment.getProperty(SPRING_BOOT_TEST, Boolean.class, false)) {
            return;
        }
        String address = environment.getProperty("server.address", "").trim();
        if (isLoopback(address)) {
            return;
        }
        boolean localProfile = Arrays.asList(environment.getActiveProfiles()).contains("local");
        throw new IllegalStateException("carerelay.dev-issuer.enabled=true" + (localProfile ? " (the local profile)" : "")
                + " turns on the development token issuer, which signs a token for any e-mail without a password,"
                + " so it only runs bound to loopback, but server.address is "
                + (address.isEmpty() ? "unset (every interface)" : "'" + address + "'")
                + ". Set server.address (SERVER_ADDRESS) to 127.0.0.1, ::1 or localhost, or turn the development issuer"
                + " off (no local profile) and point JWT_ISSUER and JWT_JWK_SET_URI at a real OpenID Connect provider.");
    }

    /** {@code localhost} or a loopback IP literal; never a name looked up in DNS. */
    static boolean isLoopback(String address) {
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean ipLiteral = !literal.isEmpty() && (literal.contains(":") || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
