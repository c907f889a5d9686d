package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Every setting of a service's {@code application.yml} that an operator may change is in
 * docs/configuration.md, with the default the file gives it and its relaxed-binding variable; an
 * alias placeholder ({@code ${OLD_NAME:default}}) is listed as "also".
 */
class ConfigurationDocumentedTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern ALIAS = Pattern.compile("\\$\\{([A-Z_]+):(.*)}");
    private static final List<String> SERVICES =
            List.of("contact-service", "interaction-service", "reminder-service", "notifier-service");

    @TestFactory
    List<DynamicTest> everyKitSettingIsDocumentedWithItsDefault() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/configuration.md"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String service : SERVICES) {
            flatten("", load(service)).forEach((property, value) -> {
                if (!property.startsWith("kit.")
                        || property.startsWith("kit.kafka.topics.names")
                        || property.startsWith("kit.security.pages")
                        || property.startsWith("kit.web.upload-paths")
                        || property.startsWith("kit.kafka.backlog.also-watch")) {
                    return;
                }
                tests.add(DynamicTest.dynamicTest(service + " " + property, () -> {
                    String row = docs.lines()
                            .filter(line -> line.startsWith("| `" + property + "` |"))
                            .findFirst()
                            .orElse(null);
                    assertThat(row)
                            .as("docs/configuration.md has a row for " + property)
                            .isNotNull();
                    assertThat(row).contains("`" + variable(property) + "`");
                    Matcher alias = ALIAS.matcher(value);
                    if (alias.matches()) {
                        assertThat(row).contains("(also `" + alias.group(1) + "`)");
                        assertThat(row).contains("`" + alias.group(2) + "`");
                    } else if (!value.isEmpty() && !value.equals("[]")) {
                        assertThat(row).contains("`" + value + "`");
                    }
                }));
            });
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests;
    }

    /** Spring's relaxed-binding name of a property: upper case, dots to underscores, dashes dropped. */
    static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
    }

    private static Map<String, Object> load(String service) throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.yml"))) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> flatten(String prefix, Map<String, Object> yaml) {
        Map<String, String> flat = new java.util.LinkedHashMap<>();
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flat.putAll(flatten(name, (Map<String, Object>) nested));
            } else if (value instanceof List<?> list) {
                flat.put(
                        name,
                        list.isEmpty()
                                ? "[]"
                                : String.join(
                                        ",", list.stream().map(String::valueOf).toList()));
            } else {
                flat.put(name, value == null ? "" : String.valueOf(value));
            }
        });
        return flat;
    }
}
