package dev.latchkey.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Register with RFC 7591 dynamic client registration, with plugin adjustments to the request
 * body. The engine owns {@code redirect_uris}, {@code application_type} and
 * {@code response_types}, and never sends {@code scope} or {@code resource} (several servers
 * reject them there), so those names are refused in {@link #extraMetadata()}.
 *
 * @param clientName              {@code client_name} (some servers only accept approved names)
 * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}, e.g. {@code none} where a
 *                                server would otherwise issue a secret the client cannot use
 * @param grantTypes              {@code grant_types}; must include {@code authorization_code}
 * @param extraMetadata           further string-valued members, e.g. {@code software_id}
 */
public record DynamicRegistration(String clientName, ClientAuthMethod tokenEndpointAuthMethod,
                                  List<String> grantTypes, Map<String, String> extraMetadata)
        implements RegistrationChoice {

    /** Registration body members that only the engine sets. */
    public static final Set<String> RESERVED_MEMBERS = Set.of("redirect_uris", "application_type",
            "response_types", "client_name", "token_endpoint_auth_method", "grant_types", "scope", "resource",
            "client_id", "client_secret", "jwks", "jwks_uri");

    /** Validates the members and copies the collections. */
    public DynamicRegistration {
        Checks.nonBlank(clientName, "clientName");
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        grantTypes = Checks.tokens(grantTypes, "grantTypes");
        if (!grantTypes.contains("authorization_code")) {
            throw new IllegalArgumentException("grantTypes must include authorization_code");
        }
        extraMetadata = Checks.map(extraMetadata, "extraMetadata");
        for (String member : extraMetadata.keySet()) {
            if (RESERVED_MEMBERS.contains(member)) {
                throw new IllegalArgumentException("extraMetadata must not set '" + member + "': the engine owns it");
            }
        }
    }

    /** The engine's default: a public client asking for codes and refresh tokens. */
    public static DynamicRegistration of(String clientName) {
        return new DynamicRegistration(clientName, ClientAuthMethod.NONE,
                List.of("authorization_code", "refresh_token"), Map.of());
    }

    /** Returns a copy with a different {@code client_name}. */
    public DynamicRegistration withClientName(String v) {
        return new DynamicRegistration(v, tokenEndpointAuthMethod, grantTypes, extraMetadata);
    }

    /** Returns a copy with a different {@code token_endpoint_auth_method}. */
    public DynamicRegistration withTokenEndpointAuthMethod(ClientAuthMethod v) {
        return new DynamicRegistration(clientName, v, grantTypes, extraMetadata);
    }

    /** Returns a copy with different {@code grant_types}. */
    public DynamicRegistration withGrantTypes(List<String> v) {
        return new DynamicRegistration(clientName, tokenEndpointAuthMethod, v, extraMetadata);
    }

    /** Returns a copy with one extra member set (replacing an earlier value). */
    public DynamicRegistration withExtraMetadata(String member, String value) {
        Map<String, String> copy = new java.util.HashMap<>(extraMetadata);
        copy.put(Checks.nonBlank(member, "member"), Objects.requireNonNull(value, "value"));
        return new DynamicRegistration(clientName, tokenEndpointAuthMethod, grantTypes, copy);
    }
}
