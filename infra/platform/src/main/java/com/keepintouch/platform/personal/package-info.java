/**
 * Personal data in events: sealed per contact under a key held in one place, opened by consumers,
 * unreadable for good once the contact is erased (crypto-shredding). See docs/personal-data.md.
 */
package com.keepintouch.platform.personal;
