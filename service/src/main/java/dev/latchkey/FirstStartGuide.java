package dev.latchkey;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the server listens, says what to do next while nobody can use it yet: no API key for an
 * assistant, no operator for the console. Silent once both exist.
 */
final class FirstStartGuide implements ServerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStartGuide.class);

    private final URI publicBaseUrl;
    private final BooleanSupplier hasApiKeys;
    private final BooleanSupplier hasOperators;

    FirstStartGuide(URI publicBaseUrl, BooleanSupplier hasApiKeys, BooleanSupplier hasOperators) {
        this.publicBaseUrl = publicBaseUrl;
        this.hasApiKeys = hasApiKeys;
        this.hasOperators = hasOperators;
    }

    @Override
    public void serverStarted(Server server) {
        try {
            String text = guide(hasApiKeys.getAsBoolean(), hasOperators.getAsBoolean());
            if (!text.isEmpty()) {
                LOG.info("{}", text);
            }
        } catch (RuntimeException e) {
            LOG.debug("no first-start guide: {}", e.toString());
        }
    }

    String guide(boolean apiKeys, boolean operators) {
        if (apiKeys && operators) {
            return "";
        }
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        String jar = "java -jar " + jarPath();
        StringBuilder text = new StringBuilder("\n\nLatchkey is running. API: ").append(base)
                .append("/v1   Console: ").append(base).append("/console\nNext steps:\n");
        if (!apiKeys) {
            text.append("  An API key for an assistant (printed once):\n      ").append(jar)
                    .append(" api-keys create --tenant acme config.yml\n");
        }
        if (!operators) {
            text.append("  A console operator (the password is read from stdin):\n      ").append(jar)
                    .append(" operators add admin config.yml\n");
        }
        return text.append("  Then: curl -H 'Authorization: Bearer lk_...' ").append(base)
                .append("/v1/whoami   (README: API, Admin console)\n").toString();
    }

    /** The jar this runs from, as the operator would type it; a generic name when run from classes. */
    private static String jarPath() {
        try {
            Path location = Path.of(FirstStartGuide.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar")) {
                Path here = Path.of("").toAbsolutePath();
                return location.startsWith(here) ? here.relativize(location).toString() : location.toString();
            }
        } catch (Exception e) {
            // fall through to the name the README uses
        }
        return "service/target/latchkey.jar";
    }
}
