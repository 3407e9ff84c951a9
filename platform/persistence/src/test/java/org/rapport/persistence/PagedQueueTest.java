package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** Items done a page at a time, in order, none dropped when the queue is full, fails or closes. */
public class PagedQueueTest {

    @Test
    public void itemsAreDoneInPagesInTheOrderHandedIn() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        List<List<Integer>> pages = Collections.synchronizedList(new ArrayList<>());
        PagedQueue<Integer> queue = new PagedQueue<>("test-items", 100, 10, page -> {
            await(held);
            pages.add(List.copyOf(page));
        });
        for (int i = 0; i < 25; i++) {
            queue.offer(i);
        }
        held.countDown();
        queue.close();

        List<Integer> done = pages.stream().flatMap(List::stream).toList();
        assertEquals(25, done.size());
        List<Integer> sorted = new ArrayList<>(done);
        Collections.sort(sorted);
        assertEquals("in the order handed in", sorted, done);
        assertTrue("pages of at most 10, more than one item in some: " + pages,
                pages.stream().allMatch(p -> p.size() <= 10) && pages.stream().anyMatch(p -> p.size() > 1));
    }

    @Test
    public void aFullQueueIsDoneByTheCallerAndAClosedOneToo() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        List<String> doneBy = Collections.synchronizedList(new ArrayList<>());
        PagedQueue<Integer> queue = new PagedQueue<>("test-items", 1, 5, page -> {
            if (!Thread.currentThread().getName().equals("main")) {
                await(held);
            }
            page.forEach(i -> doneBy.add(Thread.currentThread().getName()));
        });
        for (int i = 0; i < 20; i++) {
            queue.offer(i);
        }
        assertTrue("the caller did what did not fit: " + doneBy, doneBy.contains("main"));
        held.countDown();
        queue.close();
        assertEquals(20, doneBy.size());
        queue.offer(20);
        assertEquals(21, doneBy.size());
        assertEquals("main", doneBy.get(20));
    }

    @Test
    public void aPageThatFailsDoesNotStopTheOthers() {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        PagedQueue<Integer> queue = new PagedQueue<>("test-items", 100, 1, page -> {
            if (page.contains(3)) {
                throw new IllegalStateException("item 3 cannot be done");
            }
            done.addAll(page);
        });
        for (int i = 0; i < 6; i++) {
            queue.offer(i);
        }
        queue.close();
        assertEquals(List.of(0, 1, 2, 4, 5), done);
    }

    @Test
    public void sizesBelowOneAreRefusedNamingTheQueue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PagedQueue<Integer>("test-items", 0, 1, page -> { }));
        assertTrue(e.getMessage(), e.getMessage().startsWith("test-items: capacity and page"));
        assertThrows(IllegalArgumentException.class, () -> new PagedQueue<Integer>("test-items", 1, 0, page -> { }));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
