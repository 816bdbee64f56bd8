package dev.latchkey.flow.store;

import dev.latchkey.store.Dialect;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a flow start commits on PostgreSQL. Waiting for the WAL flush is most of what a flow start
 * costs the database: a commit waits behind whatever else the disk is writing. A pending flow holds
 * no grant, no token and nothing the user typed,
 * so by default it commits asynchronously: PostgreSQL writes it to disk within three times
 * {@code wal_writer_delay} (600 ms by default), and a crash of the database in that window loses the
 * flow — its link then says the flow is unknown, and the assistant starts another. Everything else
 * (callbacks, connections, tokens, webhook deliveries) commits durably, and a durable commit also
 * flushes every asynchronous one before it.
 *
 * <p>One guarantee must survive a crash: an event handed out by the pull API is never lost, or a
 * reader's cursor could pass a seq that PostgreSQL hands out again after recovery. The pull API
 * only hands out events older than {@code events.settleWindow}; flow starts commit asynchronously
 * only when that window is longer than PostgreSQL's asynchronous-commit window, so that every event
 * a reader can see is already on disk. Webhooks are sent only after a durable commit of their own.
 */
public enum FlowStartCommit {

    /** The database's usual commit: the answer waits until the flow start is on disk. */
    DURABLE,
    /** {@code synchronous_commit = off} for the flow start's own transaction: the answer does not wait for the flush. */
    ASYNCHRONOUS;

    private static final Logger LOG = LoggerFactory.getLogger(FlowStartCommit.class);

    /** The mode for this server: asynchronous on PostgreSQL unless configured otherwise or unsafe. */
    public static FlowStartCommit choose(boolean durableStart, Dialect dialect, Jdbi jdbi, Duration settleWindow) {
        if (dialect != Dialect.POSTGRESQL) {
            return DURABLE;
        }
        if (durableStart) {
            LOG.info("Flow starts commit durably on PostgreSQL (flows.durableStart: true)");
            return DURABLE;
        }
        Duration walWriterDelay = Duration.ofMillis(jdbi.withHandle(handle -> handle.createQuery(
                "SELECT CAST(setting AS INTEGER) FROM pg_settings WHERE name = 'wal_writer_delay'")
                .mapTo(Integer.class).one()));
        FlowStartCommit mode = decide(settleWindow, walWriterDelay);
        if (mode == DURABLE) {
            LOG.warn("Flow starts commit durably: events.settleWindow ({} ms) is not longer than PostgreSQL's "
                    + "asynchronous-commit window (3 × wal_writer_delay = {} ms). Lengthen the settle window or "
                    + "shorten wal_writer_delay to let them commit asynchronously, or set flows.durableStart: true.",
                    settleWindow.toMillis(), asynchronousWindow(walWriterDelay).toMillis());
        } else {
            LOG.info("Flow starts commit asynchronously on PostgreSQL (within {} ms; flows.durableStart: true to wait)",
                    asynchronousWindow(walWriterDelay).toMillis());
        }
        return mode;
    }

    /** Asynchronous only if the pull API's settle window outlasts the time a commit can stay off the disk. */
    static FlowStartCommit decide(Duration settleWindow, Duration walWriterDelay) {
        return settleWindow.compareTo(asynchronousWindow(walWriterDelay)) > 0 ? ASYNCHRONOUS : DURABLE;
    }

    /** PostgreSQL's bound on how long an asynchronous commit can stay off the disk (its WAL writer's cycle). */
    private static Duration asynchronousWindow(Duration walWriterDelay) {
        return walWriterDelay.multipliedBy(3);
    }
}
