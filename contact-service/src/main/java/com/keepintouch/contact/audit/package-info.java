/** The audit of erasures and exports: who asked, when, and the outcome, on audit.v1 and in the log; never personal data. */
package com.keepintouch.contact.audit;
