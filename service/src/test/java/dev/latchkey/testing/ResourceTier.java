package dev.latchkey.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.api.ApiJson;
import dev.latchkey.api.HttpEdge;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.ApiKeyAuthFilter;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.auth.Caller;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource tier: one or more JAX-RS resources served in memory by {@link ResourceExtension},
 * with the API plumbing the application registers around them (API-key authentication, the problem
 * mappers, the NUL filter), over real services on a migrated H2 database. For tests of
 * request/response mapping that need no running application, no Jetty and no outbound HTTP. Every
 * answer under /v1 must keep the OpenAPI document ({@link OpenApiContract}).
 *
 * <p>Build it in a static field before the extension that uses it (JUnit creates both at class
 * load), and {@link #close()} it after all.
 */
public final class ResourceTier implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreFixture store;
    private final Clock clock = Clock.systemUTC();
    private final Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(clock)));

    private ResourceTier(StoreFixture store) {
        this.store = store;
    }

    /** A fresh H2 database in its own temporary folder named after {@code name}. */
    public static ResourceTier onH2(String name) {
        return new ResourceTier(StoreFixture.open(TestDatabases.Kind.H2, TempDirs.create(name)));
    }

    public Jdbi jdbi() {
        return store.jdbi();
    }

    public Clock clock() {
        return clock;
    }

    public Sealer sealer() {
        return sealer;
    }

    public AuditLog audit() {
        return new AuditLog(jdbi(), clock);
    }

    /** A new API key of {@code tenant}, to send as {@code Authorization: Bearer …}. */
    public String apiKey(String tenant) {
        return TestKeys.create(jdbi(), tenant);
    }

    /**
     * Serves {@code resources} the way LatchkeyApplication registers the API around them; Dropwizard's
     * default exception mappers are off there (config.yml) and so here.
     */
    public ResourceExtension extension(Object... resources) {
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false)
                .setMapper(ApiJson.configure(Jackson.newObjectMapper()))
                .setClientConfigurator(client -> client.register(new ContractCheckingFilter()))
                .addProvider(new PolymorphicAuthDynamicFeature<>(Map.of(
                        Caller.class, ApiKeyAuthFilter.using(new ApiKeys(jdbi(), clock)))))
                .addProvider(new PolymorphicAuthValueFactoryProvider.Binder<>(Set.of(Caller.class)));
        HttpEdge.problemMappers().forEach(builder::addProvider);
        for (Object resource : resources) {
            builder.addResource(resource);
        }
        return builder.build();
    }

    /** The body of a problem answer as a map, after checking it is one (status and media type). */
    public static Map<String, Object> problem(Response response, int status) {
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).as(body).isEqualTo(status);
        assertThat(response.getMediaType()).as(body).isNotNull();
        assertThat(response.getMediaType().toString()).startsWith("application/problem+json");
        try {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
