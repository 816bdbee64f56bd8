package dev.latchkey.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for plugin tests: gives each test a fresh {@link FakeProvider} (as a parameter)
 * and starts real Latchkey instances on demand, closing everything after the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();
 *
 * @Test
 * void myQuirk(FakeProvider provider) {
 *     provider.enable(Quirk.NO_DYNAMIC_REGISTRATION);
 *     Latchkey latchkey = LATCHKEY.start(setup -> setup.installPlugin(myJar).pluginConfig("acme", "host", "127.0.0.1"));
 *     assertThat(latchkey.authorize(provider.mcpUrl()).authorized()).isTrue();
 * }
 * }</pre>
 */
public final class LatchkeyExtension implements ParameterResolver, AfterEachCallback {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Starts Latchkey configured by {@code setup}; it is stopped after the test. */
    public synchronized Latchkey start(Consumer<LatchkeySetup> setup) {
        LatchkeySetup s = new LatchkeySetup();
        setup.accept(s);
        Latchkey latchkey = Latchkey.start(s, tempDir());
        open.add(latchkey);
        return latchkey;
    }

    /** Starts Latchkey expecting it to refuse; returns its start-up message. */
    public String startFailure(Consumer<LatchkeySetup> setup) {
        try {
            Latchkey started = start(setup);
            throw new AssertionError("Latchkey started although it was expected to refuse: " + started.baseUrl());
        } catch (Latchkey.StartupFailure e) {
            return e.getMessage();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeProvider.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeProvider provider = new FakeProvider();
        open.add(provider);
        return provider;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("latchkey-testkit-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
