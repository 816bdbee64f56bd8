package dev.latchkey.http;

/** Requests whose responses are read as they arrive; {@link GuardedHttpClient} is the one implementation. */
@FunctionalInterface
public interface StreamingHttp {

    /** See {@link GuardedHttpClient#open}. */
    OutboundStream open(OutboundRequest request, StreamOptions options);
}
