-- The index of pending deliveries by state and time served no query (the due deliveries are found through
-- EVENT_DELIVERY_ORDER), and cost a write with every delivery written and recorded as delivered.
DROP INDEX EVENT_DELIVERY_DUE;
