package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules every client's metadata must keep, registered or fetched: redirect URIs that
 * {@link RedirectUriRules} allow (1 to {@value #MAX_REDIRECT_URIS}), grant types within the authorization
 * code and refresh token grants, a short printable name. Each check answers what is wrong, or the value.
 */
final class ClientRules {

    static final int MAX_REDIRECT_URIS = 10;
    /** What the redirect URIs may add up to, so they fit their column. */
    static final int MAX_REDIRECT_URIS_LENGTH = 6000;
    static final int MAX_NAME = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Set<GrantType> ALLOWED = Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);

    private ClientRules() {
    }

    /** The redirect URIs as given (compared as exact strings later), or why they are refused. */
    static Result<List<String>> redirectUris(ClientMetadata metadata) {
        Set<URI> uris = metadata.getRedirectionURIs();
        if (uris == null || uris.isEmpty()) {
            return Result.refused("redirect_uris is required: the URIs the client receives codes at.");
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            return Result.refused("At most " + MAX_REDIRECT_URIS + " redirect_uris.");
        }
        List<String> checked = new ArrayList<>();
        for (URI uri : uris) {
            Optional<String> refusal = RedirectUriRules.refusal(uri.toString());
            if (refusal.isPresent()) {
                return Result.refused(refusal.get() + ".");
            }
            checked.add(uri.toString());
        }
        if (String.join(" ", checked).length() > MAX_REDIRECT_URIS_LENGTH) {
            return Result.refused("The redirect_uris add up to more than " + MAX_REDIRECT_URIS_LENGTH + " characters.");
        }
        return Result.of(List.copyOf(checked));
    }

    /** The grant types; absent means both the code and the refresh token grant. */
    static Result<List<String>> grantTypes(ClientMetadata metadata) {
        Set<GrantType> types = metadata.getGrantTypes();
        if (types == null || types.isEmpty()) {
            return Result.of(List.of(GrantType.AUTHORIZATION_CODE.getValue(), GrantType.REFRESH_TOKEN.getValue()));
        }
        if (!ALLOWED.containsAll(types) || !types.contains(GrantType.AUTHORIZATION_CODE)) {
            return Result.refused("grant_types may be authorization_code and refresh_token only, with "
                    + "authorization_code.");
        }
        return Result.of(types.stream().map(GrantType::getValue).sorted().toList());
    }

    static Optional<String> name(ClientMetadata metadata) {
        String name = metadata.getName();
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String plain = CONTROL.matcher(name.strip()).replaceAll("");
        return Optional.of(plain.length() > MAX_NAME ? plain.substring(0, MAX_NAME) : plain);
    }

    /** A value, or why there is none. */
    record Result<T>(Optional<T> value, String refusal) {
        static <T> Result<T> of(T value) {
            return new Result<>(Optional.of(value), "");
        }

        static <T> Result<T> refused(String why) {
            return new Result<>(Optional.empty(), why);
        }

        <X extends RuntimeException> T orElseThrow(Function<String, X> refusal) {
            return value.orElseThrow(() -> refusal.apply(this.refusal));
        }
    }
}
