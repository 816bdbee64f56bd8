package dev.latchkey.plugin;

import dev.latchkey.auth.Caller;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/plugins}: the loaded plugins and profiles; recent matches are the caller's tenant's only. */
@Path("/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginResource {

    private final PluginCatalog catalog;

    public PluginResource(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /** The list, in the order the plugins are applied. */
    public record Listing(List<PluginInfo> plugins, String spiVersion) {
    }

    @GET
    public Listing list(@Auth Caller caller) {
        return new Listing(catalog.plugins(Optional.of(caller.tenant())), dev.latchkey.spi.SpiVersion.CURRENT.toString());
    }
}
