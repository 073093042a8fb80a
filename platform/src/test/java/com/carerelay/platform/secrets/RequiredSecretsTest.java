package com.carerelay.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RequiredSecretsTest {

    static final String COMMITTED = "Y2FyZXJlbGF5LWRldi1vbmx5LXRyYW5zaXQta2V5ISE=";

    final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RequiredSecrets.class))
            .withPropertyValues("carerelay.secrets.required[0]=carerelay.credentials.key",
                    "carerelay.secrets.development-values[0]=" + COMMITTED);

    @Test
    void refusesToStartWithoutARequiredKeyNamingItButNotItsValue() {
        service.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("carerelay.credentials.key is not set");
        });
    }

    @Test
    void refusesToStartWithTheDevelopmentKeyCommittedToTheRepository() {
        service.withPropertyValues("carerelay.credentials.key=" + COMMITTED).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("carerelay.credentials.key is the development value committed to the repository")
                    .hasMessageNotContaining(COMMITTED);
        });
    }

    @Test
    void startsWithItsOwnKeyOrWhereTheLocalStackAndTestsAllowTheDevelopmentKeys() {
        service.withPropertyValues("carerelay.credentials.key=a-key-of-this-deployment")
                .run(context -> assertThat(context).hasNotFailed());
        service.withPropertyValues("carerelay.credentials.key=" + COMMITTED, "carerelay.secrets.allow-development-keys=true")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
