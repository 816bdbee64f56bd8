package dev.latchkey.signin;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.latchkey.auth.BearerSecrets;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.security.Sealer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A user's sign-in at an identity provider: authorization code with PKCE (S256), a random
 * {@code state} and {@code nonce}. The pending sign-in is kept server side, found by the state's
 * hash, used once, and bound to the browser that started it; the answer's {@code iss} is checked
 * (RFC 9207) and the ID token verified before anyone is signed in.
 */
public final class OidcSignIn {

    /** Where to send the browser, and the binding cookie value it must carry back. */
    public record Start(URI authorizationUri, String binding) {
        @Override
        public String toString() {
            return "Start[" + authorizationUri.getHost() + "]";
        }
    }

    /** A person the identity provider vouched for, and where they were going. */
    public record Verified(IdentityProvider provider, String subject, String displayName, ContinuePath continueTo) {
    }

    private final PendingSignInStore pending;
    private final ProviderMetadataCache metadata;
    private final ProviderTokens tokens;
    private final Sealer sealer;
    private final URI redirectUri;
    private final Clock clock;

    OidcSignIn(PendingSignInStore pending, ProviderMetadataCache metadata, ProviderTokens tokens, Sealer sealer,
               URI redirectUri, Clock clock) {
        this.pending = pending;
        this.metadata = metadata;
        this.tokens = tokens;
        this.sealer = sealer;
        this.redirectUri = redirectUri;
        this.clock = clock;
    }

    /** Starts a sign-in; {@code binding} is the browser's binding cookie if it has a usable one. */
    public Start begin(IdentityProvider provider, ContinuePath continueTo, Optional<String> binding) {
        OIDCProviderMetadata op = metadata.metadata(provider);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        String browser = binding.filter(BrowserBinding::isWellFormed).orElseGet(BrowserBinding::mint);
        String stateHash = BearerSecrets.hash(state.getValue());
        Instant now = clock.instant();
        pending.insert(new PendingSignIn(stateHash, BearerSecrets.hash(browser), provider.name(),
                sealer.seal(nonce.getValue() + " " + verifier.getValue(), aad(stateHash)), continueTo.value(), now,
                now.plus(SignInCookies.BINDING_LIFETIME)));
        URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(provider.scopes().toArray(String[]::new)),
                new ClientID(provider.clientId()), redirectUri)
                .endpointURI(op.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Start(uri, browser);
    }

    /**
     * Finishes a sign-in from the callback's query, {@code binding} being the browser's binding cookie
     * and {@code providers} the configured providers by name; throws {@link SignInException} when it
     * does not hold.
     */
    public Verified complete(Map<String, List<String>> query, Optional<String> binding,
                             Function<String, Optional<IdentityProvider>> providers) {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(redirectUri, query);
        } catch (ParseException | IllegalArgumentException e) {
            // the SDK refuses some malformed responses (an empty code) with an unchecked exception
            throw new SignInException(SignInRefusal.INVALID_REQUEST, "callback not a valid authorization response");
        }
        if (response.getState() == null) {
            throw new SignInException(SignInRefusal.INVALID_REQUEST, "callback without state");
        }
        String stateHash = BearerSecrets.hash(response.getState().getValue());
        PendingSignIn signIn = pending.take(stateHash)
                .orElseThrow(() -> new SignInException(SignInRefusal.UNKNOWN_STATE, "unknown or used state"));
        if (!clock.instant().isBefore(signIn.expiresAt())) {
            throw new SignInException(SignInRefusal.EXPIRED, "sign-in expired");
        }
        if (binding.isEmpty() || !BearerSecrets.matches(signIn.browserHash(), binding.get())) {
            throw new SignInException(SignInRefusal.OTHER_BROWSER, "callback from a browser that did not start it");
        }
        IdentityProvider provider = providers.apply(signIn.provider()).orElseThrow(() -> new SignInException(
                SignInRefusal.UNKNOWN_PROVIDER, "provider no longer configured: " + signIn.provider()));
        OIDCProviderMetadata op = metadata.metadata(provider);
        checkIssuer(response, op, provider);
        if (!response.indicatesSuccess()) {
            AuthorizationErrorResponse error = response.toErrorResponse();
            throw new SignInException(SignInRefusal.PROVIDER_REFUSED, provider.name() + " answered "
                    + error.getErrorObject().getCode());
        }
        String[] secrets = secrets(signIn, stateHash);
        IDTokenClaimsSet claims = tokens.exchange(provider, op, response.toSuccessResponse().getAuthorizationCode(),
                redirectUri, new CodeVerifier(secrets[1]), new Nonce(secrets[0]));
        return verified(provider, claims, new ContinuePath(signIn.continueTo()));
    }

    /** RFC 9207: an {@code iss} must name the provider; a provider that promises it must send it. */
    private static void checkIssuer(AuthorizationResponse response, OIDCProviderMetadata op,
                                    IdentityProvider provider) {
        if (response.getIssuer() != null) {
            if (!response.getIssuer().equals(op.getIssuer())) {
                throw new SignInException(SignInRefusal.WRONG_ISSUER, provider.name() + ": callback named another iss");
            }
        } else if (op.supportsAuthorizationResponseIssuerParam()) {
            throw new SignInException(SignInRefusal.WRONG_ISSUER, provider.name() + ": callback without iss");
        }
    }

    private String[] secrets(PendingSignIn signIn, String stateHash) {
        try {
            String[] parts = sealer.openString(signIn.secretsSealed(), aad(stateHash)).split(" ", 2);
            if (parts.length == 2) {
                return parts;
            }
        } catch (SealedValueException e) {
            // falls through: a pending sign-in that does not open is refused like an unknown one
        }
        throw new SignInException(SignInRefusal.UNKNOWN_STATE, "pending sign-in did not open");
    }

    static Verified verified(IdentityProvider provider, IDTokenClaimsSet claims, ContinuePath continueTo) {
        Object subject = claims.getClaim(provider.subjectClaim());
        if (!(subject instanceof String s) || !UserNames.isValid(s)) {
            throw new SignInException(SignInRefusal.INVALID_ID_TOKEN, provider.name() + ": claim "
                    + provider.subjectClaim() + " is not a usable subject");
        }
        if (!provider.users().contains(s)) {
            throw new SignInException(SignInRefusal.NOT_ALLOWED, provider.name() + ": " + s + " may not sign in");
        }
        return new Verified(provider, s, displayName(provider, claims, s), continueTo);
    }

    private static String displayName(IdentityProvider provider, IDTokenClaimsSet claims, String subject) {
        List<String> candidates = provider.displayNameClaim().map(List::of).orElse(List.of("name", "email"));
        return candidates.stream().map(claims::getClaim).filter(String.class::isInstance).map(String.class::cast)
                .filter(name -> !name.isBlank()).findFirst().orElse(subject);
    }

    private static String aad(String stateHash) {
        return "pending_sign_in:" + stateHash;
    }
}
