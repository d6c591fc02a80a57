package io.github.cdcbundle.s3sink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The parsers of the options that travel with every object (encryption, ACL, storage class, tags): one each, shared by
 * the options' validators and {@link S3SinkConfig}'s getters. An empty value means "not sent" (the bucket's defaults
 * apply).
 */
final class S3WriteOptions {
    static final String AES256 = "AES256";
    static final String AWS_KMS = "aws:kms";

    /** S3's limits: 10 tags an object, keys of 128 and values of 256 Unicode characters. */
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    /** The characters S3 (and AWS tagging in general) accepts in tag keys and values. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** The canned ACLs S3 has for objects, as the SDK knows them. */
    static final Set<String> CANNED_ACLS = ObjectCannedACL.knownValues().stream().map(ObjectCannedACL::toString)
        .collect(Collectors.toCollection(TreeSet::new));
    /** The storage classes S3 has, as the SDK knows them. */
    static final Set<String> STORAGE_CLASSES = StorageClass.knownValues().stream().map(StorageClass::toString)
        .collect(Collectors.toCollection(TreeSet::new));

    private S3WriteOptions() {
    }

    /** {@code AES256} (SSE-S3), {@code aws:kms} (SSE-KMS), or null for empty. */
    static String parseEncryption(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase(AES256)) {
            return AES256;
        }
        if (v.equalsIgnoreCase(AWS_KMS)) {
            return AWS_KMS;
        }
        throw new IllegalArgumentException("must be empty (the bucket's default encryption), " + AES256
            + " (SSE-S3) or " + AWS_KMS + " (SSE-KMS)");
    }

    /** A KMS key id, key ARN, alias name or alias ARN as S3 accepts it, or null for empty. */
    static String parseKmsKeyId(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("a KMS key id, key ARN or alias has no spaces or non-ASCII characters");
        }
        return v;
    }

    static String parseCannedAcl(String value) {
        return oneOf(value, CANNED_ACLS, Locale.ROOT, false);
    }

    static String parseStorageClass(String value) {
        return oneOf(value, STORAGE_CLASSES, Locale.ROOT, true);
    }

    private static String oneOf(String value, Set<String> known, Locale locale, boolean upper) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        String wanted = upper ? v.toUpperCase(locale) : v.toLowerCase(locale);
        if (!known.contains(wanted)) {
            throw new IllegalArgumentException("must be empty or one of " + String.join(", ", known));
        }
        return wanted;
    }

    /**
     * {@code key=value} entries (a value may be empty) into the x-amz-tagging header's form, in the order given so that
     * every replay sends the same header; null for none.
     */
    static String parseTags(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        if (entries.size() > MAX_TAGS) {
            throw new IllegalArgumentException("S3 allows at most " + MAX_TAGS + " tags per object, got "
                + entries.size());
        }
        Set<String> seen = new HashSet<>();
        StringBuilder header = new StringBuilder();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("each tag is key=value with a non-empty key, got '" + entry + "'");
            }
            String key = entry.substring(0, eq).trim();
            String val = entry.substring(eq + 1).trim();
            if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_TAG_KEY
                || val.codePointCount(0, val.length()) > MAX_TAG_VALUE) {
                throw new IllegalArgumentException("tag '" + key + "': keys are 1 to " + MAX_TAG_KEY
                    + " characters, values up to " + MAX_TAG_VALUE);
            }
            if (!TAG_TEXT.matcher(key).matches() || !TAG_TEXT.matcher(val).matches()) {
                throw new IllegalArgumentException("tag '" + key + "': keys and values may hold letters, digits, "
                    + "spaces and _ . : / = + - @ only (a ',' separates tags)");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new IllegalArgumentException("tag '" + key + "': the aws: prefix is reserved for AWS");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("tag '" + key + "' is given twice");
            }
            if (header.length() > 0) {
                header.append('&');
            }
            header.append(encode(key)).append('=').append(encode(val));
        }
        return header.toString();
    }

    /** RFC 3986 encoding (URLEncoder writes a space as '+', which S3 would read as a plus). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
