-- Kafka out: how far the domain events have been published to a topic (the outbox row last acknowledged by the broker).
CREATE TABLE KAFKA_CURSOR (NAME VARCHAR(300) NOT NULL, POSITION BIGINT NOT NULL, MOVED_AT BIGINT NOT NULL,
    PRIMARY KEY (NAME));
