package com.keepintouch.platform.sample;

import com.keepintouch.platform.kafka.InboundEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Records what it consumed; fails on purpose for the subject {@code explode}. */
@Component
public class SampleEventHandler {

    private final List<InboundEvent> handled = new CopyOnWriteArrayList<>();

    @KafkaListener(topics = "platform-test.v1", groupId = "platform-test")
    void on(InboundEvent event) {
        if ("explode".equals(event.subject())) {
            throw new IllegalStateException("handler cannot process " + event.id());
        }
        handled.add(event);
    }

    public List<InboundEvent> handled() {
        return handled;
    }
}
