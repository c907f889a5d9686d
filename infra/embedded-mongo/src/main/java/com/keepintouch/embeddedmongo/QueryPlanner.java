package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Chooses how a query reads a collection, the way MongoDB's planner does for the queries this
 * project writes: a point lookup by {@code _id}; else the ordered index that binds the most leading
 * keys by equality (or {@code $in}), then a range on the next key, preferring one whose order gives
 * the requested sort (so a {@code limit} stops early); else a collection scan. Every candidate
 * document is still matched against the whole query, so a plan only decides what is read, never
 * what is returned.
 */
final class QueryPlanner {

    /** More {@code $in} combinations than this make the scan a worse plan than a wider range. */
    private static final int MAX_POINT_COMBINATIONS = 512;

    private QueryPlanner() {}

    /** What a query reads, and how many index entries and documents it read. */
    interface Plan {
        /** The positions to fetch, in the plan's order. */
        Iterator<Integer> positions();

        /** Whether the positions come in the order the query asked for (or it asked for none). */
        boolean providesSort();

        /** The plan as {@code explain} shows it. */
        Document describe();

        long keysExamined();
    }

    static Plan plan(
            Document query,
            Document orderBy,
            OrderedIndex idIndex,
            List<OrderedIndex> indexes,
            Supplier<Iterator<Integer>> all) {
        Predicates predicates = Predicates.of(query);
        if (idIndex != null && predicates.idLookup != null && !isNatural(orderBy)) {
            return new IdLookup(idIndex, predicates.idLookup);
        }
        if (!isNatural(orderBy)) {
            IndexScan best = null;
            for (OrderedIndex index : indexes) {
                IndexScan candidate = IndexScan.of(index, predicates, orderBy);
                if (candidate != null && (best == null || candidate.score() > best.score())) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return new CollectionScan(all.get());
    }

    private static boolean isNatural(Document orderBy) {
        return orderBy != null && orderBy.containsKey("$natural");
    }

    // ------------------------------------------------------------------ predicates of a query

    /** What a query says of each top-level field that an index can bind. */
    static final class Predicates {
        final Map<String, List<Object>> points = new LinkedHashMap<>(); // equality or $in, as sorted distinct values
        final Map<String, Object[]> ranges = new LinkedHashMap<>(); // {low or null, high or null}
        final Set<String> present = new HashSet<>(); // {$exists: true}
        Document idLookup; // {_id: value} or {_id: {$in: [...]}}, as the _id index takes it

        static Predicates of(Document query) {
            Predicates predicates = new Predicates();
            predicates.add(query);
            return predicates;
        }

        private void add(Document query) {
            for (Map.Entry<String, Object> entry : query.entrySet()) {
                String field = entry.getKey();
                Object value = entry.getValue();
                if (field.equals("$and") && value instanceof Collection<?> clauses) {
                    for (Object clause : clauses) {
                        if (clause instanceof Document document) {
                            add(document);
                        }
                    }
                } else if (!field.startsWith("$")) {
                    addField(field, value);
                }
            }
        }

        private void addField(String field, Object value) {
            if (value instanceof Document operators && isOperatorDocument(operators)) {
                for (Map.Entry<String, Object> operator : operators.entrySet()) {
                    Object operand = operator.getValue();
                    switch (operator.getKey()) {
                        case "$eq" -> addPoint(field, operand);
                        case "$in" -> addIn(field, operand);
                        case "$gt", "$gte" -> addRange(field, operand, true);
                        case "$lt", "$lte" -> addRange(field, operand, false);
                        case "$exists" -> {
                            if (Boolean.TRUE.equals(operand)) {
                                present.add(field);
                            }
                        }
                        default -> {
                            // $ne, $exists, $regex, $elemMatch, ...: no bound; the matcher applies them
                        }
                    }
                }
            } else {
                addPoint(field, value);
            }
        }

        private void addPoint(String field, Object value) {
            if (field.equals("_id")
                    && idLookup == null
                    && !(value instanceof Document d && isOperatorDocument(d))
                    && isExact(value)) {
                idLookup = new Document("_id", value);
            }
            if (isIndexable(value) && !points.containsKey(field)) {
                List<Object> single = new ArrayList<>(1);
                single.add(normalize(value));
                points.put(field, single);
            }
        }

        private void addIn(String field, Object operand) {
            if (!(operand instanceof Collection<?> values)) {
                return;
            }
            if (field.equals("_id") && idLookup == null && values.stream().allMatch(Predicates::isExact)) {
                idLookup = new Document("_id", new Document("$in", new ArrayList<>(values)));
            }
            if (values.isEmpty()
                    || points.containsKey(field)
                    || !values.stream().allMatch(Predicates::isIndexable)) {
                return;
            }
            Set<Object> distinct = new TreeSet<>(ValueComparator.asc());
            for (Object v : values) {
                distinct.add(normalize(v));
            }
            points.put(field, new ArrayList<>(distinct));
        }

        private void addRange(String field, Object operand, boolean low) {
            if (operand == null || !isIndexable(operand)) {
                return;
            }
            Object[] range = ranges.computeIfAbsent(field, f -> new Object[2]);
            int side = low ? 0 : 1;
            Object bound = normalize(operand);
            // several bounds on one side (a time window and a keyset cursor): the tightest one
            if (range[side] == null
                    || (low && ValueComparator.asc().compare(bound, range[0]) > 0)
                    || (!low && ValueComparator.asc().compare(bound, range[1]) < 0)) {
                range[side] = bound;
            }
        }

        boolean bindsNull(String field) {
            List<Object> values = points.get(field);
            return values != null && values.stream().anyMatch(v -> v == null);
        }

        private static boolean isOperatorDocument(Document document) {
            return !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
        }

        /** A value an index key compares equal to exactly when the matcher says it matches. */
        private static boolean isIndexable(Object value) {
            return !(value instanceof Document)
                    && !(value instanceof Collection)
                    && !(value instanceof BsonRegularExpression)
                    && !(value instanceof Pattern);
        }

        /** A value the _id hash index finds by equality (documents included, as _id may be one). */
        private static boolean isExact(Object value) {
            return !(value instanceof Collection)
                    && !(value instanceof BsonRegularExpression)
                    && !(value instanceof Pattern)
                    && value != null;
        }

        private static Object normalize(Object value) {
            return new KeyValue(Collections.singletonList(value)).normalized().get(0);
        }
    }

    // ------------------------------------------------------------------ plans

    private static final class IdLookup implements Plan {
        private final OrderedIndex idIndex;
        private final Document lookup;
        private long keys;

        IdLookup(OrderedIndex idIndex, Document lookup) {
            this.idIndex = idIndex;
            this.lookup = lookup;
        }

        @Override
        public Iterator<Integer> positions() {
            Object value = lookup.get("_id");
            List<Object> values = value instanceof Document in && in.get("$in") instanceof Collection<?> list
                    ? new ArrayList<>(list)
                    : List.of(value);
            Set<Integer> found = new LinkedHashSet<>();
            for (Object v : values) {
                found.addAll(idIndex.positionsOf(new KeyValue(Collections.singletonList(v)).normalized()));
            }
            keys = found.size();
            return found.iterator();
        }

        @Override
        public boolean providesSort() {
            return false;
        }

        @Override
        public long keysExamined() {
            return keys;
        }

        @Override
        public Document describe() {
            return new Document("stage", "IDHACK").append("indexName", idIndex.getName());
        }
    }

    private static final class CollectionScan implements Plan {
        private final Iterator<Integer> all;

        CollectionScan(Iterator<Integer> all) {
            this.all = all;
        }

        @Override
        public Iterator<Integer> positions() {
            return all;
        }

        @Override
        public boolean providesSort() {
            return false;
        }

        @Override
        public long keysExamined() {
            return 0;
        }

        @Override
        public Document describe() {
            return new Document("stage", "COLLSCAN");
        }
    }

    /** Scans one ordered index over one or more key ranges. */
    static final class IndexScan implements Plan {
        private final OrderedIndex index;
        private final List<KeyValue[]> bounds;
        private final boolean reverse;
        private final boolean providesSort;
        private final int boundKeys;
        private final boolean usesIn;
        private final boolean dedupe;
        private long keys;

        private IndexScan(
                OrderedIndex index,
                List<KeyValue[]> bounds,
                boolean reverse,
                boolean providesSort,
                int boundKeys,
                boolean usesIn) {
            this.index = index;
            this.bounds = bounds;
            this.reverse = reverse;
            this.providesSort = providesSort;
            this.boundKeys = boundKeys;
            this.usesIn = usesIn;
            this.dedupe = index.isMultikey() || usesIn;
        }

        /** The scan of {@code index} for these predicates and sort, or null if the index does not help. */
        static IndexScan of(OrderedIndex index, Predicates predicates, Document orderBy) {
            List<String> fields = index.fields();
            List<List<Object>> prefix = new ArrayList<>();
            Set<String> pointFields = new HashSet<>();
            long combinations = 1;
            boolean usesIn = false;
            int position = 0;
            for (; position < fields.size(); position++) {
                String field = fields.get(position);
                List<Object> values = predicates.points.get(field);
                if (values == null
                        || combinations * values.size() > MAX_POINT_COMBINATIONS
                        || (predicates.bindsNull(field) && (index.isMultikey(position) || index.sparse()))) {
                    break;
                }
                prefix.add(values);
                combinations *= values.size();
                if (values.size() == 1) {
                    pointFields.add(field);
                } else {
                    usesIn = true;
                }
            }
            Object[] range = null;
            if (position < fields.size() && !index.isMultikey(position)) {
                range = predicates.ranges.get(fields.get(position));
            }
            int boundKeys = prefix.size() + (range != null ? 1 : 0);

            Boolean reverse = sortDirection(index, fields, orderBy, predicates, pointFields);
            boolean sortRequested = orderBy != null && !orderBy.isEmpty();
            boolean providesSort = reverse != null && !(usesIn && sortRequested);
            // a whole sparse index holds exactly the documents that have one of its keys
            boolean sparseExists = boundKeys == 0 && index.sparse() && predicates.present.contains(fields.get(0));
            if (boundKeys == 0 && !sparseExists && !(providesSort && sortRequested)) {
                return null; // a whole-index scan helps only to give a sort
            }
            if (boundKeys == 0 && index.sparse() && !sparseExists) {
                return null; // a sparse index lacks the documents without its keys
            }
            if (sparseExists) {
                boundKeys = 1;
            }

            List<KeyValue[]> bounds = new ArrayList<>();
            for (List<Object> combination : cartesian(prefix)) {
                Object[] low = new Object[fields.size()];
                Object[] high = new Object[fields.size()];
                for (int i = 0; i < fields.size(); i++) {
                    boolean asc = index.ascending(i);
                    if (i < combination.size()) {
                        low[i] = combination.get(i);
                        high[i] = combination.get(i);
                    } else if (i == combination.size() && range != null) {
                        Object rangeLow = range[0] != null ? range[0] : MinKey.getInstance();
                        Object rangeHigh = range[1] != null ? range[1] : MaxKey.getInstance();
                        low[i] = asc ? rangeLow : rangeHigh;
                        high[i] = asc ? rangeHigh : rangeLow;
                    } else {
                        low[i] = asc ? MinKey.getInstance() : MaxKey.getInstance();
                        high[i] = asc ? MaxKey.getInstance() : MinKey.getInstance();
                    }
                }
                bounds.add(new KeyValue[] {new KeyValue(low), new KeyValue(high)});
            }
            boolean backwards = reverse != null && reverse;
            if (backwards) {
                Collections.reverse(bounds);
            }
            return new IndexScan(index, bounds, backwards, providesSort, boundKeys, usesIn);
        }

        /**
         * Whether this index gives {@code orderBy}: forward (false), backward (true) or not (null).
         * Sort keys bound to one value are constant and skipped, as are leading index keys bound so.
         */
        private static Boolean sortDirection(
                OrderedIndex index,
                List<String> fields,
                Document orderBy,
                Predicates predicates,
                Set<String> pointFields) {
            if (orderBy == null || orderBy.isEmpty()) {
                return Boolean.FALSE;
            }
            Boolean reverse = null;
            int next = 0;
            for (Map.Entry<String, Object> sortKey : orderBy.entrySet()) {
                String field = sortKey.getKey();
                List<Object> bound = predicates.points.get(field);
                if (bound != null && bound.size() == 1) {
                    continue; // a constant in every result
                }
                while (next < fields.size()
                        && !fields.get(next).equals(field)
                        && pointFields.contains(fields.get(next))) {
                    next++;
                }
                if (next == fields.size() || !fields.get(next).equals(field) || index.isMultikey(next)) {
                    return null;
                }
                boolean sortAscending = !(sortKey.getValue() instanceof Number n) || n.intValue() >= 0;
                boolean backwards = sortAscending != index.ascending(next);
                if (reverse != null && reverse != backwards) {
                    return null;
                }
                reverse = backwards;
                next++;
            }
            return reverse == null ? Boolean.FALSE : reverse;
        }

        private static List<List<Object>> cartesian(List<List<Object>> lists) {
            List<List<Object>> result = new ArrayList<>();
            result.add(List.of());
            for (List<Object> values : lists) {
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> partial : result) {
                    for (Object value : values) {
                        List<Object> extended = new ArrayList<>(partial);
                        extended.add(value);
                        next.add(extended);
                    }
                }
                result = next;
            }
            return result;
        }

        /** Higher is better: bound keys first, then a sort the scan gives, then fewer ranges. */
        int score() {
            return boundKeys * 100
                    + (providesSort ? 10 : 0)
                    - (usesIn ? 1 : 0)
                    - index.fields().size();
        }

        @Override
        public boolean providesSort() {
            return providesSort;
        }

        @Override
        public long keysExamined() {
            return keys;
        }

        @Override
        public Iterator<Integer> positions() {
            Iterator<KeyValue[]> ranges = bounds.iterator();
            Set<Integer> seen = dedupe ? new HashSet<>() : null;
            return new Iterator<>() {
                private Iterator<OrderedIndex.Entry> current = Collections.emptyIterator();
                private Integer next;

                @Override
                public boolean hasNext() {
                    while (next == null) {
                        while (!current.hasNext()) {
                            if (!ranges.hasNext()) {
                                return false;
                            }
                            KeyValue[] range = ranges.next();
                            current = index.scan(range[0], range[1], reverse);
                        }
                        int position = current.next().position();
                        keys++;
                        if (seen == null || seen.add(position)) {
                            next = position;
                        }
                    }
                    return true;
                }

                @Override
                public Integer next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Integer result = next;
                    next = null;
                    return result;
                }
            };
        }

        @Override
        public Document describe() {
            Document keyPattern = new Document();
            List<String> fields = index.fields();
            for (int i = 0; i < fields.size(); i++) {
                keyPattern.append(fields.get(i), index.ascending(i) ? 1 : -1);
            }
            return new Document("stage", "IXSCAN")
                    .append("indexName", index.getName())
                    .append("keyPattern", keyPattern)
                    .append("isMultiKey", index.isMultikey())
                    .append("isUnique", index.isUnique())
                    .append("direction", reverse ? "backward" : "forward")
                    .append("ranges", bounds.size());
        }
    }
}
