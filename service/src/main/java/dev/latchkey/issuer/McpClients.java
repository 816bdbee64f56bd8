package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP clients the authorization server knows: registered through RFC 7591 or described by a Client ID
 * Metadata Document. Finds the client of an authorization request (fetching its document when due),
 * registers new ones, and authenticates a client at the token and revocation endpoints by its method.
 */
public final class McpClients {

    private final McpClientStore store;
    private final MetadataDocuments documents;
    private final RegistrationLimit limit;
    private final IssuerSettings settings;
    private final Clock clock;

    McpClients(McpClientStore store, MetadataDocuments documents, RegistrationLimit limit, IssuerSettings settings,
               Clock clock) {
        this.store = store;
        this.documents = documents;
        this.limit = limit;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The client an authorization request names, with up-to-date redirect URIs; a {@link IssuerRefusal.Page}
     * when it is unknown or its metadata document cannot be used.
     */
    McpClient forAuthorization(String clientId) {
        if (MetadataDocuments.isDocumentUrl(clientId)) {
            return documents.client(clientId);
        }
        return store.find(clientId).filter(c -> c.kind() == McpClient.Kind.REGISTERED)
                .orElseThrow(() -> new IssuerRefusal.Page(400, "Unknown client",
                        "This client is not registered with Latchkey. Ask its developer to register it again."));
    }

    /** A newly registered client and its secret (shown once; empty for a public client). */
    record Registered(McpClient client, ClientInformation information) {
    }

    /** Registers a client (RFC 7591); refusals are {@code invalid_redirect_uri} or {@code invalid_client_metadata}. */
    Registered register(ClientMetadata metadata) {
        if (!settings.dynamicRegistration()) {
            throw IssuerRefusal.oauth(OAuth2Error.ACCESS_DENIED.setHTTPStatusCode(403),
                    "Dynamic client registration is off on this server.");
        }
        List<String> redirectUris = ClientRules.redirectUris(metadata)
                .orElseThrow(why -> IssuerRefusal.oauth(RegistrationError.INVALID_REDIRECT_URI, why));
        List<String> grantTypes = ClientRules.grantTypes(metadata)
                .orElseThrow(why -> IssuerRefusal.oauth(RegistrationError.INVALID_CLIENT_METADATA, why));
        if (metadata.getResponseTypes() != null && !metadata.getResponseTypes().equals(Set.of(ResponseType.CODE))) {
            throw IssuerRefusal.oauth(RegistrationError.INVALID_CLIENT_METADATA, "response_types may be code only.");
        }
        ClientAuthenticationMethod requested = metadata.getTokenEndpointAuthMethod() == null
                ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : metadata.getTokenEndpointAuthMethod();
        McpClient.AuthMethod method = McpClient.AuthMethod.fromCode(requested.getValue())
                .orElseThrow(() -> IssuerRefusal.oauth(RegistrationError.INVALID_CLIENT_METADATA,
                        "token_endpoint_auth_method may be none, client_secret_basic or client_secret_post."));
        // Only what would be stored counts against the limit: a refused request costs nothing to keep.
        limit.acquire();
        Instant now = clock.instant();
        Optional<String> secret = method == McpClient.AuthMethod.NONE ? Optional.empty()
                : Optional.of(IssuerSecrets.mint(IssuerSecrets.CLIENT_SECRET));
        McpClient client = store.insert(new McpClient(Ids.mint("lkc"), McpClient.Kind.REGISTERED,
                ClientRules.name(metadata), redirectUris, method, grantTypes, secret.map(IssuerSecrets::hash), now, now,
                Optional.empty()));
        ClientMetadata answered = new ClientMetadata(metadata);
        answered.setTokenEndpointAuthMethod(new ClientAuthenticationMethod(method.code()));
        answered.setGrantTypes(grantTypes.stream().map(GrantType::new)
                .collect(Collectors.toSet()));
        answered.setResponseTypes(Set.of(ResponseType.CODE));
        answered.setScope(null);
        return new Registered(client, new ClientInformation(new ClientID(client.clientId()), Date.from(now), answered,
                secret.map(Secret::new).orElse(null)));
    }

    /**
     * The client a token or revocation request comes from, authenticated by the method it registered: a
     * secret (basic or post) for a confidential client, only its client_id for a public one. Anything else
     * is {@code invalid_client} (401).
     */
    McpClient authenticate(List<ClientAuthentication> candidates, ClientID publicId) {
        List<ClientAuthentication> presented = candidates == null ? List.of() : candidates;
        if (presented.size() > 1) {
            throw invalidClient("Use one client authentication method per request.");
        }
        if (presented.isEmpty()) {
            McpClient client = known(publicId).orElseThrow(() -> invalidClient("Unknown client."));
            if (client.authMethod() != McpClient.AuthMethod.NONE) {
                throw invalidClient("This client authenticates with its secret.");
            }
            return client;
        }
        ClientAuthentication auth = presented.get(0);
        McpClient client = known(auth.getClientID()).orElseThrow(() -> invalidClient("Unknown client."));
        Optional<String> secret = Optional.empty();
        if (auth instanceof ClientSecretBasic basic
                && client.authMethod() == McpClient.AuthMethod.CLIENT_SECRET_BASIC) {
            secret = Optional.of(basic.getClientSecret().getValue());
        } else if (auth instanceof ClientSecretPost post
                && client.authMethod() == McpClient.AuthMethod.CLIENT_SECRET_POST) {
            secret = Optional.of(post.getClientSecret().getValue());
        }
        if (secret.isEmpty() || client.secretHash().isEmpty()
                || !IssuerSecrets.matches(client.secretHash().get(), secret.get())) {
            throw invalidClient("Client authentication failed.");
        }
        return client;
    }

    private Optional<McpClient> known(ClientID id) {
        return id == null ? Optional.empty() : store.find(id.getValue());
    }

    static IssuerRefusal.OAuth invalidClient(String why) {
        return IssuerRefusal.oauth(OAuth2Error.INVALID_CLIENT, why);
    }

    /** Records that the client was just given a code. */
    void seen(McpClient client) {
        store.touch(client.clientId(), clock.instant());
    }

    /** Every client the server knows, newest first (for the console). */
    public Page<McpClient> list(String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(store.page(position.at(), position.id(), limit + 1), limit,
                c -> new Cursor(c.createdAt().toEpochMilli(), c.clientId()));
    }

    public Optional<McpClient> find(String clientId) {
        return store.find(clientId);
    }
}
