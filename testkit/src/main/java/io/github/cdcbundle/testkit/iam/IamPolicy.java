package io.github.cdcbundle.testkit.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An identity-based IAM policy, evaluated the way AWS does for one principal: a request is allowed when some Allow
 * statement matches its action and resource and no Deny statement does (an explicit Deny wins). Only what our
 * policy files use is supported: Effect, Action and Resource with {@code *} and {@code ?} wildcards. Anything we do
 * not evaluate (Condition, NotAction, NotResource, Principal) is refused when parsing, because silently ignoring
 * a Condition would allow more than AWS does.
 */
public final class IamPolicy {
    /** The bucket name docs/iam-policy.json uses; {@link #forBucket} puts the test's bucket in its place. */
    public static final String PLACEHOLDER_BUCKET = "my-data-lake";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Action", "Resource");
    private static final Set<String> UNSUPPORTED = Set.of("Condition", "NotAction", "NotResource", "Principal",
            "NotPrincipal");

    /** How a request fares: allowed, denied by a Deny statement, or denied because nothing allows it. */
    public enum Decision { ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY }

    record Statement(String sid, boolean allow, List<String> actions, List<String> resources) {
        boolean matches(String action, String resource) {
            return actions.stream().anyMatch(a -> wildcard(a, true).matcher(action).matches())
                    && resources.stream().anyMatch(r -> wildcard(r, false).matcher(resource).matches());
        }
    }

    private final List<Statement> statements;

    private IamPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    public static IamPolicy read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read IAM policy " + file, e);
        }
    }

    public static IamPolicy parse(String json) {
        return parse(json, "IAM policy");
    }

    private static IamPolicy parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " must be a JSON object");
        }
        if (!"2012-10-17".equals(root.path("Version").asText())) {
            throw new IllegalArgumentException(source + ": Version must be \"2012-10-17\" (the only version with "
                    + "policy variables and the one AWS documents), got " + root.get("Version"));
        }
        JsonNode list = root.get("Statement");
        if (list == null) {
            throw new IllegalArgumentException(source + " has no Statement");
        }
        List<Statement> statements = new ArrayList<>();
        int index = 0;
        for (JsonNode node : list.isArray() ? list : JSON.createArrayNode().add(list)) {
            statements.add(statement(node, source + " Statement[" + index++ + "]"));
        }
        return new IamPolicy(statements);
    }

    private static Statement statement(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (UNSUPPORTED.contains(field)) {
                throw new IllegalArgumentException(where + " has " + field + ", which this test policy evaluator does "
                        + "not evaluate; remove it or extend IamPolicy");
            }
            if (!STATEMENT_FIELDS.contains(field)) {
                throw new IllegalArgumentException(where + " has an unknown field " + field);
            }
        }
        String effect = node.path("Effect").asText();
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new IllegalArgumentException(where + ": Effect must be Allow or Deny, got '" + effect + "'");
        }
        return new Statement(node.path("Sid").asText(null), effect.equals("Allow"), strings(node, "Action", where),
                strings(node, "Resource", where));
    }

    private static List<String> strings(JsonNode statement, String field, String where) {
        JsonNode value = statement.get(field);
        List<String> out = new ArrayList<>();
        if (value != null && value.isTextual()) {
            out.add(value.asText());
        } else if (value != null && value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException(where + ": every " + field + " must be a string");
                }
                out.add(item.asText());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + " needs a " + field + " (a string or a non-empty list)");
        }
        return out;
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one; actions compare case-insensitively. */
    static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL
                : Pattern.DOTALL);
    }

    public Decision decide(String action, String resource) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.matches(action, resource)) {
                if (!s.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }

    public boolean allows(String action, String resource) {
        return decide(action, resource) == Decision.ALLOWED;
    }

    /** The same policy with {@value #PLACEHOLDER_BUCKET} in every resource replaced by {@code bucket}. */
    public IamPolicy forBucket(String bucket) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : statements) {
            out.add(new Statement(s.sid(), s.allow(), s.actions(), s.resources().stream()
                    .map(r -> rebucket(r, bucket)).toList()));
        }
        return new IamPolicy(out);
    }

    /** The policy bound to each of the buckets (a test may create several): the union of their statements. */
    public IamPolicy forBuckets(Iterable<String> buckets) {
        List<Statement> out = new ArrayList<>();
        for (String bucket : buckets) {
            out.addAll(forBucket(bucket).statements);
        }
        return new IamPolicy(out);
    }

    /** Both policies' statements in one (as when a user attaches two policies, or merges the optional statements). */
    public IamPolicy and(IamPolicy other) {
        List<Statement> out = new ArrayList<>(statements);
        out.addAll(other.statements);
        return new IamPolicy(out);
    }

    private static String rebucket(String resource, String bucket) {
        String prefix = "arn:aws:s3:::" + PLACEHOLDER_BUCKET;
        if (resource.equals(prefix) || resource.startsWith(prefix + "/")) {
            return "arn:aws:s3:::" + bucket + resource.substring(prefix.length());
        }
        return resource;
    }

    /**
     * The same policy with {@code action} taken out of every Allow statement (statements left with no action are
     * dropped): for tests that show what fails without it. The action must be named exactly as in the file.
     */
    public IamPolicy without(String action) {
        List<Statement> out = new ArrayList<>();
        boolean found = false;
        for (Statement s : statements) {
            List<String> actions = s.allow() ? s.actions().stream()
                    .filter(a -> !a.toLowerCase(Locale.ROOT).equals(action.toLowerCase(Locale.ROOT))).toList()
                    : s.actions();
            found |= actions.size() != s.actions().size();
            if (!actions.isEmpty()) {
                out.add(new Statement(s.sid(), s.allow(), actions, s.resources()));
            }
        }
        if (!found) {
            throw new IllegalArgumentException("No Allow statement names " + action);
        }
        return new IamPolicy(out);
    }

    @Override
    public String toString() {
        return "IamPolicy" + statements;
    }
}
