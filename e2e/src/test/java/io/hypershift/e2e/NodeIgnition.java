package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.testing.kube.NodeShell;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A node's {@code GET /ignition}, made from the node itself: {@code openssl s_client} to the ignition-server Service's
 * ClusterIP (kube-proxy's rules on the node take it to the Pod), verifying the serving certificate against the
 * operator's Secret and the Service's DNS name, with the bearer token. The request, token included, is a file only
 * root reads on the node, removed after the call; the token is never on a command line.
 */
final class NodeIgnition {
    /** The HTTP status and body; {@link #toString()} shows the head only, without control characters. */
    record Response(int status, byte[] body, String head) {
        @Override
        public String toString() {
            return "HTTP " + status + " " + head.replaceAll("\\p{Cntrl}", " ");
        }
    }

    private static final String CA = "/tmp/ignition-serving-cert.crt";
    private static final String REQUEST = "/tmp/ignition-request";
    private final NodeShell node;
    private final String serviceName;
    private final String address;

    NodeIgnition(NodeShell node, KubernetesClient client, String controlPlaneNamespace) {
        this.node = node;
        Service svc = client.services().inNamespace(controlPlaneNamespace).withName(ControlPlaneContract.IGNITION_SERVER).get();
        this.serviceName = ControlPlaneContract.IGNITION_SERVER + "." + controlPlaneNamespace + ".svc";
        this.address = svc.getSpec().getClusterIP() + ":" + ControlPlaneContract.IGNITION_SERVICE_PORT;
    }

    String serviceAddress() {
        return serviceName + " → " + address;
    }

    Response get(String token, String servingCertPem) {
        node.write(CA, servingCertPem.getBytes(StandardCharsets.UTF_8), 0644);
        String request = "GET /ignition HTTP/1.1\r\nHost: " + serviceName + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n";
        node.write(REQUEST, request.getBytes(StandardCharsets.UTF_8), 0600);
        try {
            NodeShell.Result r = node.exec(Duration.ofSeconds(60), List.of("sh", "-c", "openssl s_client -quiet"
                    + " -connect " + address + " -servername " + serviceName + " -verify_hostname " + serviceName
                    + " -CAfile " + CA + " -partial_chain -verify_return_error < " + REQUEST));
            return parse(r.out(), r.err());
        } finally {
            node.exec(Duration.ofSeconds(10), List.of("rm", "-f", REQUEST));
        }
    }

    static Response parse(String raw, String err) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || end < 0) {
            throw new AssertionError("no HTTP response from the ignition-server: " + raw.substring(0, Math.min(200, raw.length()))
                    + " / " + err.strip());
        }
        String head = raw.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String body = raw.substring(end + 4);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, body.getBytes(StandardCharsets.ISO_8859_1), head.lines().findFirst().orElse(""));
    }

    /** HTTP/1.1 chunked transfer coding (sizes in hex, each chunk followed by CRLF, a zero chunk last). */
    static String dechunk(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.writeBytes(body.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            i = eol + 2 + size + 2;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
