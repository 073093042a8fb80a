package com.carerelay.messaging.message;

import com.carerelay.platform.web.ApiException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** A per-sender limit on sends (Resilience4j); over it, 429 with Retry-After. Per service instance. */
@Component
public class SendRateLimiter {

    private final RateLimiterRegistry registry;

    public SendRateLimiter(@Value("${carerelay.messages.rate-limit.sends-per-minute}") int sendsPerMinute) {
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(sendsPerMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    public void acquire(UUID senderId) {
        RateLimiter limiter = registry.rateLimiter(senderId.toString());
        if (!limiter.acquirePermission()) {
            long nanosToWait = limiter instanceof AtomicRateLimiter atomic
                    ? atomic.getDetailedMetrics().getNanosToWait() : Duration.ofMinutes(1).toNanos();
            long waitSeconds = Math.max(1, Duration.ofNanos(nanosToWait).toSeconds() + 1);
            throw ApiException.tooManyRequests(waitSeconds, "You are sending too many messages; try again in "
                    + waitSeconds + " seconds.");
        }
    }
}
