package dev.latchkey.tenant;

import java.util.Map;
import java.util.TreeMap;

/** The name a user is shown for a tenant: its configured display name, else the tenant id itself. */
public final class TenantNames {

    private final Map<String, String> displayNames;

    private TenantNames(Map<String, String> displayNames) {
        this.displayNames = Map.copyOf(displayNames);
    }

    public static TenantNames of(Map<String, TenantFactory> tenants) {
        Map<String, String> names = new TreeMap<>();
        tenants.forEach((id, tenant) -> names.put(id, tenant.getDisplayName().strip()));
        return new TenantNames(names);
    }

    public static TenantNames none() {
        return new TenantNames(Map.of());
    }

    public String displayName(String tenant) {
        return displayNames.getOrDefault(tenant, tenant);
    }
}
