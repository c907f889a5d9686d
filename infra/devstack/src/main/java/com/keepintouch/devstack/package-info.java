/** The local stack: starts, watches and stops every process of the system on loopback, without Docker. */
package com.keepintouch.devstack;
