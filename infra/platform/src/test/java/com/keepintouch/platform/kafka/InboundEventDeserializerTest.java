package com.keepintouch.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class InboundEventDeserializerTest {

    final InboundEventDeserializer deserializer = new InboundEventDeserializer();
    final byte[] event =
            EventSchemas.load().examples("contact.deleted").get(0).toString().getBytes(StandardCharsets.UTF_8);

    @Test
    void theRecordsTraceparentTravelsWithTheEventForWhatABatchDoesWithIt() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));

        InboundEvent read = deserializer.deserialize("contacts.v1", headers, event);

        assertThat(read.traceparent()).isEqualTo(traceparent);
        assertThat(read.type()).isEqualTo("contact.deleted");
    }

    @Test
    void aRecordWithoutOneIsReadAsBefore() {
        InboundEvent read = deserializer.deserialize("contacts.v1", new RecordHeaders(), event);

        assertThat(read.traceparent()).isNull();
        assertThat(read).isEqualTo(deserializer.deserialize("contacts.v1", event));
    }
}
