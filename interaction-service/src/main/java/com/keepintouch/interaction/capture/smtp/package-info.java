/** The capture address: a per-owner address to BCC, and the SMTP listener that turns the headers of mail sent to it into interactions. */
package com.keepintouch.interaction.capture.smtp;
