package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;

/** Receives every document a collection stores or removes, in order, before the command is answered. */
interface Changes {

    Changes NONE = new Changes() {
        @Override
        public void stored(String database, String collection, Document document) {}

        @Override
        public void removed(String database, String collection, Object id) {}
    };

    void stored(String database, String collection, Document document);

    void removed(String database, String collection, Object id);
}
