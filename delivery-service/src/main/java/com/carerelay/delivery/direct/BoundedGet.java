package com.carerelay.delivery.direct;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP GET of DIRECT's (an attachment from messaging-service, a certificate's CRL) with one deadline on
 * the whole exchange (connect, headers and body) and a cap on the body: a longer body is cut off, a slow
 * one aborted at the deadline. No redirects, no cookies. A non-200 answer carries no body.
 */
final class BoundedGet {

    /** The answer: the status and, for 200, the body. */
    record Answer(int status, byte[] body, java.net.http.HttpHeaders headers) {
    }

    /** No complete answer: the reason names the cause, never a URL's query or any content. */
    static final class Failed extends Exception {
        Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HttpClient client;

    BoundedGet(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Answer get(URI uri, Map<String, String> headers, long maxBytes, Duration deadline) throws Failed {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(deadline).GET();
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(),
                info -> info.statusCode() == 200 ? new Capped(maxBytes) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Failed("no complete answer within " + deadline);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && !(cause instanceof TooLarge)) {
                cause = cause.getCause();
            }
            throw new Failed(cause instanceof TooLarge ? "answer larger than " + maxBytes + " bytes"
                    : "unreachable (" + cause.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            throw new Failed("interrupted");
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Collects the body up to {@code maxBytes}; one byte more cancels the exchange. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {

        private final long maxBytes;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Capped(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                body.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(body.toByteArray());
        }
    }
}
