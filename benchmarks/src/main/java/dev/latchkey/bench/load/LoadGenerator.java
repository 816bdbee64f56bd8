package dev.latchkey.bench.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load with a fixed number of workers for a bounded time, optionally paced to a total
 * rate. Paced latencies are measured from each request's intended start, so a stall is not hidden
 * by the requests it delayed (coordinated omission).
 */
public final class LoadGenerator {

    private static final long MAX_LATENCY_MICROS = Duration.ofSeconds(30).toNanos() / 1000;

    private final HttpClient http;
    private final int concurrency;

    public LoadGenerator(HttpClient http, int concurrency) {
        this.http = http;
        this.concurrency = concurrency;
    }

    /** What one run measured. */
    public record Result(long requests, long errors, double seconds, Histogram micros, List<String> errorSamples,
                         List<Slowest> slowest) {
        public double throughput() {
            return requests / seconds;
        }

        public double p(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }

        /** This result and {@code other} as one: counts and time added, latencies merged. */
        public Result plus(Result other) {
            Histogram merged = micros.copy();
            merged.add(other.micros);
            List<String> samples = new ArrayList<>(errorSamples);
            other.errorSamples.stream().filter(s -> !samples.contains(s) && samples.size() < 5).forEach(samples::add);
            List<Slowest> both = new ArrayList<>(slowest);
            both.addAll(other.slowest);
            return new Result(requests + other.requests, errors + other.errors, seconds + other.seconds, merged,
                    List.copyOf(samples), List.copyOf(both));
        }
    }

    /** A run's slowest request: when it was meant to start (wall clock) and how long it took. */
    public record Slowest(java.time.Instant intendedStart, long micros) {
    }

    /**
     * Runs for {@code duration} (and at most {@code maxRequests}), at {@code ratePerSecond} in total
     * when it is positive, else as fast as the workers go; {@code expectedStatus} counts as success.
     */
    public Result run(LongFunction<HttpRequest> requests, int expectedStatus, Duration duration, double ratePerSecond,
                      long maxRequests) throws InterruptedException {
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong issued = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Boolean> seenStatus = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        java.util.concurrent.atomic.AtomicReference<Slowest> slowest = new java.util.concurrent.atomic.AtomicReference<>();
        long end = start + duration.toNanos();
        long intervalNanos = ratePerSecond > 0 ? (long) (concurrency * 1e9 / ratePerSecond) : 0;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            long offset = intervalNanos * w / concurrency;
            Thread worker = new Thread(() -> {
                long intended = start + offset;
                while (true) {
                    long n = issued.getAndIncrement();
                    if (n >= maxRequests) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (intervalNanos > 0) {
                        if (intended >= end) {
                            return;
                        }
                        if (intended > now) {
                            java.util.concurrent.locks.LockSupport.parkNanos(intended - now);
                        }
                    } else if (now >= end) {
                        return;
                    }
                    long begin = intervalNanos > 0 ? intended : System.nanoTime();
                    int status = send(requests.apply(n), samples);
                    long micros = (System.nanoTime() - begin) / 1000;
                    recorder.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
                    Slowest sofar = slowest.get();
                    if (sofar == null || micros > sofar.micros()) { // rare: no allocation or CAS per request
                        Slowest mine = new Slowest(startedAt.plusNanos(begin - start), micros);
                        slowest.accumulateAndGet(mine, (a, b) -> a == null || b.micros() > a.micros() ? b : a);
                    }
                    done.incrementAndGet();
                    if (status != expectedStatus) {
                        errors.incrementAndGet();
                        if (seenStatus.putIfAbsent(status, true) == null) {
                            samples.add("status " + status);
                        }
                    }
                    intended += intervalNanos;
                }
            }, "load-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(done.get(), errors.get(), seconds, recorder.getIntervalHistogram(), List.copyOf(samples),
                slowest.get() == null ? List.of() : List.of(slowest.get()));
    }

    private int send(HttpRequest request, List<String> samples) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400 && samples.size() < 5) {
                samples.add(response.statusCode() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
                        .substring(0, Math.min(200, response.body().length)));
            }
            return response.statusCode();
        } catch (java.io.IOException e) {
            if (samples.size() < 5) {
                samples.add(e.toString());
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
