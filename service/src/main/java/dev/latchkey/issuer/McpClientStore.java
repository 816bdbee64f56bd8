package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The way to the {@code oauth_clients} table: registered clients and the metadata documents seen. */
final class McpClientStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(McpClientDao.class);

    private final Jdbi jdbi;

    McpClientStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new client and returns it as read back. */
    McpClient insert(McpClient client) {
        return jdbi.inTransaction(h -> {
            McpClientDao dao = h.attach(McpClientDao.class);
            dao.insert(client.clientId(), client.kind().code(), client.name().orElse(null),
                    McpClientMapper.stored(client.redirectUris()), client.authMethod().code(),
                    McpClientMapper.stored(client.grantTypes()), client.secretHash().orElse(null),
                    client.createdAt().toEpochMilli(), client.freshUntil().map(Instant::toEpochMilli).orElse(null));
            return dao.find(client.clientId()).orElseThrow();
        });
    }

    /**
     * Records what a metadata document says now: a new row the first time, else its fields and freshness
     * (first seen stays). Two instances fetching at once both end with one row.
     */
    McpClient saveDocument(McpClient client) {
        McpClientDao dao = jdbi.onDemand(McpClientDao.class);
        if (refresh(dao, client) == 0) {
            try {
                return insert(client);
            } catch (RuntimeException raced) {
                if (refresh(dao, client) == 0) {
                    throw raced;
                }
            }
        }
        return dao.find(client.clientId()).orElseThrow();
    }

    private static int refresh(McpClientDao dao, McpClient client) {
        return dao.refresh(client.clientId(), client.name().orElse(null), McpClientMapper.stored(client.redirectUris()),
                client.authMethod().code(), McpClientMapper.stored(client.grantTypes()),
                client.lastSeenAt().toEpochMilli(), client.freshUntil().map(Instant::toEpochMilli).orElse(null));
    }

    Optional<McpClient> find(String clientId) {
        return jdbi.withExtension(McpClientDao.class, dao -> dao.find(clientId));
    }

    void touch(String clientId, Instant now) {
        jdbi.useExtension(McpClientDao.class, dao -> dao.touch(clientId, now.toEpochMilli()));
    }

    List<McpClient> page(long at, String cursorId, int limit) {
        return jdbi.withExtension(McpClientDao.class, dao -> dao.page(at, cursorId, limit));
    }
}
