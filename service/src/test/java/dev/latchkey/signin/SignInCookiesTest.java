package dev.latchkey.signin;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInCookiesTest {

    @Test
    void onHttpsBothCookiesCarryTheHostPrefixAndAreSecure() {
        SignInCookies cookies = new SignInCookies(URI.create("https://latchkey.example.com"));
        assertThat(cookies.userName()).isEqualTo("__Host-latchkey_user");
        assertThat(cookies.bindingName()).isEqualTo("__Host-latchkey_signin");
        assertThat(cookies.user("v", Duration.ofHours(8))).isEqualTo(
                "__Host-latchkey_user=v; Max-Age=28800; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(cookies.binding("b")).isEqualTo(
                "__Host-latchkey_signin=b; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(cookies.clearUser()).startsWith("__Host-latchkey_user=; Max-Age=0;").doesNotContain("Domain");
    }

    @Test
    void onPlainHttpForDevelopmentTheNamesAreBareAndNotSecure() {
        SignInCookies cookies = new SignInCookies(URI.create("http://127.0.0.1:8080"));
        assertThat(cookies.userName()).isEqualTo("latchkey_user");
        assertThat(cookies.user("v", Duration.ofMinutes(5))).isEqualTo(
                "latchkey_user=v; Max-Age=300; Path=/; HttpOnly; SameSite=Lax");
    }
}
