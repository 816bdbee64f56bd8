package dev.latchkey.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * Where the keyring comes from: {@code json} in the configuration wins, then the environment
 * variable named by {@code environmentVariable} (production: {@code LATCHKEY_KEYRING}, read as is, so
 * the JSON that {@code keys} prints works one-line or pretty-printed, never parsed as YAML); otherwise
 * the {@code file}, generated on first start and readable only by its owner, and read again every
 * {@code reloadInterval} by running instances.
 */
public class KeyringFactory {

    private String file = "./data/keyring.json";
    private String json = "";
    private String environmentVariable = "";
    private Duration reloadInterval = Duration.seconds(30);

    @JsonProperty
    public String getFile() {
        return file;
    }

    @JsonProperty
    public void setFile(String file) {
        this.file = file;
    }

    @JsonProperty
    public String getJson() {
        return json;
    }

    @JsonProperty
    public void setJson(String json) {
        this.json = json;
    }

    /** The name of an environment variable holding the keyring JSON; empty or unset: none. */
    @JsonProperty
    public String getEnvironmentVariable() {
        return environmentVariable;
    }

    @JsonProperty
    public void setEnvironmentVariable(String environmentVariable) {
        this.environmentVariable = environmentVariable;
    }

    /** How soon running instances honour a rotation or retirement written to the keyring file. */
    @JsonProperty
    public Duration getReloadInterval() {
        return reloadInterval;
    }

    @JsonProperty
    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }

    public boolean suppliedInline() {
        return !suppliedJson().isBlank();
    }

    /** The keyring JSON from the configuration or the environment; blank when it comes from the file. */
    private String suppliedJson() {
        if (json != null && !json.isBlank()) {
            return json;
        }
        if (environmentVariable == null || environmentVariable.isBlank()) {
            return "";
        }
        String value = System.getenv(environmentVariable);
        return value == null ? "" : value;
    }

    public Path path() {
        return Path.of(file);
    }

    /** Loads the keyring, generating and saving a new one when the file does not exist yet. */
    public Keyring loadOrCreate(Clock clock) {
        if (suppliedInline()) {
            return Keyring.fromJson(suppliedJson());
        }
        Path path = path();
        if (Files.exists(path)) {
            return read(path);
        }
        Keyring generated = Keyring.generate(clock);
        save(generated);
        return generated;
    }

    public KeyringSource build(Clock clock) {
        return new KeyringSource(loadOrCreate(clock), () -> suppliedInline() ? Keyring.fromJson(suppliedJson()) : read(path()),
                reloadInterval.toJavaDuration());
    }

    /** Writes the keyring file atomically, owner read/write only. */
    public void save(Keyring keyring) {
        if (suppliedInline()) {
            throw new IllegalStateException("the keyring is supplied through configuration; it has no file to write");
        }
        Path path = path().toAbsolutePath();
        try {
            Files.createDirectories(path.getParent());
            Path temp = Files.createTempFile(path.getParent(), ".keyring", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, keyring.toJson(), StandardCharsets.UTF_8);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keyring file " + path, e);
        }
    }

    private static Keyring read(Path path) {
        try {
            return Keyring.fromJson(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyring file " + path, e);
        }
    }
}
