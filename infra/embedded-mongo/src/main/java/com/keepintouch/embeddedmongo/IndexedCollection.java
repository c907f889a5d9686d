package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A collection on the heap whose queries are planned over its indexes ({@link QueryPlanner}):
 * documents in a list addressed by position, freed positions reused, every change reported to the
 * backend's {@link Changes} (the journal) before the command that made it is answered.
 */
final class IndexedCollection extends AbstractSynchronizedMongoCollection<Integer> {

    private final List<Document> documents = new ArrayList<>();
    private final ArrayDeque<Integer> freePositions = new ArrayDeque<>();
    private final Changes changes;
    private final boolean reported;

    IndexedCollection(
            MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors, Changes changes) {
        super(database, name, options, cursors);
        this.changes = changes;
        this.reported = !name.startsWith("system."); // indexes and namespaces come back from their commands
    }

    // ------------------------------------------------------------------ queries

    @Override
    protected QueryResult queryDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        QueryPlanner.Plan plan = plan(query, orderBy);
        Stream<Document> candidates = stream(plan.positions()).map(this::getDocument);
        return matchDocumentsFromStream(
                candidates, query, plan.providesSort() ? null : orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private QueryPlanner.Plan plan(Document query, Document orderBy) {
        OrderedIndex idIndex = null;
        List<OrderedIndex> ordered = new ArrayList<>();
        for (Index<Integer> index : getIndexes()) {
            if (index instanceof OrderedIndex o) {
                ordered.add(o);
                if (isIdIndex(o)) {
                    idIndex = o;
                }
            }
        }
        return QueryPlanner.plan(
                query,
                orderBy,
                idIndex,
                ordered,
                () -> isNaturalDescending(orderBy) ? livePositionsDescending() : livePositions());
    }

    /** {@code explain} of a find: the plan chosen and what running it read, in MongoDB's shape. */
    synchronized Document explain(Document query, Document orderBy, int skip, int limit) {
        QueryPlanner.Plan plan = plan(query, orderBy);
        long[] docsExamined = {0};
        Stream<Document> candidates = stream(plan.positions()).map(position -> {
            docsExamined[0]++;
            return getDocument(position);
        });
        QueryResult result =
                matchDocumentsFromStream(candidates, query, plan.providesSort() ? null : orderBy, skip, limit, 0, null);
        int returned = 0;
        for (Document ignored : result) {
            returned++;
        }
        Document stage = plan.describe();
        Document winningPlan = stage;
        if (!"COLLSCAN".equals(stage.get("stage"))) {
            winningPlan = new Document("stage", "FETCH").append("inputStage", stage);
        }
        if (orderBy != null && !orderBy.isEmpty() && !plan.providesSort() && !orderBy.containsKey("$natural")) {
            winningPlan =
                    new Document("stage", "SORT").append("sortPattern", orderBy).append("inputStage", winningPlan);
        }
        if (limit > 0) {
            winningPlan =
                    new Document("stage", "LIMIT").append("limitAmount", limit).append("inputStage", winningPlan);
        }
        return new Document("queryPlanner", new Document("namespace", getFullName()).append("winningPlan", winningPlan))
                .append(
                        "executionStats",
                        new Document("nReturned", returned)
                                .append("totalKeysExamined", plan.keysExamined())
                                .append("totalDocsExamined", docsExamined[0]));
    }

    @Override
    public synchronized int count(Document query, int skip, int limit) {
        return super.count(query, skip, limit);
    }

    @Override
    protected QueryResult matchDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        Iterator<Integer> all = isNaturalDescending(orderBy) ? livePositionsDescending() : livePositions();
        Stream<Document> candidates = stream(all).map(this::getDocument);
        return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private static Stream<Integer> stream(Iterator<Integer> positions) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false);
    }

    private Iterator<Integer> livePositions() {
        return IntStream.range(0, documents.size())
                .filter(position -> documents.get(position) != null)
                .boxed()
                .iterator();
    }

    private Iterator<Integer> livePositionsDescending() {
        int size = documents.size();
        return IntStream.range(0, size)
                .map(i -> size - 1 - i)
                .filter(position -> documents.get(position) != null)
                .boxed()
                .iterator();
    }

    // ------------------------------------------------------------------ storage

    @Override
    protected Integer addDocumentInternal(Document document) {
        Integer position = freePositions.poll();
        if (position == null) {
            position = documents.size();
            documents.add(document);
        } else {
            documents.set(position, document);
        }
        if (reported) {
            changes.stored(getDatabaseName(), getCollectionName(), document);
        }
        return position;
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        if (reported) {
            changes.stored(getDatabaseName(), getCollectionName(), newDocument);
        }
    }

    /**
     * Removes a document from every index by its position, which the {@code _id} index knows:
     * an ordered index holds many equal keys and cannot tell from the document which one is its own.
     */
    @Override
    public synchronized void removeDocument(Document document) {
        Integer position = findDocumentPosition(document);
        if (position == null) {
            return;
        }
        for (Index<Integer> index : getIndexes()) {
            if (index instanceof OrderedIndex ordered) {
                ordered.remove(document, position);
            } else {
                index.remove(document);
            }
        }
        removeDocument(position);
    }

    @Override
    protected void removeDocument(Integer position) {
        Document removed = documents.set(position, null);
        freePositions.add(position);
        if (reported && removed != null) {
            changes.removed(getDatabaseName(), getCollectionName(), removed.get(getIdField()));
        }
    }

    private boolean isIdIndex(Index<Integer> index) {
        return index.isUnique()
                && index.getKeys().size() == 1
                && index.getKeys().get(0).getKey().equals(getIdField());
    }

    @Override
    protected Integer findDocumentPosition(Document document) {
        for (Index<Integer> index : getIndexes()) {
            if (isIdIndex(index) && document.containsKey(getIdField())) {
                Integer position = index.getPosition(document);
                if (position != null && documents.get(position) != null) {
                    return position;
                }
            }
        }
        for (int position = 0; position < documents.size(); position++) {
            if (documents.get(position) == document) {
                return position;
            }
        }
        for (int position = 0; position < documents.size(); position++) {
            if (document.equals(documents.get(position))) {
                return position;
            }
        }
        return null;
    }

    @Override
    protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
        return IntStream.range(0, documents.size())
                .filter(position -> documents.get(position) != null)
                .mapToObj(position -> new DocumentWithPosition<>(documents.get(position), position));
    }

    @Override
    protected Document getDocument(Integer position) {
        Document document = documents.get(position);
        if (document == null) {
            throw new NoSuchElementException("no document at position " + position + " of " + getFullName());
        }
        return document;
    }

    /** Data sizes are not tracked: a BSON encoding per write would cost more than the figure is worth. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {}

    @Override
    protected int getDataSize() {
        return 0;
    }

    @Override
    public synchronized int count() {
        return documents.size() - freePositions.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return count() == 0;
    }

    /** Replay: the document's latest state, in place of the one with its {@code _id}, if any. */
    synchronized void restore(Document document) {
        forget(document.get(getIdField()));
        insertDocuments(List.of(document), true);
    }

    /** Replay: removes the document with this {@code _id}, if any. */
    synchronized void forget(Object id) {
        deleteDocuments(new Document(getIdField(), id), 1, NoopOplog.get());
    }

    /** The live documents, for a snapshot of the journal. */
    synchronized List<Document> documents() {
        List<Document> live = new ArrayList<>(count());
        for (Document document : documents) {
            if (document != null) {
                live.add(document);
            }
        }
        return live;
    }
}
