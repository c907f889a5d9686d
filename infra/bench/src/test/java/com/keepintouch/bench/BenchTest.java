package com.keepintouch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void readsATopLevelStringOrNumberOfAnAnswer() {
        String contact = "{\"id\":\"c_66a1\",\"ownerId\":\"bench\",\"name\":\"Bench, \\\"quoted\\\"\",\"tags\":[]}";
        String batch = "{\"succeeded\":250,\"failed\":0,\"results\":[{\"index\":0,\"status\":201}]}";

        assertThat(Bench.field(contact, "id")).isEqualTo("c_66a1");
        assertThat(Bench.field(contact, "name")).isEqualTo("Bench, \"quoted\"");
        assertThat(Bench.field(batch, "succeeded")).isEqualTo("250");
    }

    @Test
    void answersAQuestionMarkForWhatIsNotThere() {
        String problem = "{\"type\":\"about:blank\",\"status\":400,\"detail\":\"bad\",\"errors\":{\"created\":1}}";

        assertThat(Bench.field(problem, "created")).isEqualTo("?");
        assertThat(Bench.field(problem, "errors")).isEqualTo("?");
        assertThat(Bench.field("<html>Bad Gateway</html>", "created")).isEqualTo("?");
        assertThat(Bench.field("", "created")).isEqualTo("?");
    }
}
