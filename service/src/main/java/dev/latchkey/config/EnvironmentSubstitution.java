package dev.latchkey.config;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the configuration file with environment
 * variables, strictly: a variable that is not set and has no default stops start-up with a message
 * naming it, instead of staying in the configuration as literal text. Comment lines are left alone,
 * so the examples in config.yml ({@code clientId: ${GITHUB_CLIENT_ID}}) can stay copyable.
 */
public final class EnvironmentSubstitution implements ConfigurationSourceProvider {

    private static final Pattern UNSET = Pattern.compile("variable '([^']+)'");
    private static final Pattern LINE = Pattern.compile("[^\\n]*\\n|[^\\n]+");

    private final ConfigurationSourceProvider delegate;
    private final EnvironmentVariableSubstitutor substitutor;

    public EnvironmentSubstitution(ConfigurationSourceProvider delegate) {
        this(delegate, new EnvironmentVariableSubstitutor(true));
    }

    EnvironmentSubstitution(ConfigurationSourceProvider delegate, EnvironmentVariableSubstitutor substitutor) {
        this.delegate = delegate;
        this.substitutor = substitutor;
    }

    @Override
    public InputStream open(String path) throws IOException {
        String text;
        try (InputStream in = delegate.open(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new ByteArrayInputStream(substitute(text).getBytes(StandardCharsets.UTF_8));
    }

    String substitute(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher line = LINE.matcher(text);
        int number = 0;
        while (line.find()) {
            number++;
            String content = line.group();
            out.append(content.stripLeading().startsWith("#") ? content : substituteLine(content, number));
        }
        return out.toString();
    }

    private String substituteLine(String content, int number) {
        try {
            return substitutor.replace(content);
        } catch (UndefinedEnvironmentVariableException e) {
            Matcher unset = UNSET.matcher(String.valueOf(e.getMessage()));
            String name = unset.find() ? unset.group(1) : "a variable";
            throw new UnsetVariableException("configuration line " + number + ": the environment variable " + name
                    + " is not set and has no default; set it, or give a default as ${" + name + ":-value}");
        }
    }

    /** A {@code ${VAR}} in the configuration whose variable is not set and that has no default. */
    public static final class UnsetVariableException extends IllegalStateException {
        UnsetVariableException(String message) {
            super(message);
        }
    }
}
