package com.carerelay.directory.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carerelay.directory.DirectoryApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.env.MockEnvironment;

/**
 * #14 item 11: the development issuer (a token for any e-mail, no password) only runs bound to loopback.
 * The two startup tests run the real application, not a {@code @SpringBootTest} (which is exempt); the
 * database they name does not exist, so they also show the refusal comes before any connection.
 */
class DevIssuerLoopbackOnlyTest {

    private static final String NO_DATABASE = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";

    @Test
    void startingWithTheDevelopmentIssuerOnANonLoopbackAddressFailsNamingTheProperty() {
        Throwable refused = start("--carerelay.dev-issuer.enabled=true", "--server.address=0.0.0.0");

        assertThat(NestedExceptionUtils.getMostSpecificCause(refused))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.address is '0.0.0.0'")
                .hasMessageContaining("carerelay.dev-issuer.enabled=true")
                .hasMessageContaining("Set server.address (SERVER_ADDRESS) to 127.0.0.1, ::1 or localhost");
    }

    @Test
    void theLocalProfileCombinedWithANonLoopbackBindAddressRefusesToStart() {
        Throwable refused = start("--spring.profiles.active=local", "--server.address=10.1.2.3");

        assertThat(NestedExceptionUtils.getMostSpecificCause(refused))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(the local profile)")
                .hasMessageContaining("server.address is '10.1.2.3'");
    }

    @Test
    void withoutServerAddressTheServerWouldListenEverywhereSoItRefuses() {
        MockEnvironment environment = new MockEnvironment();

        Throwable refused = catchThrowable(() -> DevIssuerLoopbackOnly.check(environment));

        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.address is unset (every interface)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST", "0:0:0:0:0:0:0:1"})
    void aLoopbackBindAddressIsAccepted(String address) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", address);

        assertThatCode(() -> DevIssuerLoopbackOnly.check(environment)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "192.168.1.20", "fe80::1", "directory-service", "example.com"})
    void anyOtherBindAddressIsRefused(String address) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", address);

        assertThat(catchThrowable(() -> DevIssuerLoopbackOnly.check(environment)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.address is '" + address + "'");
    }

    @Test
    void aSpringBootTestContextIsExempt() {
        MockEnvironment environment = new MockEnvironment().withProperty(DevIssuerLoopbackOnly.SPRING_BOOT_TEST, "true");

        assertThatCode(() -> DevIssuerLoopbackOnly.check(environment)).doesNotThrowAnyException();
    }

    private static Throwable start(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        all[args.length + 1] = NO_DATABASE;
        all[args.length + 2] = "--spring.main.banner-mode=off";
        Throwable thrown = catchThrowable(() -> {
            try (ConfigurableApplicationContext started = DirectoryApplication.builder().run(all)) {
                // reaching here means it started
            }
        });
        assertThat(thrown).as("directory-service must refuse to start").isNotNull();
        return thrown;
    }
}
