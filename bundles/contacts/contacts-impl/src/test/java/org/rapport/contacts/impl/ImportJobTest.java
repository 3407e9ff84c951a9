package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.jobs.Job;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A contact import as a job of the platform's runner, across two nodes sharing one Derby database. */
@Category(UsesDatabase.class)
public class ImportJobTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    /** Node A dies after the first page of 500 rows; node B takes the job over and goes on from its cursor. */
    @Test
    public void anImportWhoseNodeDiedIsTakenOverFromItsCursorByAnotherNode() throws IOException, SQLException {
        StringBuilder csv = new StringBuilder("email,first name,tags\n");
        for (int i = 1; i <= 1200; i++) {
            csv.append("person").append(i).append("@example.com,Person ").append(i).append(",bulk\n");
        }
        csv.append("not-an-address,Last,\n");
        ContactImports.Submitted handedIn = new ImportsOnRunner(db, "node-a", 1, new ContactPropertiesImpl(db.emf()))
                .imports.submit(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "people.csv",
                        ImportOptions.defaults(), "agnes", Duration.ZERO);
        long id = handedIn.job().id();
        assertEquals(1201, handedIn.job().total());
        assertEquals(handedIn.report().id(), handedIn.job().subject());
        // Node A died with its database connection: its job is left running, and nobody holds its lock.
        leave(db, id, "RUNNING");
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf());
        assertEquals(ImportPages.BATCH, contacts.count());

        ImportsOnRunner nodeB = new ImportsOnRunner(db, "node-b");
        nodeB.runner.takeOverOrphans();

        Job done = nodeB.runner.job(id).orElseThrow();
        assertEquals(Job.State.DONE, done.state());
        assertEquals("node-b", done.node());
        assertEquals("agnes", done.actor());
        assertEquals(1201, done.done());
        assertEquals(1200, done.changed());
        assertEquals(Map.of("created", 1200L, "updated", 0L, "unchanged", 0L, "refused", 1L), done.counts());
        assertEquals("row 1202", done.cursor());
        ImportReport report = nodeB.imports.report(handedIn.report().id()).orElseThrow();
        assertEquals(State.DONE, report.state());
        assertEquals("node B read the upload from the database and went on after row 501", 501, report.resumedAt());
        assertEquals(1201, report.rows());
        assertEquals(1200, report.created());
        assertEquals(List.of(new ImportReport.RowError(1202, "email", "the value is not an email address")),
                report.errors());
        assertEquals("nobody twice, nobody lost", 1200, contacts.count());
        assertEquals(report, nodeB.runner.kinds().get(0).report(done).orElseThrow());
        assertEquals("the upload went with the import's end", List.of(), ImportContent.stored(db.emf()));
    }

    /** Leaves job {@code id} as a node leaves it when it stops: {@code RUNNING} (it died) or {@code INTERRUPTED}. */
    static void leave(TestPersistence db, long id, String state) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("update JOB_RUN set STATE = ?, FINISHED_AT = null where ID = ?")) {
            s.setString(1, state);
            s.setLong(2, id);
            s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
