package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.cdcbundle.testkit.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a Kafka client on the laptop produces to and consumes from every broker through the external listener,
 * bootstrapped only at MAC_LOCAL_IP and broker 0's NodePort. The chart is rendered as ./run.sh renders it for the
 * seed's .env (REDPANDA_REPLICAS=3, MAC_LOCAL_IP a loopback address here); then what it renders is stood up for real:
 * <ul>
 *   <li>each broker pod's start command, exactly as rendered, runs in /bin/sh with the pod's environment (the
 *   downward API's POD_NAME and POD_NAMESPACE) and a stand-in {@code rpk} that prints its arguments; its
 *   --kafka-addr, --advertise-kafka-addr, --rpc-addr and --seeds configure one KRaft node each;</li>
 *   <li>the cluster's DNS names for the pods ({@code <pod>.<serviceName>.<ns>.svc.cluster.local} of the StatefulSet's
 *   headless Service) resolve to the pods' addresses inside the brokers' JVMs only;</li>
 *   <li>each NodePort Service routes MAC_LOCAL_IP:nodePort to the pods its selector matches, at its targetPort
 *   resolved through the pod's named container ports.</li>
 * </ul>
 * A topic with one partition led by each broker and replication factor 3 then takes and gives back records. It fails
 * if a broker advertised another broker's port (one NodePort for all brokers), an internal name (the laptop cannot
 * resolve it), or if a Service sent a broker's port to another broker (a client then gets NOT_LEADER on every retry).
 *
 * <p>Deviations from production, each because there is no cluster and no Redpanda binary here: Apache Kafka in KRaft
 * mode stands in for Redpanda (the same Kafka protocol; Redpanda's RPC port and seeds become Kafka's controller
 * listener and quorum voters, and Kafka replicates over the listener named internal, where Redpanda uses its RPC);
 * each node binds its pod's own loopback address instead of 0.0.0.0 (three "pods" share one machine); a small TCP
 * forwarder per NodePort stands in for kube-proxy (round robin over the endpoints, as its IPVS mode); the three nodes
 * share one child JVM (see {@link KafkaClusterProcess}), which resolves names from a hosts file standing in for the
 * cluster's DNS.
 */
class ExternalListenerTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TempDir Path dir;

    /** One broker pod as the StatefulSet controller makes it and its rendered start command configures it. */
    record Pod(int ordinal, String name, String ip, Map<String, String> labels, Container container, Map<String, String> flags) {}

    @Test
    void aLaptopClientProducesToAndConsumesFromEveryBrokerThroughTheNodePorts() throws Exception {
        // A loopback block of its own, so two runs at once on one machine do not collide on the rendered ports.
        int block = ThreadLocalRandom.current().nextInt(100, 250);
        String macLocalIp = "127." + block + ".9.9";
        FakeCluster.Rendered chart = new FakeCluster(dir.resolve("run")).renderAsRunSh(FakeCluster.seedEnv()
                .replaceFirst("(?m)^MAC_LOCAL_IP=.*$", "MAC_LOCAL_IP=" + macLocalIp));
        List<HasMetadata> objects = chart.objects();
        StatefulSet brokers = objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains("redpanda"))
                .findFirst().orElseThrow();
        int replicas = brokers.getSpec().getReplicas();
        assertThat(replicas).as("REDPANDA_REPLICAS of the seed's .env").isEqualTo(3);

        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(pod(brokers, chart.namespace(), i, "127." + block + ".0." + (i + 1)));
        }
        Path hosts = clusterDns(objects, brokers, chart.namespace(), pods);
        int replicationFactor = ((Number) YAML.unmarshal(Chart.one(objects, ConfigMap.class,
                brokers.getMetadata().getName()).getData().get("bootstrap.yaml"), Map.class)
                .get("default_topic_replications")).intValue();
        assertThat(replicationFactor).isEqualTo(3);

        List<AutoCloseable> running = new ArrayList<>();
        try {
            Map<Integer, NodePortForwarder.Endpoint> routes = new TreeMap<>();
            List<NodePortForwarder> forwarders = new ArrayList<>();
            for (Service service : objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .filter(s -> "NodePort".equals(s.getSpec().getType())).toList()) {
                for (ServicePort port : service.getSpec().getPorts()) {
                    List<NodePortForwarder.Endpoint> endpoints = endpoints(service, port, pods);
                    NodePortForwarder forwarder = new NodePortForwarder(macLocalIp, port.getNodePort(), endpoints);
                    running.add(forwarder);
                    forwarders.add(forwarder);
                    routes.put(port.getNodePort(), endpoints.get(0));
                }
            }
            assertThat(routes).as("NodePorts on MAC_LOCAL_IP").hasSize(replicas);

            List<Properties> configs = new ArrayList<>();
            for (Pod pod : pods) {
                configs.add(nodeConfig(pod, pods, replicationFactor, dir.resolve("data").resolve(pod.name())));
            }
            KafkaClusterProcess cluster = KafkaClusterProcess.start(dir.resolve("brokers"), configs,
                    Uuid.randomUuid().toString(), hosts);
            running.add(cluster);

            // The laptop knows one address: MAC_LOCAL_IP and broker 0's NodePort (the README's bootstrap).
            int bootstrapPort = routes.keySet().iterator().next();
            String bootstrap = macLocalIp + ":" + bootstrapPort;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"))) {
                List<Node> advertised = awaitBrokers(admin, replicas, cluster, forwarders);
                // Every broker is advertised at MAC_LOCAL_IP on a NodePort that routes to that very broker's pod.
                for (Node node : advertised) {
                    assertThat(node.host()).as("broker %d's advertised host", node.id()).isEqualTo(macLocalIp);
                    assertThat(routes).as("broker %d's advertised port is a NodePort", node.id()).containsKey(node.port());
                    assertThat(routes.get(node.port()).host()).as("the pod NodePort %d routes to", node.port())
                            .isEqualTo(pods.get(node.id()).ip());
                }

                // One partition led by each broker, each replicated to all three.
                Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
                for (int p = 0; p < replicas; p++) {
                    List<Integer> replicasOfP = new ArrayList<>();
                    for (int r = 0; r < replicationFactor; r++) {
                        replicasOfP.add((p + r) % replicas);
                    }
                    assignment.put(p, replicasOfP);
                }
                admin.createTopics(List.of(new NewTopic("laptop", assignment))).all().get(30, TimeUnit.SECONDS);
                Poll.untilTrue("each broker to lead its partition of topic laptop", Duration.ofSeconds(30), () -> {
                    try {
                        TopicDescription topic = admin.describeTopics(List.of("laptop")).allTopicNames().get(10, TimeUnit.SECONDS)
                                .get("laptop");
                        return topic.partitions().stream().allMatch(p -> p.leader() != null
                                && p.leader().id() == p.partition() && p.isr().size() == replicationFactor);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(admin.describeTopics(List.of("laptop")).allTopicNames().get().get("laptop").partitions())
                        .extracting(TopicPartitionInfo::leader).extracting(Node::id).containsExactlyInAnyOrder(0, 1, 2);
            }

            int perPartition = 20;
            Set<String> sent = new TreeSet<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                    ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer())) {
                for (int p = 0; p < replicas; p++) {
                    for (int n = 0; n < perPartition; n++) {
                        String value = "p" + p + "-" + n;
                        assertThat(producer.send(new ProducerRecord<>("laptop", p, value, value)).get(30, TimeUnit.SECONDS)
                                .partition()).isEqualTo(p);
                        sent.add(value);
                    }
                }
            }

            Map<Integer, Set<String>> received = new HashMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "laptop",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("laptop"));
                Poll.untilTrue("the laptop's consumer to read every record back", Duration.ofSeconds(30), () -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        received.computeIfAbsent(record.partition(), k -> new TreeSet<>()).add(record.value());
                    }
                    return received.values().stream().mapToInt(Set::size).sum() >= sent.size();
                });
                consumer.commitSync(Duration.ofSeconds(10));
            }
            for (int p = 0; p < replicas; p++) {
                int partition = p;
                assertThat(received.get(p)).as("records of partition %d (led by broker %d)", p, p)
                        .isEqualTo(sent.stream().filter(v -> v.startsWith("p" + partition + "-")).collect(Collectors.toSet()));
            }
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
        }
    }

    private static List<Node> awaitBrokers(Admin admin, int replicas, KafkaClusterProcess cluster,
            List<NodePortForwarder> forwarders) {
        try {
            return Poll.until("the brokers to answer through MAC_LOCAL_IP", Duration.ofSeconds(180), () -> {
                try {
                    List<Node> found = new ArrayList<>(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
                    return found.size() == replicas ? found : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError e) {
            String log = cluster.log();
            throw new AssertionError(e.getMessage() + "\n--- the NodePorts ---\n"
                    + forwarders.stream().map(NodePortForwarder::describe).collect(Collectors.joining("\n"))
                    + "\n--- the brokers' log (end) ---\n"
                    + log.substring(Math.max(0, log.length() - 8000)) + "\n--- the brokers' threads ---\n"
                    + startingThreads(keep(cluster.threadDump())), e);
        }
    }

    /** The whole dump also in target/, where a local run can read every thread. */
    private static String keep(String dump) {
        try {
            Files.writeString(Path.of("target", "external-listener-threads.txt"), dump);
        } catch (IOException e) {
            // the message still carries the threads that matter most
        }
        return dump;
    }

    /**
     * Of a thread dump, the threads that start the nodes, the main thread and any thread BLOCKED: where a node that
     * never answers is stuck (the whole dump of three nodes is too long for a failure message).
     */
    static String startingThreads(String dump) {
        List<String> kept = new ArrayList<>();
        String[] threads = dump.split("\n\s*\n");
        for (String thread : threads) {
            String header = thread.strip().lines().findFirst().orElse("");
            if (header.startsWith("\"start-node-") || header.startsWith("\"main\"")
                    || thread.contains("java.lang.Thread.State: BLOCKED")) {
                kept.add(thread.strip());
            }
        }
        return kept.isEmpty() ? dump : threads.length + " threads, of them:\n" + String.join("\n\n", kept);
    }

    /**
     * Pod {@code ordinal} of the StatefulSet: its labels as the controller sets them, and the flags its rendered command
     * passes to rpk, found by running that command with the pod's environment and an rpk that prints its arguments.
     */
    private Pod pod(StatefulSet set, String namespace, int ordinal, String ip) throws IOException, InterruptedException {
        String name = set.getMetadata().getName() + "-" + ordinal;
        Map<String, String> labels = new HashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", name);
        labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);

        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), expand(var.getValue(), env));
            } else {
                String field = var.getValueFrom().getFieldRef().getFieldPath();
                env.put(var.getName(), switch (field) {
                    case "metadata.name" -> name;
                    case "metadata.namespace" -> namespace;
                    case "status.podIP" -> ip;
                    default -> throw new AssertionError("the test does not know the downward API field " + field);
                });
            }
        }
        Path bin = Files.createDirectories(dir.resolve("rpk-" + ordinal));
        FakeCluster.write(bin.resolve("rpk"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        List<String> command = new ArrayList<>();
        for (String part : container.getCommand()) {
            command.add(expand(part, env));
        }
        for (String part : container.getArgs()) {
            command.add(expand(part, env));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("the rendered start command of %s:\n%s", name, output).isZero();
        List<String> args = output.lines().toList();
        assertThat(args.subList(0, 2)).as("%s runs", name).containsExactly("redpanda", "start");
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args.subList(2, args.size())) {
            int eq = arg.indexOf('=');
            flags.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return new Pod(ordinal, name, ip, labels, container, flags);
    }

    private static final Pattern KUBELET_VAR = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** The kubelet's expansion of command, args and env values: $(VAR) from the container's environment, $$ a $. */
    private static String expand(String text, Map<String, String> env) {
        if (text == null) {
            return "";
        }
        Matcher m = KUBELET_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group().equals("$$") ? "$" : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A hosts file as the cluster's DNS answers for the pods: {@code <pod>.<serviceName>.<namespace>.svc.cluster.local}
     * for the StatefulSet's serviceName, which must be a headless Service selecting the pods.
     */
    private Path clusterDns(List<HasMetadata> objects, StatefulSet set, String namespace, List<Pod> pods)
            throws IOException {
        Service headless = Chart.one(objects, Service.class, set.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).as("the StatefulSet's serviceName is headless").isEqualTo("None");
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n")
                .append("127.0.0.1 ").append(InetAddress.getLocalHost().getHostName()).append('\n');
        for (Pod pod : pods) {
            assertThat(pod.labels()).as("%s is selected by its headless Service", pod.name())
                    .containsAllEntriesOf(headless.getSpec().getSelector());
            hosts.append(pod.ip()).append(' ').append(pod.name()).append('.').append(headless.getMetadata().getName())
                    .append('.').append(namespace).append(".svc.cluster.local\n");
        }
        return Files.writeString(dir.resolve("hosts"), hosts.toString());
    }

    /** The pods a Service's selector matches, at its targetPort (a name is looked up in the pod's container ports). */
    private static List<NodePortForwarder.Endpoint> endpoints(Service service, ServicePort port, List<Pod> pods) {
        List<NodePortForwarder.Endpoint> endpoints = new ArrayList<>();
        for (Pod pod : pods) {
            if (!pod.labels().entrySet().containsAll(service.getSpec().getSelector().entrySet())) {
                continue;
            }
            int target;
            if (port.getTargetPort().getStrVal() != null) {
                target = pod.container().getPorts().stream().filter(p -> port.getTargetPort().getStrVal().equals(p.getName()))
                        .map(ContainerPort::getContainerPort).findFirst()
                        .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + ": targetPort "
                                + port.getTargetPort().getStrVal() + " is no port of " + pod.name()));
            } else {
                target = port.getTargetPort().getIntVal();
            }
            endpoints.add(new NodePortForwarder.Endpoint(pod.ip(), target));
        }
        return endpoints;
    }

    /**
     * The KRaft node standing in for one broker, configured from its rpk flags: Kafka listeners from --kafka-addr (each
     * on the pod's address), advertised ones from --advertise-kafka-addr, the controller on --rpc-addr with the --seeds
     * as its quorum, and the cluster defaults of the chart's bootstrap.yaml.
     */
    private static Properties nodeConfig(Pod pod, List<Pod> pods, int replicationFactor, Path data) {
        Map<String, String> flags = pod.flags();
        Map<String, String> listeners = listeners(flags.get("--kafka-addr"));
        Map<String, String> advertised = listeners(flags.get("--advertise-kafka-addr"));
        assertThat(advertised.keySet()).as("%s advertises each listener it binds", pod.name())
                .isEqualTo(listeners.keySet());
        String rpc = flags.get("--rpc-addr");
        List<String> seeds = List.of(flags.get("--seeds").split(","));
        assertThat(seeds).as("--seeds of %s: one per broker", pod.name()).hasSize(pods.size());

        Properties node = new Properties();
        node.put("node.id", Integer.toString(pod.ordinal()));
        node.put("log.dirs", data.toString());
        List<String> bind = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        listeners.forEach((name, address) -> {
            assertThat(address).as("%s binds listener %s on all its addresses", pod.name(), name).startsWith("0.0.0.0:");
            bind.add(name + "://" + pod.ip() + address.substring(address.indexOf(':')));
            protocols.add(name + ":PLAINTEXT");
        });
        assertThat(rpc).startsWith("0.0.0.0:");
        bind.add("CONTROLLER://" + pod.ip() + rpc.substring(rpc.indexOf(':')));
        protocols.add("CONTROLLER:PLAINTEXT");
        node.put("listeners", String.join(",", bind));
        node.put("advertised.listeners", advertised.entrySet().stream().map(e -> e.getKey() + "://" + e.getValue())
                .collect(Collectors.joining(",")));
        node.put("listener.security.protocol.map", String.join(",", protocols));
        node.put("inter.broker.listener.name", "INTERNAL");
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            voters.add(i + "@" + seeds.get(i));
        }
        node.put("controller.quorum.voters", String.join(",", voters));
        // bootstrap.yaml's default_topic_replications; an acks=all write waits for a majority, as on Redpanda.
        String majority = Integer.toString(replicationFactor / 2 + 1);
        node.put("default.replication.factor", Integer.toString(replicationFactor));
        node.put("min.insync.replicas", majority);
        node.put("offsets.topic.replication.factor", Integer.toString(replicationFactor));
        node.put("offsets.topic.num.partitions", "3");
        node.put("transaction.state.log.replication.factor", Integer.toString(replicationFactor));
        node.put("transaction.state.log.min.isr", majority);
        node.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicationFactor));
        node.put("share.coordinator.state.topic.min.isr", majority);
        return node;
    }

    /** "internal://host:port,external://host:port" as listener name (upper case, as Kafka names them) to host:port. */
    private static Map<String, String> listeners(String flag) {
        assertThat(flag).isNotNull();
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String listener : flag.split(",")) {
            int scheme = listener.indexOf("://");
            assertThat(scheme).as("a named listener: %s", listener).isPositive();
            listeners.put(listener.substring(0, scheme).toUpperCase(java.util.Locale.ROOT), listener.substring(scheme + 3));
        }
        return listeners;
    }
}
