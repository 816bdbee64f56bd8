package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.security.Signer;
import dev.latchkey.signin.SignInGate;
import dev.latchkey.signin.SignedInUser;
import io.dropwizard.views.common.View;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /oauth/consents}: the signed-in person's own MCP clients — the consents they gave, each with a
 * Withdraw button that also ends that client's sign-ins for them. What an operator can do in the console,
 * a person can do for themselves.
 */
@Path("/oauth/consents")
public final class YourClientsResource {

    private final McpSessions sessions;
    private final SignInGate signIn;
    private final Signer signer;

    YourClientsResource(McpSessions sessions, SignInGate signIn, Signer signer) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.signer = signer;
    }

    /** A consent as the person sees it, with the token its Withdraw form carries. */
    public record Row(String id, String client, String resource, String scopes, String csrf) {
    }

    /** The page. */
    public static final class Page extends View {

        private final String userName;
        private final List<Row> rows;
        private final boolean withdrawn;

        Page(String userName, List<Row> rows, boolean withdrawn) {
            super("/ui/templates/your-clients.ftlh");
            this.userName = userName;
            this.rows = List.copyOf(rows);
            this.withdrawn = withdrawn;
        }

        public String getUserName() {
            return userName;
        }

        public List<Row> getRows() {
            return rows;
        }

        public boolean isWithdrawn() {
            return withdrawn;
        }
    }

    @GET
    public Response list(@Context HttpHeaders headers, @QueryParam("done") String done) {
        Optional<SignedInUser> user = signIn.current(headers);
        if (user.isEmpty()) {
            return UserPageHeaders.protect(Response.seeOther(signIn.signInLocation("/oauth/consents"))).build();
        }
        SignedInUser who = user.get();
        List<Row> rows = sessions.consentsOf(who.tenant(), who.subject(), null, 100).items().stream()
                .map(c -> new Row(c.id(), sessions.client(c.clientId()).map(McpClient::displayName)
                        .orElse(c.clientId()), c.resource(), String.join(" ", c.scopes()),
                        signer.sign(withdrawMessage(who, c.id()))))
                .toList();
        return UserPageHeaders.protect(Response.ok(new Page(who.displayName(), rows, "withdrawn".equals(done)))).build();
    }

    /** The Withdraw form: read as bytes and parsed by Nimbus, so any charset or none is just a form. */
    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response withdraw(@PathParam("id") String id, byte[] body, @Context HttpHeaders headers) {
        Optional<SignedInUser> user = signIn.current(headers);
        List<String> csrf = URLUtils.parseParameters(body == null ? "" : new String(body, StandardCharsets.UTF_8))
                .get("csrf");
        if (user.isEmpty() || csrf == null || csrf.size() != 1
                || !signer.verify(withdrawMessage(user.get(), id), csrf.get(0))) {
            return UserPageHeaders.protect(Response.status(403).entity(new IssuerErrorPage(new IssuerRefusal.Page(403,
                    "This form is stale", "Open your MCP clients page again and withdraw from there.")))).build();
        }
        sessions.withdrawConsentByUser(user.get().tenant(), user.get().subject(), id);
        return UserPageHeaders.protect(Response.seeOther(URI.create("/oauth/consents?done=withdrawn"))).build();
    }

    /** What a Withdraw form's token signs: this session and this consent, nothing another page could reuse. */
    private static String withdrawMessage(SignedInUser user, String consentId) {
        return "consent-withdraw\n" + user.sessionId() + "\n" + consentId;
    }
}
