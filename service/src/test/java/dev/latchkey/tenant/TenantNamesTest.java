package dev.latchkey.tenant;

import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantNamesTest {

    @Test
    void aConfiguredTenantIsShownByItsDisplayNameAnyOtherByItsId() {
        TenantNames names = TenantNames.of(Map.of("acme", tenant("  Acme Assistant ")));
        assertThat(names.displayName("acme")).isEqualTo("Acme Assistant");
        assertThat(names.displayName("globex")).isEqualTo("globex");
    }

    @Test
    void displayNamesAndTenantIdsAreValidated() {
        Map<String, TenantFactory> tenants = new LinkedHashMap<>();
        tenants.put("acme", tenant("Acme Assistant"));
        tenants.put("has space", tenant("Fine"));
        tenants.put("blank", tenant("  "));
        tenants.put("newline", tenant("Acme\nEvilCorp"));
        tenants.put("bidi", tenant("Acme \u202Eevil"));
        tenants.put("long", tenant("x".repeat(81)));

        assertThat(violations(tenants)).containsExactlyInAnyOrder("tenants<K>[has space].<map key>", "tenants[blank].displayName",
                "tenants[newline].displayName", "tenants[bidi].displayName", "tenants[long].displayName");
    }

    private static List<String> violations(Map<String, TenantFactory> tenants) {
        LatchkeyConfiguration config = new LatchkeyConfiguration();
        config.setTenants(tenants);
        return Validators.newValidator().validate(config).stream().map(ConstraintViolation::getPropertyPath)
                .map(Object::toString).filter(path -> path.startsWith("tenants")).toList();
    }

    private static TenantFactory tenant(String displayName) {
        TenantFactory tenant = new TenantFactory();
        tenant.setDisplayName(displayName);
        return tenant;
    }
}
