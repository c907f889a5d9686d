/** IMAP mailboxes an owner connects, read header by header into interactions, by one instance at a time. */
package com.keepintouch.interaction.capture.mailbox;
