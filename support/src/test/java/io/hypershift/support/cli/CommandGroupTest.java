package io.hypershift.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandGroupTest {
    @Command(name = "leaf")
    static final class Leaf implements Runnable {
        static boolean ran;

        @Override
        public void run() {
            ran = true;
        }
    }

    @Command(name = "tool", subcommands = Leaf.class)
    static final class Tool extends CommandGroup {}

    @Test
    void whenNoSubcommandIsGiven_itShouldBeAUsageErrorNamingWhatIsMissing() {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.create(new Tool());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute()).isEqualTo(CommandLines.BAD_INPUT);
        assertThat(err.toString()).contains("a subcommand is required").contains("Usage: tool");
    }

    @Test
    void whenASubcommandIsGiven_itShouldRunIt() {
        Leaf.ran = false;
        assertThat(CommandLines.create(new Tool()).execute("leaf")).isZero();
        assertThat(Leaf.ran).isTrue();
    }
}
