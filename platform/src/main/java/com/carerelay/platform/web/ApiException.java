package com.carerelay.platform.web;

import org.springframework.http.HttpStatus;

/** A refusal the caller can act on; answered as problem+json with this status and detail. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, null, what + " was not found.");
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, null, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, null, detail);
    }

    public static ApiException badField(String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, detail);
    }

    /** 429: the caller may try again after this many seconds (sent as Retry-After). */
    public static ApiException tooManyRequests(long retryAfterSeconds, String detail) {
        ApiException tooMany = new ApiException(HttpStatus.TOO_MANY_REQUESTS, null, detail);
        tooMany.retryAfterSeconds = retryAfterSeconds;
        return tooMany;
    }

    /** 503: nothing was done; the caller may try again after this many seconds (sent as Retry-After). */
    public static ApiException unavailable(long retryAfterSeconds, String detail) {
        ApiException unavailable = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null, detail);
        unavailable.retryAfterSeconds = retryAfterSeconds;
        return unavailable;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
