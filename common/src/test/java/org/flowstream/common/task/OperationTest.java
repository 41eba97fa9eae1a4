package org.flowstream.common.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.Test;

/** A call name resolves to exactly one of a command or a task; anything else is refused with a reason. */
class OperationTest {

    public static class Hello implements Command {
        @Override
        public ReturnValue run(Object param, CallContext context) {
            return ReturnValue.success("hello", null);
        }
    }

    public static class Later extends Task {
        @Override
        public ReturnValue runTask(Object param, TaskContext context) {
            return ReturnValue.success("later", null);
        }
    }

    public static class Both extends Later implements Command {
        @Override
        public ReturnValue run(Object param, CallContext context) {
            return ReturnValue.success("both", null);
        }
    }

    @Test
    void aCommandRunsOnTheSchedulerWrappedAndATaskAsItIs() throws Exception {
        Operation command = Operation.of("hello", new Hello());
        assertThat(command).isInstanceOf(Operation.OfCommand.class);
        assertThat(command.kind()).isEqualTo("command");
        Task wrapped = command.asTask();
        assertThat(wrapped.displayName()).isEqualTo("hello");
        assertThat(wrapped.runTask(null, null).message()).isEqualTo("hello");

        Later later = new Later();
        Operation task = Operation.of("later", later);
        assertThat(task.kind()).isEqualTo("task");
        assertThat(task.asTask()).isSameAs(later);
    }

    @Test
    void aClassThatIsBothOrNeitherIsRefusedInWords() {
        assertThat(Operation.problemWith(Hello.class)).isEmpty();
        assertThat(Operation.problemWith(Later.class)).isEmpty();
        assertThat(Operation.problemWith(Both.class))
                .hasValueSatisfying(problem -> assertThat(problem).contains("Both is both a command and a task"));
        assertThat(Operation.problemWith(String.class))
                .hasValueSatisfying(problem -> assertThat(problem).contains("String is neither a command nor a task"));
        assertThatThrownBy(() -> Operation.of("both", new Both())).hasMessageContaining("both a command and a task");
    }
}
