package com.carerelay.testing;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every service's integration base shares: the service under test on its random port, its own
 * database, the shared broker. Each service's base adds its {@code @SpringBootTest} and
 * {@code @DynamicPropertySource} ({@link RealServers#register}) and its own object mother.
 */
public abstract class ServiceIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** Calls the service under test. */
    protected Http http() {
        return Http.localhost(port);
    }

    protected static String kafka() {
        return RealServers.kafkaBootstrapServers();
    }
}
