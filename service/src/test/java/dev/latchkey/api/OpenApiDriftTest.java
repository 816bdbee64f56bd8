package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.latchkey.testing.RepoRoot;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract cannot drift: every JAX-RS resource method under /v1 is in the OpenAPI document, and
 * every operation the document lists is served by one (path parameters compared by position only,
 * {@code /v1/flows/{}}); and the problem codes the document lists are the ones docs/errors.md
 * explains, and include every code the source raises by name.
 */
class OpenApiDriftTest {

    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyResourceMethodUnderV1IsDocumentedAndEveryDocumentedOperationIsServed() {
        Set<String> served = servedOperations();
        Set<String> documented = documentedOperations(OpenApiResource.load());

        assertThat(served).as("served under /v1").isNotEmpty().contains("GET /v1/openapi.json");
        assertThat(new TreeSet<>(served)).as("resource methods missing from the OpenAPI document")
                .isSubsetOf(documented);
        assertThat(new TreeSet<>(documented)).as("documented operations no resource serves")
                .isSubsetOf(served);
    }

    @Test
    void theDocumentsCodesAreTheCodesTheSourceRaisesAndDocsErrorsExplains() throws Exception {
        Set<String> documented = new TreeSet<>();
        OpenApiResource.load().at("/components/schemas/ProblemCode/anyOf/0/enum")
                .forEach(code -> documented.add(code.asText()));
        Set<String> explained = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|").matcher(
                Files.readString(RepoRoot.get().resolve("docs/errors.md")));
        while (row.find()) {
            explained.add(row.group(1));
        }
        assertThat(documented).as("codes in the document").isNotEmpty().isEqualTo(explained);
        assertThat(raisedInSource()).as("codes the source raises, missing from the document")
                .isSubsetOf(documented);
    }

    /** Codes written as literals where a problem or failure is made ({@code Failure.conflict("…"}, …). */
    private static Set<String> raisedInSource() throws Exception {
        Pattern raised = Pattern.compile("(Failure\\.(?:request|notFound|conflict|upstream|rejected|unavailable"
                + "|invalidResponse)\\(|ProblemException\\.\\w+\\(|new ProblemException\\(\\s*\\d+,|Problem\\.of\\("
                + "\\s*\\d+,|unauthorized\\()\\s*\"([a-z0-9_]+)\"");
        Set<String> codes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(RepoRoot.get().resolve("service/src/main/java"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = raised.matcher(Files.readString(file));
                while (m.find()) {
                    codes.add(m.group(2));
                }
            }
        }
        // Prefixes completed at run time: "invalid_" + a parameter name, "http_" + a status.
        codes.removeIf(code -> code.endsWith("_"));
        assertThat(codes).as("the scan finds codes").contains("not_found", "rate_limited", "api_key_missing");
        return codes;
    }

    private static Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.latchkey")) {
            if (!type.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> resource = type.reflect();
            String base = resource.getAnnotation(Path.class).value();
            if (!normalise(base).startsWith("/v1/")) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                verb(method).ifPresent(verb -> {
                    Path sub = method.getAnnotation(Path.class);
                    operations.add(verb + " " + normalise(base + (sub == null ? "" : "/" + sub.value())));
                });
            }
        }
        return operations;
    }

    private static java.util.Optional<String> verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return java.util.Optional.of(verb.value());
            }
        }
        return java.util.Optional.empty();
    }

    private static Set<String> documentedOperations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> keys = document.path("paths").path(path).fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (VERBS.contains(key)) {
                    operations.add(key.toUpperCase(Locale.ROOT) + " " + normalise(path));
                }
            }
        }
        return operations;
    }

    /** One slash between segments, none at the end, path parameters without their names or patterns. */
    static String normalise(String path) {
        String joined = ("/" + path).replaceAll("/+", "/").replaceAll("\\{[^}]*}", "{}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
