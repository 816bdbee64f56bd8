package dev.latchkey.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider plugins: where plugin jars are loaded from, which plugins are switched off, each
 * plugin's properties ({@code config.<id>.<property>}), and declarative profiles.
 */
public class PluginsFactory {

    /**
     * Every {@code *.jar} here is loaded at start, each in its own class loader. Relative to the
     * working directory; {@code ./data/plugins} beside the database, so it does not collide with the
     * repository's {@code plugins/} source folder.
     */
    @NotBlank
    private String directory = "./data/plugins";

    /** Plugin ids not to load, built-in or from a jar (e.g. {@code [github]}). */
    @NotNull
    private List<String> disabled = new ArrayList<>();

    /** Per-plugin properties, validated against what the plugin declares. */
    @NotNull
    private Map<String, Map<String, String>> config = new LinkedHashMap<>();

    @Valid
    @NotNull
    private List<ProfileFactory> profiles = new ArrayList<>();

    @JsonProperty
    public String getDirectory() {
        return directory;
    }

    @JsonProperty
    public void setDirectory(String directory) {
        this.directory = directory;
    }

    @JsonProperty
    public List<String> getDisabled() {
        return disabled;
    }

    @JsonProperty
    public void setDisabled(List<String> disabled) {
        this.disabled = disabled == null ? new ArrayList<>() : disabled;
    }

    @JsonProperty
    public Map<String, Map<String, String>> getConfig() {
        return config;
    }

    @JsonProperty
    public void setConfig(Map<String, Map<String, String>> config) {
        this.config = config == null ? new LinkedHashMap<>() : config;
    }

    @JsonProperty
    public List<ProfileFactory> getProfiles() {
        return profiles;
    }

    @JsonProperty
    public void setProfiles(List<ProfileFactory> profiles) {
        this.profiles = profiles == null ? new ArrayList<>() : profiles;
    }
}
