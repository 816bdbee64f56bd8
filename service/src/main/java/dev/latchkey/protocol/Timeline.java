package dev.latchkey.protocol;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the steps of one piece of work on a flow (starting it, a callback). Not thread-safe:
 * one request fills one timeline, and the flow service persists it.
 */
public final class Timeline {

    /** Step names used across the engine. */
    public static final String DISCOVERY = "discovery";
    public static final String REGISTRATION = "registration";
    public static final String REDIRECT = "redirect";
    public static final String CALLBACK = "callback";
    public static final String TOKEN_EXCHANGE = "token_exchange";
    public static final String REFRESH = "refresh";
    public static final String REVOCATION = "revocation";

    /** The step where provider plugins shape the authorization request (see dev.latchkey.plugin). */
    public static final String AUTHORIZATION_REQUEST = "authorization_request";

    private final Clock clock;
    private final List<Step> steps = new ArrayList<>();
    private final ProviderScope scope;

    public Timeline(Clock clock) {
        this(clock, null);
    }

    /** A timeline for work on one server: the scope tells provider plugins which server, flow and tenant. */
    public Timeline(Clock clock, ProviderScope scope) {
        this.clock = clock;
        this.scope = scope;
    }

    /** Which server (and flow, tenant) this work is for, when the caller said so; plugins are asked only then. */
    public Optional<ProviderScope> scope() {
        return Optional.ofNullable(scope);
    }

    public Recorder start(String step) {
        return new Recorder(step, clock.instant());
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** An open step: note what was tried, then end it once. */
    public final class Recorder {
        private final String step;
        private final Instant startedAt;
        private final List<String> urls = new ArrayList<>();
        private String plugin;
        private boolean ended;

        private Recorder(String step, Instant startedAt) {
            this.step = step;
            this.startedAt = startedAt;
        }

        /** Records a URL tried; the query string is dropped, since it may carry codes or state. */
        public Recorder tried(URI url) {
            urls.add(withoutQuery(url));
            return this;
        }

        /** Names a plugin (or profile) that acted on this step; each name is recorded once. */
        public Recorder plugin(String name) {
            if (plugin != null && List.of(plugin.split(", ")).contains(name)) {
                return this;
            }
            this.plugin = plugin == null ? name : plugin + ", " + name;
            return this;
        }

        public Step ok(String detail) {
            return end(Step.Outcome.OK, detail);
        }

        public Step failed(Failure failure) {
            return end(Step.Outcome.FAILED, failure.summary());
        }

        public Step failed(String detail) {
            return end(Step.Outcome.FAILED, detail);
        }

        public Step skipped(String detail) {
            return end(Step.Outcome.SKIPPED, detail);
        }

        private Step end(Step.Outcome outcome, String detail) {
            if (ended) {
                throw new IllegalStateException("step " + step + " already ended");
            }
            ended = true;
            long millis = Math.max(0, clock.millis() - startedAt.toEpochMilli());
            Step done = new Step(step, outcome, startedAt, millis, urls, Optional.ofNullable(detail),
                    Optional.ofNullable(plugin));
            steps.add(done);
            return done;
        }
    }

    static String withoutQuery(URI url) {
        String s = url.toString();
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        if (hash >= 0 && (cut < 0 || hash < cut)) {
            cut = hash;
        }
        return cut >= 0 ? s.substring(0, cut) : s;
    }
}
