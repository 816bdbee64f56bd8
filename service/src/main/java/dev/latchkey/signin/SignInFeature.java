package dev.latchkey.signin;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.PurgeJob;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User sign-in wired in one place: the pages under {@code /signin}, the user sessions, the purge of
 * old sessions and unfinished sign-ins, and the {@link SignInGate} the pages that need a person use.
 */
public final class SignInFeature {

    /** The SQL objects behind sign-in, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = Stream.concat(UserSessionStore.SQL_OBJECTS.stream(),
            PendingSignInStore.SQL_OBJECTS.stream()).toList();

    /** How long a provider's discovery document and keys are kept before they are fetched again. */
    static final Duration METADATA_TTL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(SignInFeature.class);

    /** What sign-in needs of the rest of Latchkey. */
    public record Needs(Jdbi jdbi, Sealer sealer, OutboundHttp http, AuditLog audit, DomainMetrics metrics,
                        Clock clock) {
    }

    private final UserSignIn gate;
    private final UserSessions sessions;

    private SignInFeature(UserSignIn gate, UserSessions sessions) {
        this.gate = gate;
        this.sessions = sessions;
    }

    public static SignInFeature install(Environment environment, SignInFactory config, URI publicBaseUrl,
                                        Needs needs) {
        SignInProviders providers = SignInProviders.of(config);
        providers.developmentLogin().ifPresent(dev -> LOG.warn("The development login is on (signIn.developmentLogin):"
                + " anyone who can open /signin/dev can sign in as any user of tenant {}. Never use it where real"
                + " people sign in.", dev.tenant()));
        UserSessions sessions = new UserSessions(needs.jdbi(), needs.audit(), needs.clock(),
                config.getSessionLifetime().toJavaDuration());
        SignInCookies cookies = new SignInCookies(publicBaseUrl);
        UserSignIn gate = new UserSignIn(sessions, providers, cookies, publicBaseUrl);
        PendingSignInStore pending = new PendingSignInStore(needs.jdbi());
        OidcSignIn oidc = new OidcSignIn(pending, new ProviderMetadataCache(needs.http(), needs.clock(), METADATA_TTL),
                new ProviderTokens(new NimbusHttp(needs.http()), new ProviderKeySets(needs.http(), needs.clock(),
                        METADATA_TTL)), needs.sealer(), callbackUri(publicBaseUrl), needs.clock());
        environment.servlets().addFilter("signin-headers", new SignInHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/signin", "/signin/*");
        environment.jersey().register(new SignInResource(providers, oidc, sessions, gate, cookies, publicBaseUrl,
                needs.metrics()));
        environment.jersey().register(new SignInRefusals(needs.metrics()));
        environment.lifecycle().manage(new PurgeJob("old user sessions and unfinished sign-ins",
                () -> sessions.purgeOld() + pending.purge(needs.clock().millis()), Duration.ofMinutes(10)));
        return new SignInFeature(gate, sessions);
    }

    /** Where identity providers send the browser back: register this redirect URI with each of them. */
    public static URI callbackUri(URI publicBaseUrl) {
        String base = publicBaseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/signin/callback");
    }

    /** Who a request is signed in as, where to sign in, and what the user may use. */
    public UserSignIn gate() {
        return gate;
    }

    /** The user sessions, for the console: list them, end one. */
    public UserSessions sessions() {
        return sessions;
    }
}
