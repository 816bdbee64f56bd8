package dev.latchkey.plugin;

import dev.latchkey.spi.ProviderPlugin;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HookTest {

    @Test
    void eachHookIsNamedAfterTheSpiMethodAndEveryMethodHasAHook() {
        Set<String> methods = Arrays.stream(ProviderPlugin.class.getMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        Set<String> hooks = Arrays.stream(Hook.values()).map(Hook::toString).collect(Collectors.toSet());

        assertThat(hooks).isEqualTo(methods);
        assertThat(Hook.CUSTOMIZE_AUTHORIZATION_REQUEST).hasToString("customizeAuthorizationRequest");
    }
}
