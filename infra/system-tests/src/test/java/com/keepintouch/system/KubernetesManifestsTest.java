package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes, as {@code kubectl kustomize} renders the base and the production overlay: every
 * pod is probed on Actuator, bounded, non-root and read-only, can be drained and scaled, gets the
 * settings docker-compose.yml gives the same service, and refers only to ConfigMaps that exist and
 * to the Secrets deploy/kubernetes/README.md says to make (none is in git).
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("../..");
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final String BASE = "base";
    private static final String PRODUCTION = "overlays/production";

    /**
     * The Secrets, made outside git under these names and with these keys (README.md says how): the
     * base's, and the production overlay's for Kafka. No Secret value is in the manifests.
     */
    private static final Map<String, Set<String>> BASE_SECRETS = Map.of(
            "keep-in-touch-secrets",
                    Set.of("KIT_SECURITY_JWTSECRET", "SPRING_MONGODB_URI", "KIT_PERSONALDATA_SECRETKEY"),
            "notifier-service-secrets", Set.of("KIT_WEBHOOKS_SECRETKEY"),
            "interaction-service-secrets", Set.of("KIT_CAPTURE_SECRETKEY"),
            "reminder-service-secrets", Set.of("KIT_CALENDARFEED_SECRETKEY"));

    private static final Map<String, Set<String>> PRODUCTION_SECRETS = Map.of(
            "keep-in-touch-secrets",
                    Set.of("KIT_SECURITY_JWTSECRET", "SPRING_MONGODB_URI", "KIT_PERSONALDATA_SECRETKEY"),
            "notifier-service-secrets", Set.of("KIT_WEBHOOKS_SECRETKEY"),
            "interaction-service-secrets", Set.of("KIT_CAPTURE_SECRETKEY"),
            "reminder-service-secrets", Set.of("KIT_CALENDARFEED_SECRETKEY"),
            "keep-in-touch-kafka", Set.of("sasl.jaas.config"),
            "keep-in-touch-kafka-cluster-ca-cert", Set.of("ca.crt"));

    /** Variables only the pods get, each explained in README.md; compose has none the pods lack. */
    private static final Set<String> KUBERNETES_ONLY = Set.of(
            // the measured JVM flags, in place of the image's -XX:MaxRAMPercentage
            "JAVA_TOOL_OPTIONS",
            // production: three brokers, Kafka over SASL_SSL with Strimzi's SCRAM users and CA
            "KIT_KAFKA_TOPICS_REPLICATIONFACTOR",
            "SPRING_KAFKA_SECURITY_PROTOCOL",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
            "SPRING_KAFKA_SSL_TRUSTSTORETYPE",
            "SPRING_KAFKA_SSL_TRUSTSTORELOCATION");

    /** Services whose work is consuming: pods beyond what the partitions feed would idle. */
    private static final Set<String> PARTITION_BOUND = Set.of("reminder-service", "notifier-service");

    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:(.*)}");
    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyDeploymentIsProbedOnActuatorAtItsHttpPort(String dir) {
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            Map<String, Object> container = container(deployment);
            String name = name(deployment);
            Object port = env(dir, container).get("SERVER_PORT");
            assertThat(port).as(name + " sets SERVER_PORT").isNotNull();
            Map<String, String> probes = Map.of(
                    "livenessProbe", "/actuator/health/liveness",
                    "readinessProbe", "/actuator/health/readiness");
            probes.forEach((probe, path) -> {
                Map<String, Object> get = map(container, probe, "httpGet");
                assertThat(get).as(name + " has an HTTP " + probe).isNotEmpty();
                assertThat(get.get("path")).as(name + " " + probe).isEqualTo(path);
                assertThat(containerPort(container, get.get("port")))
                        .as(name + " " + probe + " is on SERVER_PORT")
                        .isEqualTo(port);
            });
            Map<String, Object> startup = map(container, "startupProbe", "httpGet");
            if (!startup.isEmpty()) {
                assertThat(startup.get("path")).as(name + " startupProbe").isEqualTo("/actuator/health/liveness");
                assertThat(containerPort(container, startup.get("port"))).isEqualTo(port);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyContainerRequestsAndIsLimitedInCpuAndMemory(String dir) {
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            for (Map<String, Object> container : maps(map(deployment, "spec", "template", "spec"), "containers")) {
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(container, "resources", bound))
                            .as(name(deployment) + " resources." + bound)
                            .containsKeys("cpu", "memory");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyContainerRunsAsANonRootUserOnAReadOnlyFilesystemWithoutPrivileges(String dir) {
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            for (Map<String, Object> container : maps(pod, "containers")) {
                String name = name(deployment) + " container " + container.get("name");
                Map<String, Object> own = map(container, "securityContext");
                Map<String, Object> effective = new LinkedHashMap<>(map(pod, "securityContext"));
                effective.putAll(own);
                assertThat(effective.get("runAsNonRoot"))
                        .as(name + " runAsNonRoot")
                        .isEqualTo(true);
                assertThat(effective.get("runAsUser"))
                        .as(name + " runAsUser (a number, so the kubelet can verify it)")
                        .isInstanceOf(Integer.class)
                        .isNotEqualTo(0);
                assertThat(own.get("readOnlyRootFilesystem"))
                        .as(name + " readOnlyRootFilesystem")
                        .isEqualTo(true);
                assertThat(own.get("allowPrivilegeEscalation"))
                        .as(name + " allowPrivilegeEscalation")
                        .isEqualTo(false);
                assertThat(values(own, "capabilities", "drop"))
                        .as(name + " drops capabilities")
                        .contains("ALL");

                // A read-only root needs a writable /tmp (Tomcat, the JVM).
                Object tmp = maps(container, "volumeMounts").stream()
                        .filter(mount -> "/tmp".equals(mount.get("mountPath")))
                        .map(mount -> mount.get("name"))
                        .findFirst()
                        .orElse(null);
                assertThat(tmp).as(name + " mounts a volume at /tmp").isNotNull();
                assertThat(maps(pod, "volumes"))
                        .as(name + " /tmp is an emptyDir")
                        .anyMatch(volume -> tmp.equals(volume.get("name")) && volume.containsKey("emptyDir"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyDeploymentHasADisruptionBudgetThatLetsANodeDrainAndAnAutoscaler(String dir) {
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            String name = name(deployment);
            Map<String, Object> labels = map(deployment, "spec", "template", "metadata", "labels");
            Map<String, Object> selector = map(deployment, "spec", "selector", "matchLabels");
            assertThat(selector).as(name + " selects pods").isNotEmpty();
            assertThat(labels).as(name + " selects its own pods").containsAllEntriesOf(selector);

            List<Map<String, Object>> autoscalers = ofKind(dir, "HorizontalPodAutoscaler").stream()
                    .filter(hpa -> "Deployment"
                                    .equals(map(hpa, "spec", "scaleTargetRef").get("kind"))
                            && name.equals(map(hpa, "spec", "scaleTargetRef").get("name")))
                    .toList();
            assertThat(autoscalers)
                    .as(name + " has one HorizontalPodAutoscaler")
                    .hasSize(1);
            Map<String, Object> scaling = map(autoscalers.get(0), "spec");
            int min = (Integer) scaling.get("minReplicas");
            assertThat(min).as(name + " runs at least two pods").isGreaterThanOrEqualTo(2);
            assertThat((Integer) scaling.get("maxReplicas")).isGreaterThanOrEqualTo(min);
            assertThat(map(deployment, "spec"))
                    .as(name + " leaves the pod count to its autoscaler")
                    .doesNotContainKey("replicas");

            List<Map<String, Object>> budgets = ofKind(dir, "PodDisruptionBudget").stream()
                    .filter(pdb -> labels.entrySet()
                            .containsAll(
                                    map(pdb, "spec", "selector", "matchLabels").entrySet()))
                    .toList();
            assertThat(budgets).as(name + " has one PodDisruptionBudget").hasSize(1);
            Map<String, Object> budget = map(budgets.get(0), "spec");
            assertThat(map(budget, "selector", "matchLabels")).isNotEmpty();
            if (budget.containsKey("maxUnavailable")) {
                assertThat((Integer) budget.get("maxUnavailable")).isPositive();
            } else {
                assertThat((Integer) budget.get("minAvailable"))
                        .as(name + ": at its fewest pods a drain may still evict one")
                        .isPositive()
                        .isLessThan(min);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void consumersDoNotScaleBeyondTheirTopicsPartitions(String dir) throws IOException {
        for (String service : PARTITION_BOUND) {
            Map<String, Object> deployment = named(dir, "Deployment", service);
            Map<String, Object> env = env(dir, container(deployment));
            int partitions = Integer.parseInt(String.valueOf(env.get("KIT_KAFKA_TOPICS_PARTITIONS")));
            Object threads = env.getOrDefault(
                    "SPRING_KAFKA_LISTENER_CONCURRENCY",
                    defaultOf(service, "spring", "kafka", "listener", "concurrency"));
            int consumers = maxReplicas(dir, service) * Integer.parseInt(String.valueOf(threads));
            assertThat(consumers)
                    .as(service + ": maxReplicas x listener concurrency " + threads + " <= partitions")
                    .isLessThanOrEqualTo(partitions);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyServiceSendsToTheHttpPortOfADeploymentsPods(String dir) {
        for (Map<String, Object> service : ofKind(dir, "Service")) {
            Map<String, Object> selector = map(service, "spec", "selector");
            List<Map<String, Object>> targets = ofKind(dir, "Deployment").stream()
                    .filter(d -> !selector.isEmpty()
                            && map(d, "spec", "template", "metadata", "labels")
                                    .entrySet()
                                    .containsAll(selector.entrySet()))
                    .toList();
            assertThat(targets)
                    .as("Service " + name(service) + " selects one Deployment's pods")
                    .hasSize(1);
            Map<String, Object> container = container(targets.get(0));
            for (Map<String, Object> port : maps(map(service, "spec"), "ports")) {
                assertThat(containerPort(container, port.get("targetPort")))
                        .as("Service " + name(service) + " targets a port of the container")
                        .isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void theDeploymentsRunComposesServicesAndImages(String dir) throws IOException {
        Map<String, Map<String, Object>> compose = composeServices();
        Set<String> deployments = new TreeSet<>();
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            String name = name(deployment);
            deployments.add(name);
            assertThat(compose).as("docker-compose.yml builds " + name).containsKey(name);
            String image = String.valueOf(container(deployment).get("image"));
            String composed = String.valueOf(compose.get(name).get("image"));
            if (dir.equals(BASE)) {
                assertThat(image).as(name + " image").isEqualTo(composed);
            } else {
                assertThat(image)
                        .as(name + ": compose's image from a registry, pinned to a tag or digest")
                        .matches(".+/" + Pattern.quote(composed) + "(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})")
                        .doesNotEndWith(":latest");
            }
        }
        assertThat(deployments).isEqualTo(compose.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyPodGetsTheVariablesComposeGivesItsService(String dir) throws IOException {
        Map<String, Map<String, Object>> compose = composeServices();
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            String name = name(deployment);
            Map<String, Object> pod = env(dir, container(deployment));
            Map<String, Object> composed = map(compose.get(name), "environment");
            assertThat(new TreeSet<>(pod.keySet()))
                    .as(name + ": the variables compose gives it, and the documented Kubernetes-only ones")
                    .containsAll(composed.keySet())
                    .isSubsetOf(union(composed.keySet(), KUBERNETES_ONLY));
            // Settings that are no address nor secret have compose's values.
            for (String same : List.of("SERVER_PORT", "KIT_CONTACTS_BASEURL", "KIT_KAFKA_TOPICS_PARTITIONS")) {
                if (composed.containsKey(same)) {
                    assertThat(String.valueOf(pod.get(same)))
                            .as(name + " " + same)
                            .isEqualTo(String.valueOf(composed.get(same)));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, PRODUCTION})
    void everyConfigMapAndSecretReferencedExists(String dir) {
        Set<String> missing = new TreeSet<>();
        Set<String> madeOutside = new TreeSet<>();
        for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            for (Map<String, Object> container : maps(pod, "containers")) {
                for (Map<String, Object> from : maps(container, "envFrom")) {
                    reference(dir, "ConfigMap", map(from, "configMapRef").get("name"), null, missing, madeOutside);
                    reference(dir, "Secret", map(from, "secretRef").get("name"), null, missing, madeOutside);
                }
                for (Map<String, Object> variable : maps(container, "env")) {
                    Map<String, Object> cm = map(variable, "valueFrom", "configMapKeyRef");
                    reference(dir, "ConfigMap", cm.get("name"), cm.get("key"), missing, madeOutside);
                    Map<String, Object> secret = map(variable, "valueFrom", "secretKeyRef");
                    reference(dir, "Secret", secret.get("name"), secret.get("key"), missing, madeOutside);
                }
            }
            for (Map<String, Object> volume : maps(pod, "volumes")) {
                reference(dir, "ConfigMap", map(volume, "configMap").get("name"), null, missing, madeOutside);
                reference(dir, "Secret", map(volume, "secret").get("secretName"), null, missing, madeOutside);
                for (Map<String, Object> item : maps(volume, "secret", "items")) {
                    reference(
                            dir,
                            "Secret",
                            map(volume, "secret").get("secretName"),
                            item.get("key"),
                            missing,
                            madeOutside);
                }
            }
        }
        assertThat(missing)
                .as("referenced but neither rendered nor made outside git")
                .isEmpty();
        assertThat(ofKind(dir, "Secret")).as("Secrets in git").isEmpty();
        assertThat(madeOutside)
                .as("the Secrets made outside git")
                .isEqualTo(secretsMadeOutside(dir).keySet());
    }

    @Test
    void theReadmeSaysWhichSecretsToMakeAndWhatThePodsGetBesidesComposesVariables() throws IOException {
        String readme = Files.readString(KUBERNETES.resolve("README.md"));
        PRODUCTION_SECRETS.forEach((secret, keys) -> {
            String row = readme.lines()
                    .filter(line -> line.startsWith("| `" + secret + "` |"))
                    .findFirst()
                    .orElse("");
            assertThat(row).as("README.md has a row for Secret " + secret).isNotEmpty();
            keys.forEach(key -> assertThat(row).as(secret + " key").contains("`" + key + "`"));
        });
        for (String name : KUBERNETES_ONLY) {
            assertThat(readme)
                    .as("deploy/kubernetes/README.md explains " + name)
                    .contains("`" + name + "`");
        }
    }

    // ---------------------------------------------------------------- the rendered manifests

    private static List<Map<String, Object>> rendered(String dir) {
        return RENDERED.computeIfAbsent(dir, KubernetesManifestsTest::kustomize);
    }

    /** {@code kubectl kustomize <dir>}, parsed; CI installs kubectl when it is missing. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kustomize(String dir) {
        Path target = KUBERNETES.resolve(dir);
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", target.toString())
                        .redirectError(errors.toFile())
                        .start();
            } catch (IOException e) {
                return fail("kubectl is not installed, so deploy/kubernetes cannot be rendered: install Debian's"
                        + " kubernetes-client (apt-get install kubernetes-client), as .ci/run does");
            }
            kubectl.getOutputStream().close();
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                kubectl.destroy();
                return fail("kubectl kustomize " + target + " failed: " + Files.readString(errors));
            }
            Files.delete(errors);
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(yaml)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            assertThat(documents).as(target + " renders").isNotEmpty();
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> ofKind(String dir, String kind) {
        List<Map<String, Object>> found = rendered(dir).stream()
                .filter(document -> kind.equals(document.get("kind")))
                .toList();
        if (kind.equals("Deployment")) {
            assertThat(found).as(dir + " has Deployments").isNotEmpty();
        }
        return found;
    }

    private static Map<String, Object> named(String dir, String kind, String name) {
        return ofKind(dir, kind).stream()
                .filter(document -> name.equals(name(document)))
                .findFirst()
                .orElseGet(() -> fail(dir + " has no " + kind + " " + name));
    }

    private static String name(Map<String, Object> document) {
        return String.valueOf(map(document, "metadata").get("name"));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = maps(map(deployment, "spec", "template", "spec"), "containers");
        assertThat(containers).as(name(deployment) + " runs one container").hasSize(1);
        return containers.get(0);
    }

    /** The number of a probe's or a Service's port, given by name or number, or null if the container lacks it. */
    private static String containerPort(Map<String, Object> container, Object port) {
        return maps(container, "ports").stream()
                .filter(p -> String.valueOf(port).equals(String.valueOf(p.get("name")))
                        || String.valueOf(port).equals(String.valueOf(p.get("containerPort"))))
                .map(p -> String.valueOf(p.get("containerPort")))
                .findFirst()
                .orElse(null);
    }

    /**
     * The variables a container gets: its own and those of every ConfigMap and Secret of its
     * envFrom (a Secret made outside git has its documented keys).
     */
    private static Map<String, Object> env(String dir, Map<String, Object> container) {
        Map<String, Object> env = new TreeMap<>();
        for (Map<String, Object> from : maps(container, "envFrom")) {
            for (String kind : List.of("ConfigMap", "Secret")) {
                Object name = map(from, kind.equals("ConfigMap") ? "configMapRef" : "secretRef")
                        .get("name");
                if (name != null) {
                    env.putAll(data(dir, kind, String.valueOf(name)));
                }
            }
        }
        for (Map<String, Object> variable : maps(container, "env")) {
            Map<String, Object> cm = map(variable, "valueFrom", "configMapKeyRef");
            Object value = cm.isEmpty()
                    ? variable.get("value")
                    : data(dir, "ConfigMap", String.valueOf(cm.get("name"))).get(cm.get("key"));
            env.put(String.valueOf(variable.get("name")), value);
        }
        return env;
    }

    private static Map<String, Object> data(String dir, String kind, String name) {
        if (kind.equals("Secret") && secretsMadeOutside(dir).containsKey(name)) {
            Map<String, Object> keys = new TreeMap<>();
            secretsMadeOutside(dir).get(name).forEach(key -> keys.put(key, null));
            return keys;
        }
        return rendered(dir).stream()
                .filter(document -> kind.equals(document.get("kind")) && name.equals(name(document)))
                .findFirst()
                .map(document -> map(document, "data"))
                .orElse(Map.of());
    }

    private static void reference(
            String dir, String kind, Object name, Object key, Set<String> missing, Set<String> madeOutside) {
        if (name == null) {
            return;
        }
        boolean rendered = rendered(dir).stream()
                .anyMatch(document -> kind.equals(document.get("kind")) && name.equals(name(document)));
        boolean outside = kind.equals("Secret") && secretsMadeOutside(dir).containsKey(String.valueOf(name));
        if (outside) {
            madeOutside.add(String.valueOf(name));
        }
        if (!rendered && !outside) {
            missing.add(kind + " " + name);
        } else if (key != null) {
            assertThat(data(dir, kind, String.valueOf(name)))
                    .as(kind + " " + name + " has key " + key)
                    .containsKey(String.valueOf(key));
        }
    }

    private static Map<String, Set<String>> secretsMadeOutside(String dir) {
        return dir.equals(BASE) ? BASE_SECRETS : PRODUCTION_SECRETS;
    }

    private static int maxReplicas(String dir, String deployment) {
        return ofKind(dir, "HorizontalPodAutoscaler").stream()
                .filter(hpa ->
                        deployment.equals(map(hpa, "spec", "scaleTargetRef").get("name")))
                .map(hpa -> (Integer) map(hpa, "spec").get("maxReplicas"))
                .findFirst()
                .orElseGet(() -> fail(deployment + " has no HorizontalPodAutoscaler"));
    }

    // ---------------------------------------------------------------- compose and application.yml

    /** docker-compose.yml's services built from this repository, by name (merge keys resolved). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> composeServices() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            Map<String, Map<String, Object>> built = new TreeMap<>();
            map(compose, "services").forEach((name, service) -> {
                if (((Map<String, Object>) service).containsKey("build")) {
                    built.put(name, (Map<String, Object>) service);
                }
            });
            assertThat(built).isNotEmpty();
            return built;
        }
    }

    /** The default a service's application.yml gives a setting, from its {@code ${NAME:default}} if it has one. */
    private static String defaultOf(String service, String... path) throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.yml"))) {
            Map<String, Object> yaml = new Yaml().load(reader);
            String[] parents = Arrays.copyOf(path, path.length - 1);
            Object value = map(yaml, parents).get(path[path.length - 1]);
            assertThat(value)
                    .as(service + " application.yml sets " + String.join(".", path))
                    .isNotNull();
            Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(String.valueOf(value));
            return placeholder.matches() ? placeholder.group(1) : String.valueOf(value);
        }
    }

    // ---------------------------------------------------------------- walking parsed YAML

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return Map.of();
            }
            current = map.get(key);
        }
        return current instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object node, String... path) {
        return (List<Map<String, Object>>) (List<?>) values(node, path);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> values(Object node, String... path) {
        String[] parents = Arrays.copyOf(path, path.length - 1);
        Object value = map(node, parents).get(path[path.length - 1]);
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
