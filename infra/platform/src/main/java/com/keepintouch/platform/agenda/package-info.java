/** Time-bucketed agendas: what must be looked at again, and when, without a secondary index. */
package com.keepintouch.platform.agenda;
