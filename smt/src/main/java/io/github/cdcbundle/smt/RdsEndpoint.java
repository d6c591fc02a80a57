package io.github.cdcbundle.smt;

import io.github.cdcbundle.common.ConfigParsers;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Amazon RDS host name says about where a database runs.
 *
 * <pre>
 *   mydb.abc123xyz.eu-west-1.rds.amazonaws.com                    instance   mydb
 *   orders.cluster-abc123xyz.eu-west-1.rds.amazonaws.com          cluster-writer  orders
 *   orders.cluster-ro-abc123xyz.eu-west-1.rds.amazonaws.com       cluster-reader  orders
 *   reports.cluster-custom-abc123xyz.eu-west-1.rds.amazonaws.com  cluster-custom  reports
 *   myproxy.proxy-abc123xyz.eu-west-1.rds.amazonaws.com           proxy      myproxy
 *   ro.endpoint.proxy-abc123xyz.eu-west-1.rds.amazonaws.com       proxy-endpoint  ro
 *   mydb.abc123xyz.rds.cn-north-1.amazonaws.com.cn                instance   mydb (China)
 * </pre>
 *
 * @param identifier the instance, cluster or proxy identifier (the first label)
 * @param region the AWS region
 * @param type the kind of endpoint
 */
public record RdsEndpoint(String identifier, String region, Type type) {
    /** The kind of endpoint the host name is. */
    public enum Type { INSTANCE, CLUSTER_WRITER, CLUSTER_READER, CLUSTER_CUSTOM, PROXY, PROXY_ENDPOINT }

    private static final String REGION = "([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d+)";
    private static final Pattern GLOBAL = Pattern.compile("^(.+)\\." + REGION + "\\.rds\\.amazonaws\\.com(?:\\.cn)?$");
    private static final Pattern CHINA = Pattern.compile("^(.+)\\.rds\\." + REGION + "\\.amazonaws\\.com\\.cn$");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]*");

    public RdsEndpoint {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(type, "type");
    }

    /** Parses a host (optionally with {@code :port}); empty when it is not an RDS endpoint. */
    public static Optional<RdsEndpoint> parse(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        Matcher m = CHINA.matcher(h);
        if (!m.matches()) {
            m = GLOBAL.matcher(h);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        String[] labels = m.group(1).split("\\.");
        String region = m.group(2);
        if (labels.length == 2) {
            String id = labels[0];
            String second = labels[1];
            Type type;
            if (second.startsWith("cluster-ro-")) {
                type = Type.CLUSTER_READER;
            } else if (second.startsWith("cluster-custom-")) {
                type = Type.CLUSTER_CUSTOM;
            } else if (second.startsWith("cluster-")) {
                type = Type.CLUSTER_WRITER;
            } else if (second.startsWith("proxy-")) {
                type = Type.PROXY;
            } else {
                type = Type.INSTANCE;
            }
            return LABEL.matcher(id).matches() ? Optional.of(new RdsEndpoint(id, region, type)) : Optional.empty();
        }
        if (labels.length == 3 && labels[1].equals("endpoint") && labels[2].startsWith("proxy-")
                && LABEL.matcher(labels[0]).matches()) {
            return Optional.of(new RdsEndpoint(labels[0], region, Type.PROXY_ENDPOINT));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return ConfigParsers.external(type) + " " + identifier + " in " + region;
    }
}
