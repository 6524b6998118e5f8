package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** fabric8 client configs and kubeconfig files for the test API servers, never read from ~/.kube or the env. */
final class ClientConfigs {
    private ClientConfigs() {}

    /** A config for {@code url} that trusts {@code caPem} and sends {@code token}; nothing auto-configured. */
    static Config tokenConfig(String url, byte[] caPem, String token) {
        return new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withCaCertData(Base64.getEncoder().encodeToString(caPem))
                .withOauthToken(token)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(5_000)
                .build();
    }

    /** A config for a plain-HTTP, unauthenticated {@code url} (the mock server). */
    static Config plainConfig(String url) {
        return new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(5_000)
                .build();
    }

    /**
     * A kubeconfig (YAML) for other processes and containers ({@code --network host}): server, CA and token. It
     * holds a credential: write it to a file only the owner reads, never to a log.
     */
    static String kubeconfig(String url, byte[] caPem, String token) {
        ConfigBuilder b = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .withCurrentContext("test")
                .addNewCluster().withName("test").withNewCluster()
                    .withServer(url)
                    .withCertificateAuthorityData(caPem == null ? null
                            : Base64.getEncoder().encodeToString(caPem))
                .endCluster().endCluster()
                .addNewContext().withName("test").withNewContext()
                    .withCluster("test").withUser("admin")
                .endContext().endContext();
        b = token == null ? b.addNewUser().withName("admin").withNewUser().endUser().endUser()
                : b.addNewUser().withName("admin").withNewUser().withToken(token).endUser().endUser();
        return Serialization.asYaml(b.build());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
