package com.keepintouch.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    final Caller alice = new Caller("alice", Set.of(Scope.RECRUITER));
    final Caller ops = new Caller("olga", Set.of(Scope.OPS));
    final Caller admin = new Caller("root", Set.of(Scope.ADMIN));

    @Test
    void aRecruiterReadsAndActsOnlyForThemselvesWhateverTheyAskFor() {
        assertThat(alice.readableOwners("bob")).contains("alice");
        assertThat(alice.actingOwner("bob")).isEqualTo("alice");
        assertThat(alice.mayAccess("alice")).isTrue();
        assertThat(alice.mayAccess("bob")).isFalse();
    }

    @Test
    void opsReadEveryOwnerButActOnNobodyElses() {
        assertThat(ops.readableOwners(null)).isEmpty();
        assertThat(ops.readableOwners("bob")).contains("bob");
        assertThat(ops.mayAccess("bob")).isFalse();
        assertThat(ops.actingOwner("bob")).isEqualTo("olga");
    }

    @Test
    void adminActsForTheOwnerItNames() {
        assertThat(admin.actingOwner("bob")).isEqualTo("bob");
        assertThat(admin.actingOwner(" ")).isEqualTo("root");
        assertThat(admin.mayAccess("bob")).isTrue();
        assertThat(admin.readableOwners("")).isEmpty();
    }
}
