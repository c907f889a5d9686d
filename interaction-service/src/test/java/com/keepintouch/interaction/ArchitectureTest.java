package com.keepintouch.interaction;

import com.keepintouch.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ArchitectureRules.checkService("interaction");
    }
}
