package dev.latchkey.store;

/** The two databases Latchkey runs on. */
public enum Dialect {
    H2("org.h2.Driver"),
    POSTGRESQL("org.postgresql.Driver");

    private final String driverClass;

    Dialect(String driverClass) {
        this.driverClass = driverClass;
    }

    public String driverClass() {
        return driverClass;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("database.url must be a jdbc:h2: or jdbc:postgresql: URL");
    }
}
