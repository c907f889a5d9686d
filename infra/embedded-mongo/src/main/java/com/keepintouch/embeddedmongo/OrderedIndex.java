package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A B-tree-like index as MongoDB keeps one: entries {@code (key values, position)} in the order of
 * the declared keys (ascending or descending each, BSON comparison order), so that equality on a
 * prefix of the keys, a range on the next one and a sort on the following ones read only the
 * entries they need. Unique or not, sparse or not; multikey (one entry per array element) like
 * MongoDB's, in which case the planner uses it for equality only.
 */
final class OrderedIndex extends Index<Integer> {

    /** One index entry; positions break ties so that equal keys of different documents coexist. */
    record Entry(KeyValue key, int position) {}

    private final boolean unique;
    private final Comparator<KeyValue> keyOrder;
    private final NavigableSet<Entry> entries;
    private final boolean[] ascending;
    private final List<String> fields;
    private final boolean[] multikeyFields;
    private volatile boolean multikey;

    OrderedIndex(String name, List<IndexKey> keys, boolean sparse, boolean unique) {
        super(name, keys, sparse);
        this.unique = unique;
        this.ascending = new boolean[keys.size()];
        this.multikeyFields = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        this.keyOrder = keyOrder(ascending);
        this.fields = List.copyOf(keys());
        this.entries = new TreeSet<>(Comparator.comparing(Entry::key, keyOrder).thenComparingInt(Entry::position));
    }

    private static Comparator<KeyValue> keyOrder(boolean[] ascending) {
        return (a, b) -> {
            int length = Math.min(a.size(), b.size());
            for (int i = 0; i < length; i++) {
                ValueComparator order = ascending[i] ? ValueComparator.asc() : ValueComparator.desc();
                int cmp = order.compare(a.get(i), b.get(i));
                if (cmp != 0) {
                    return cmp;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
    }

    boolean ascending(int keyIndex) {
        return ascending[keyIndex];
    }

    /** Whether some document had an array in one of the indexed fields (one entry per element). */
    boolean isMultikey() {
        return multikey;
    }

    /** Whether some document had an array in this key's field: no range or sort on it then. */
    boolean isMultikey(int keyIndex) {
        return multikeyFields[keyIndex];
    }

    @Override
    public boolean isUnique() {
        return unique;
    }

    boolean sparse() {
        return isSparse();
    }

    @Override
    public boolean hasSameOptions(Index<?> other) {
        return super.hasSameOptions(other) && other.isUnique() == unique;
    }

    // ------------------------------------------------------------------ reads for the planner

    /**
     * The entries from {@code low} to {@code high}, both inclusive, in index order or its reverse.
     * Bounds hold full keys: {@link de.bwaldvogel.mongo.bson.MinKey} and {@link de.bwaldvogel.mongo.bson.MaxKey}
     * stand for the open ends of the keys that are not bound.
     */
    Iterator<Entry> scan(KeyValue low, KeyValue high, boolean reverse) {
        if (keyOrder.compare(low, high) > 0) {
            return Collections.emptyIterator();
        }
        NavigableSet<Entry> range =
                entries.subSet(new Entry(low, Integer.MIN_VALUE), true, new Entry(high, Integer.MAX_VALUE), true);
        return reverse ? range.descendingIterator() : range.iterator();
    }

    // ------------------------------------------------------------------ maintenance

    private boolean excluded(Document document) {
        if (!isSparse()) {
            return false;
        }
        for (String key : keys()) {
            if (Missing.isNeitherNullNorMissing(Utils.getSubdocumentValueCollectionAware(document, key))) {
                return false;
            }
        }
        return true;
    }

    private Set<KeyValue> keysOf(Document document) {
        List<String> fields = keys();
        for (int i = 0; i < fields.size(); i++) {
            if (!multikeyFields[i]
                    && Utils.getSubdocumentValueCollectionAware(document, fields.get(i)) instanceof Collection) {
                multikeyFields[i] = true;
                multikey = true;
            }
        }
        return getKeyValues(document);
    }

    /** The position holding {@code key}, other than {@code except}, or -1. */
    private int holderOf(KeyValue key, int except) {
        for (Entry entry :
                entries.subSet(new Entry(key, Integer.MIN_VALUE), true, new Entry(key, Integer.MAX_VALUE), true)) {
            if (entry.position() != except) {
                return entry.position();
            }
        }
        return -1;
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Integer> collection) {
        if (unique && !excluded(document)) {
            for (KeyValue key : getKeyValues(document)) {
                if (holderOf(key, Integer.MIN_VALUE) >= 0) {
                    throw new DuplicateKeyError(this, collection, getKeys(), key);
                }
            }
        }
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        checkAdd(document, collection);
        if (!excluded(document)) {
            for (KeyValue key : keysOf(document)) {
                entries.add(new Entry(key, position));
            }
        }
    }

    @Override
    public synchronized void checkUpdate(
            Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
        if (!unique || excluded(newDocument) || nullAwareEqualsKeys(oldDocument, newDocument)) {
            return;
        }
        int oldPosition = positionOf(oldDocument);
        for (KeyValue key : getKeyValues(newDocument)) {
            if (holderOf(key, oldPosition) >= 0) {
                throw new DuplicateKeyError(this, collection, getKeys(), key);
            }
        }
    }

    private int positionOf(Document document) {
        for (KeyValue key : getKeyValues(document)) {
            int holder = holderOf(key, Integer.MIN_VALUE);
            if (holder >= 0) {
                return holder;
            }
        }
        return Integer.MIN_VALUE;
    }

    @Override
    public synchronized void updateInPlace(
            Document oldDocument, Document newDocument, Integer position, MongoCollection<Integer> collection) {
        if (nullAwareEqualsKeys(oldDocument, newDocument) && excluded(oldDocument) == excluded(newDocument)) {
            return;
        }
        remove(oldDocument, position);
        if (!excluded(newDocument)) {
            for (KeyValue key : keysOf(newDocument)) {
                entries.add(new Entry(key, position));
            }
        }
    }

    /** Removes the entries of {@code document}, stored at {@code position}. */
    synchronized void remove(Document document, int position) {
        if (!excluded(document)) {
            for (KeyValue key : getKeyValues(document)) {
                entries.remove(new Entry(key, position));
            }
        }
    }

    /**
     * Not used: entries are removed by position ({@link #remove(Document, int)}), which
     * {@link IndexedCollection} knows from the {@code _id} index; a document alone does not say which
     * of several equal entries is its own.
     */
    @Override
    public Integer remove(Document document) {
        throw new UnsupportedOperationException("an ordered index removes a document by its position");
    }

    /**
     * The position of {@code document} in a unique index (how an update finds the document it
     * changes); null in a non-unique one, where a document does not say which equal entry is its own.
     */
    @Override
    public synchronized Integer getPosition(Document document) {
        if (!unique || excluded(document)) {
            return null;
        }
        for (KeyValue key : getKeyValues(document)) {
            int holder = holderOf(key, Integer.MIN_VALUE);
            return holder >= 0 ? holder : null;
        }
        return null;
    }

    /** The positions holding exactly {@code key}. */
    synchronized List<Integer> positionsOf(KeyValue key) {
        List<Integer> positions = new ArrayList<>();
        for (Entry entry :
                entries.subSet(new Entry(key, Integer.MIN_VALUE), true, new Entry(key, Integer.MAX_VALUE), true)) {
            positions.add(entry.position());
        }
        return positions;
    }

    /** The generic query path of mongo-java-server never uses this index; {@link QueryPlanner} does. */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
        throw new UnsupportedOperationException("planned by QueryPlanner");
    }

    @Override
    public synchronized long getCount() {
        return entries.size();
    }

    @Override
    public synchronized long getDataSize() {
        return entries.size() * 64L; // a rough figure for collStats; the heap holds the real one
    }

    @Override
    public synchronized void drop() {
        entries.clear();
    }

    /** The indexed fields, in key order. */
    List<String> fields() {
        return fields;
    }
}
