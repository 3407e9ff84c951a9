package org.rapport.testing;

/**
 * The JUnit category of tests that touch SQL: every test class with a {@link TestPersistence}
 * rule is marked {@code @Category(UsesDatabase.class)}, and the rule fails a test whose class is
 * not, so none is forgotten. The unit tests' pass on PostgreSQL runs only this category
 * ({@code -Dgroups=org.rapport.testing.UsesDatabase}): a test that touches no database would only
 * run a second time what the pass on Derby already showed.
 */
public interface UsesDatabase {
}
