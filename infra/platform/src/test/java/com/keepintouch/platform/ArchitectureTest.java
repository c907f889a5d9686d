package com.keepintouch.platform;

import com.keepintouch.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void platformKnowsNoService() {
        ArchitectureRules.infrastructureKnowsNoService().check(ArchitectureRules.classesOf("com.keepintouch.platform"));
    }
}
