package io.github.cdcbundle.testkit.iam;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The 403 S3 answers when IAM refuses a call, worded as current AWS S3 words it. */
final class AccessDenied {
    /** The principal the messages name; our tests run as one IAM user. */
    static final String PRINCIPAL = "arn:aws:iam::000000000000:user/cdc-sink";

    private AccessDenied() {
    }

    static String message(S3Action refused, IamPolicy.Decision decision) {
        return "User: " + PRINCIPAL + " is not authorized to perform: " + refused.action() + " on resource: \""
                + refused.resource() + "\" " + (decision == IamPolicy.Decision.EXPLICIT_DENY
                        ? "with an explicit deny in an identity-based policy"
                        : "because no identity-based policy allows the " + refused.action() + " action");
    }

    /** For a call we cannot map to an action: AWS has no such case, so say plainly what was refused. */
    static String unknownCall(String method, String target) {
        return "User: " + PRINCIPAL + " is not authorized to perform " + method + " " + target.split("\\?", 2)[0]
                + ": the test stack's IAM check does not know which action this call needs (see S3Action)";
    }

    /** A complete HTTP/1.1 response; HEAD answers carry no body, as S3's do not. */
    static byte[] response(String message, boolean head) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>"
                + escape(message) + "</Message><RequestId>" + id + "</RequestId><HostId>" + id
                + "</HostId></Error>").getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nx-amz-request-id: " + id + "\r\nConnection: close\r\n\r\n";
        byte[] h = headers.getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
