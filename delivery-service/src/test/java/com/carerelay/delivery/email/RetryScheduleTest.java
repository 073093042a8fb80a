package com.carerelay.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(30), 2.0, Duration.ofHours(6), 13);

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(schedule.delayAfter(11)).isEqualTo(Duration.ofHours(6));
        assertThat(schedule.delayAfter(40)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void theDefaultScheduleKeepsTryingForAboutADay() {
        Duration total = Duration.ZERO;
        for (int tries = 1; schedule.allowsAnotherTry(tries); tries++) {
            total = total.plus(schedule.delayAfter(tries));
        }
        assertThat(total).isBetween(Duration.ofHours(18), Duration.ofHours(26));
        assertThat(schedule.allowsAnotherTry(12)).isTrue();
        assertThat(schedule.allowsAnotherTry(13)).isFalse();
    }

    @Test
    void addsAtMostTwentyPercentJitter() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        for (int i = 0; i < 100; i++) {
            Instant next = schedule.nextTry(3, now);
            assertThat(next).isBetween(now.plus(Duration.ofMinutes(2)), now.plus(Duration.ofSeconds(144)));
        }
    }
}
