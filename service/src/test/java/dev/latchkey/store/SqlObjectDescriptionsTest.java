package dev.latchkey.store;

import dev.latchkey.audit.AuditDao;
import dev.latchkey.registration.RegisteredClientDao;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handles work on a copy of Jdbi's configuration: a SQL object described only on a handle is
 * described again on the next one, unless Jdbi itself holds the description.
 */
class SqlObjectDescriptionsTest {

    @Test
    void withoutDescribingThemFirstEveryHandleReadsTheSqlObjectAgain() {
        Jdbi jdbi = newJdbi("undescribed");

        assertThat(onAHandle(jdbi, AuditDao.class)).isNotSameAs(onAHandle(jdbi, AuditDao.class));
    }

    @Test
    void describedOnceEveryHandleInheritsTheDescription() {
        Jdbi jdbi = newJdbi("described");

        Database.describeSqlObjects(jdbi, List.of(AuditDao.class, RegisteredClientDao.class));

        for (Class<?> type : List.of(AuditDao.class, RegisteredClientDao.class)) {
            ExtensionMetadata first = onAHandle(jdbi, type);
            ExtensionMetadata next = onAHandle(jdbi, type);
            assertThat(first).isSameAs(next)
                    .isSameAs(jdbi.getConfig(Extensions.class).findMetadata(type, sqlObjects(jdbi)));
        }
    }

    private static ExtensionMetadata onAHandle(Jdbi jdbi, Class<?> type) {
        return jdbi.withHandle(handle -> handle.getConfig(Extensions.class).findMetadata(type, sqlObjects(jdbi)));
    }

    private static ExtensionFactory sqlObjects(Jdbi jdbi) {
        return jdbi.getConfig(Extensions.class).findFactory(SqlObjectFactory.class).orElseThrow();
    }

    private static Jdbi newJdbi(String name) {
        return Jdbi.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1").installPlugin(new SqlObjectPlugin());
    }
}
