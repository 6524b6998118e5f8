package io.hypershift.support.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class RegistryAccessOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "cmd")
    static final class Cmd {
        @Mixin
        RegistryAccessOptions registry;
    }

    static RegistryAccessOptions parse(String... args) {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs(args);
        return cmd.registry;
    }

    @Test
    void whenNoFlagIsGiven_itShouldVerifyTlsAgainstTheJvmsCasOnly() {
        RegistryClientOptions o = parse().clientOptions();
        assertThat(o.caBundle()).isNull();
        assertThat(o.insecureHosts()).isEmpty();
    }

    @Test
    void whenACaFileAndInsecureRegistriesAreGiven_itShouldTrustTheCaAndMarkOnlyThoseHosts() {
        Path ca = TestCertificates.selfSignedCa(dir, "ca");
        RegistryClientOptions o = parse("--registry-ca-file", ca.toString(), "--insecure-registry", "a.local:5000",
                "--insecure-registry", "b.local").clientOptions();
        assertThat(o.caBundle()).isEqualTo(ca);
        assertThat(o.insecureHosts()).containsExactlyInAnyOrder("a.local:5000", "b.local");
        assertThat(o.isInsecure("a.local")).as("the port is part of the host").isFalse();
    }

    @Test
    void whenNoDeadlineIsGiven_itShouldUse60SecondsARequestAnd120ALookup() {
        RegistryClientOptions o = parse().clientOptions();
        assertThat(o.deadlines().request()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.deadlines().lookup()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void whenDeadlinesAreGiven_theyShouldReachTheClientOptions() {
        RegistryAccessOptions flags = parse("--registry-request-timeout", "PT5S", "--registry-lookup-timeout", "PT1M");
        assertThat(flags.clientOptions().deadlines())
                .isEqualTo(new RegistryClientOptions.Deadlines(Duration.ofSeconds(5), Duration.ofMinutes(1)));
        assertThatThrownBy(() -> parse("--registry-lookup-timeout", "PT0S").clientOptions())
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--registry-lookup-timeout: ");
    }

    @Test
    void whenTheCaFileIsMissing_itShouldNameTheFlagAndTheFile() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> parse("--registry-ca-file", missing.toString()).clientOptions())
                .isInstanceOf(UserInputException.class).hasMessage("--registry-ca-file " + missing + ": no such file");
        assertThatThrownBy(() -> RegistryAccessOptions.clientOptions("--ca-file", missing, List.of()))
                .hasMessage("--ca-file " + missing + ": no such file");
    }

    @Test
    void whenTheCaFileHoldsNoCertificate_itShouldFailAtStartUpNamingTheFlag() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertThatThrownBy(() -> parse("--registry-ca-file", junk.toString()).clientOptions())
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--registry-ca-file " + junk + ": ");
    }

    @ParameterizedTest(name = "When an insecure registry is \"{0}\", it should be rejected as not a host[:port]")
    @ValueSource(strings = {"", " ", "https://a.local", "a.local/ns", "user@a.local"})
    void rejectsNonHosts(String host) {
        assertThatThrownBy(() -> RegistryAccessOptions.clientOptions("--ca-file", null, List.of(host)))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--insecure-registry: \"" + host + "\"");
    }
}
