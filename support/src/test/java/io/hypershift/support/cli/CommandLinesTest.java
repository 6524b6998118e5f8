package io.hypershift.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.junit.jupiter.api.Test;

class CommandLinesTest {
    @Command(name = "tool")
    static final class Failing implements Callable<Integer> {
        final RuntimeException toThrow;

        Failing(RuntimeException toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() {
            throw toThrow;
        }
    }

    private record Run(int exit, String err) {}

    private static Run run(RuntimeException ex) {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.create(new Failing(ex));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(), err.toString());
    }

    @Test
    void whenTheServerNameDoesNotResolve_itShouldBeOneLineAndExit2() {
        Run r = run(new IllegalStateException("discovery of config.openshift.io/v1 failed: An error has occurred.",
                new RuntimeException("An error has occurred.", new UnresolvedAddressException())));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tool: error: cannot reach the server: discovery of config.openshift.io/v1 failed:"
                + " An error has occurred.: UnresolvedAddressException" + System.lineSeparator());
    }

    @Test
    void whenTheConnectionIsRefused_itShouldSayItWithNoStackTrace() {
        Run r = run(new RuntimeException("GET https://127.0.0.1:1/api failed", new ConnectException("Connection refused")));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the server: GET https://127.0.0.1:1/api failed: Connection refused")
                .doesNotContain("\tat ");
    }

    @Test
    void whenItIsABug_itShouldPrintTheTraceAndExit1() {
        Run r = run(new NullPointerException("boom"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("NullPointerException: boom").contains("\tat ");
    }

    @Test
    void whenAMessageHoldsControlCharacters_itShouldBeOneSafeLine() {
        Run r = run(new UserInputException("bad\u001b[31m value\nsecond line"));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tool: error: bad?[31m value second line" + System.lineSeparator());
    }

    @Test
    void whenAMessageQuotesAMegabyteOfInput_itShouldBeCutToABoundedLine() {
        Run r = run(new UserInputException("invalid source \"" + "a".repeat(1 << 20) + "\""));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).hasSizeLessThan(5000).contains("more characters)").doesNotContain("\n" + "a");
    }
}
