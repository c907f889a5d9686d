package com.keepintouch.contact;

import com.keepintouch.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void followsTheArchitectureRules() {
        ArchitectureRules.checkService("contact");
    }
}
