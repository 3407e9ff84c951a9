-- The queues whose cases' entries on the contacts' timelines were given the kept words once the queue
-- was restricted (queueAccess): the desk rewrites a queue's entries once, not at every start. A queue
-- no longer restricted loses its row, so that it is rewritten again should it be restricted again.
CREATE TABLE SERVICE_KEPT_QUEUE (QUEUE VARCHAR(40) NOT NULL, KEPT_AT TIMESTAMP NOT NULL, PRIMARY KEY (QUEUE));
