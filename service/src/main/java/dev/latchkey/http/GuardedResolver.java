package dev.latchkey.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves a host and checks every address it resolves to before the client connects. The client
 * connects only to the addresses returned here, so a second DNS answer cannot slip past the check;
 * one refused address refuses the host (a name that mixes public and private answers is suspect).
 */
final class GuardedResolver implements SocketAddressResolver {

    private final EgressGuard guard;

    GuardedResolver(EgressGuard guard) {
        this.guard = guard;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        try {
            promise.succeeded(checked(host, port));
        } catch (EgressException e) {
            promise.failed(e);
        }
    }

    List<InetSocketAddress> checked(String host, int port) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new EgressException(EgressException.Kind.NETWORK, "the host " + host + " does not resolve");
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress address : addresses) {
            Optional<String> refusal = guard.refusal(address);
            if (refusal.isPresent()) {
                throw new EgressException(EgressException.Kind.BLOCKED,
                        "the host " + host + " resolves to a " + refusal.get());
            }
            out.add(new InetSocketAddress(address, port));
        }
        return out;
    }
}
