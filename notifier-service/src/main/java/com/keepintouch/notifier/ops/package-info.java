/** The operations dashboard: its static page and the summary it reads. */
package com.keepintouch.notifier.ops;
