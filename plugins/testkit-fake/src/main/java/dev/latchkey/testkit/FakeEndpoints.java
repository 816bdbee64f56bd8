package dev.latchkey.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fake's OAuth endpoints: strict where the spec is (PKCE, single-use codes, client auth), quirky on request. */
final class FakeEndpoints {

    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    private record Grant(String clientId, String challenge, String redirectUri, String scope, boolean offlineConsent) {
    }

    private final FakeProvider provider;
    private final String prefix;
    private final List<String> issuedCodes = new CopyOnWriteArrayList<>();
    private final Map<String, Optional<String>> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();

    FakeEndpoints(FakeProvider provider, String prefix) {
        this.provider = provider;
        this.prefix = prefix;
    }

    List<String> issuedCodes() {
        return List.copyOf(issuedCodes);
    }

    List<String> clientSecrets() {
        return clients.values().stream().flatMap(Optional::stream).toList();
    }

    void addClient(String id, String secret) {
        clients.put(id, Optional.ofNullable(secret));
    }

    boolean validAccessToken(String token) {
        return accessTokens.contains(token);
    }

    Reply mcp(Exchange request) {
        String auth = Optional.ofNullable(request.header("authorization")).orElse("");
        if (auth.startsWith("Bearer ") && accessTokens.contains(auth.substring(7))) {
            return Reply.json(200, "{\"jsonrpc\":\"2.0\",\"result\":{}}");
        }
        return new Reply(401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + provider.origin()
                + "/.well-known/oauth-protected-resource/mcp\""), new byte[0]);
    }

    Reply register(Exchange request) {
        if (provider.has(Quirk.NO_DYNAMIC_REGISTRATION)) {
            return Reply.json(422, "{\"error\":\"invalid_request\",\"error_description\":\"dynamic registration is not supported\"}");
        }
        String id = prefix + "client-" + UUID.randomUUID();
        String secret = prefix + "secret-" + UUID.randomUUID();
        clients.put(id, Optional.of(secret));
        return Reply.json(201, FakeProvider.JSON.createObjectNode().put("client_id", id).put("client_secret", secret)
                .put("token_endpoint_auth_method", "client_secret_basic").toString());
    }

    Reply authorize(Exchange request) {
        Map<String, String> q = request.query();
        String redirect = q.get("redirect_uri");
        if (redirect == null || !clients.containsKey(q.getOrDefault("client_id", ""))) {
            return Reply.json(400, "{\"error\":\"invalid_client\"}");
        }
        Optional<String[]> problem = Optional.ofNullable(provider.authorizationDenial()).or(() -> authorizationProblem(q));
        Map<String, String> back = new LinkedHashMap<>();
        if (problem.isPresent()) {
            back.put("error", problem.get()[0]);
            if (problem.get()[1] != null) {
                back.put("error_description", problem.get()[1]);
            }
        } else {
            String code = prefix + "code-" + UUID.randomUUID();
            issuedCodes.add(code);
            boolean offlineConsent = "offline".equals(q.get("access_type"))
                    && Arrays.asList(q.getOrDefault("prompt", "").split(" ")).contains("consent");
            codes.put(code, new Grant(q.get("client_id"), q.get("code_challenge"), redirect, q.getOrDefault("scope", ""),
                    offlineConsent));
            back.put("code", code);
        }
        back.put("state", q.getOrDefault("state", ""));
        if (provider.issParameter() != null) {
            back.put("iss", provider.issParameter());
        }
        StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?');
        back.forEach((k, v) -> location.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        return Reply.redirect(location.toString());
    }

    private Optional<String[]> authorizationProblem(Map<String, String> q) {
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null) {
            return Optional.of(new String[] {"invalid_request", "PKCE with S256 is required"});
        }
        String scope = q.getOrDefault("scope", "");
        if (provider.has(Quirk.REJECTS_RESOURCE_PARAMETER) && q.containsKey("resource")) {
            return Optional.of(new String[] {"invalid_target", "AADSTS9010010: the resource parameter is not supported"});
        }
        if (provider.has(Quirk.COMMA_SEPARATED_SCOPES) && scope.contains(" ")) {
            return Optional.of(new String[] {"invalid_scope", "Invalid permissions requested"});
        }
        if (provider.has(Quirk.DEFAULT_SCOPES_ONLY) && Arrays.stream(scope.split(" ")).anyMatch(s -> !s.isEmpty()
                && !OIDC_SCOPES.contains(s) && !s.endsWith("/.default"))) {
            return Optional.of(new String[] {"invalid_scope", "AADSTS650053: the scope does not exist on Microsoft Graph"});
        }
        return Optional.empty();
    }

    Reply token(Exchange request) {
        Map<String, String> f = request.form();
        java.util.function.Function<Exchange, Reply> steered = provider.tokenAnswer(f.get("grant_type"));
        if (steered != null) {
            return steered.apply(request);
        }
        Optional<String> client = authenticate(request);
        if (client.isEmpty()) {
            return tokenError(request, 401, "invalid_client", "client authentication failed");
        }
        if (provider.has(Quirk.REJECTS_RESOURCE_PARAMETER) && f.containsKey("resource")) {
            return tokenError(request, 400, "invalid_target", "AADSTS9010010: the resource parameter is not supported");
        }
        Grant grant;
        if ("authorization_code".equals(f.get("grant_type"))) {
            grant = codes.remove(f.getOrDefault("code", ""));
            if (grant == null || !grant.clientId().equals(client.get()) || !grant.redirectUri().equals(f.get("redirect_uri"))
                    || !grant.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
                return tokenError(request, 400, provider.has(Quirk.TOKEN_ERRORS_WITH_HTTP_200)
                        ? "bad_verification_code" : "invalid_grant", "The code passed is incorrect or expired.");
            }
        } else if ("refresh_token".equals(f.get("grant_type"))) {
            grant = refreshTokens.get(f.getOrDefault("refresh_token", ""));
            if (grant == null || !grant.clientId().equals(client.get())) {
                return tokenError(request, 400, "invalid_grant", "unknown refresh token");
            }
        } else {
            return tokenError(request, 400, "unsupported_grant_type", "only code and refresh");
        }
        return issue(request, grant);
    }

    private Reply issue(Exchange request, Grant grant) {
        String access = prefix + "at-" + UUID.randomUUID();
        accessTokens.add(access);
        boolean refresh = !provider.has(Quirk.NO_EXPIRES_IN)
                && (!provider.has(Quirk.REFRESH_TOKEN_ONLY_WITH_OFFLINE_CONSENT) || grant.offlineConsent());
        ObjectNode token = FakeProvider.JSON.createObjectNode().put("access_token", access)
                .put("scope", grant.scope());
        Long expiresIn = provider.expiresIn();
        if (!provider.has(Quirk.NO_EXPIRES_IN) && expiresIn != null) {
            token.put("expires_in", expiresIn);
        }
        if (refresh) {
            String refreshToken = prefix + "rt-" + UUID.randomUUID();
            refreshTokens.put(refreshToken, grant);
            token.put("refresh_token", refreshToken);
        }
        if (provider.has(Quirk.TOKENS_NESTED_UNDER_AUTHED_USER)) {
            token.put("token_type", "user").put("id", "U0123");
            ObjectNode body = FakeProvider.JSON.createObjectNode().put("ok", true).put("app_id", "A0123");
            body.set("authed_user", token);
            body.putObject("team").put("id", "T0123");
            return Reply.json(200, body.toString());
        }
        token.put("token_type", "bearer");
        return answer(request, 200, token);
    }

    private Reply tokenError(Exchange request, int status, String error, String description) {
        ObjectNode body = FakeProvider.JSON.createObjectNode().put("error", error).put("error_description", description);
        return answer(request, provider.has(Quirk.TOKEN_ERRORS_WITH_HTTP_200) ? 200 : status, body);
    }

    private Reply answer(Exchange request, int status, ObjectNode body) {
        String accept = Optional.ofNullable(request.header("accept")).orElse("");
        if (provider.has(Quirk.FORM_ENCODED_TOKEN_UNLESS_JSON) && !accept.contains("application/json")) {
            StringBuilder form = new StringBuilder();
            body.fields().forEachRemaining(e -> form.append(form.length() == 0 ? "" : "&").append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
            return Reply.form(status, form.toString());
        }
        return Reply.json(status, body.toString());
    }

    Reply revoke(Exchange request) {
        if (authenticate(request).isEmpty()) {
            return Reply.json(401, "{\"error\":\"invalid_client\"}");
        }
        String token = request.form().getOrDefault("token", "");
        accessTokens.remove(token);
        refreshTokens.remove(token);
        return new Reply(200, Map.of(), new byte[0]);
    }

    /** Basic, post or none: the client id the request authenticates as, if its credentials are right. */
    private Optional<String> authenticate(Exchange request) {
        String auth = request.header("authorization");
        String id;
        Optional<String> secret;
        if (auth != null && auth.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = java.net.URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = Optional.of(java.net.URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8));
        } else {
            id = request.form().getOrDefault("client_id", "");
            secret = Optional.ofNullable(request.form().get("client_secret"));
        }
        Optional<String> expected = clients.get(id);
        if (expected == null) {
            return Optional.empty();
        }
        return expected.equals(secret) ? Optional.of(id) : Optional.empty();
    }

    private static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> clientIds() {
        return List.copyOf(clients.keySet());
    }
}
