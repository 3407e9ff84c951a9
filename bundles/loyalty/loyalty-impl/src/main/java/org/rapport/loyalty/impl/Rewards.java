package org.rapport.loyalty.impl;

import static org.rapport.loyalty.impl.Inputs.MAX_POINTS;
import static org.rapport.loyalty.impl.Inputs.required;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.Reward;
import org.rapport.persistence.Transactions;

/** The rewards catalogue, and redemptions of its rewards for points. */
final class Rewards {

    private final EntityManagerFactory emf;
    private final Holders holders;

    Rewards(EntityManagerFactory emf, Holders holders) {
        this.emf = emf;
        this.holders = holders;
    }

    List<Reward> all() {
        return Transactions.read(emf, em -> em.createQuery("select r from RewardEntity r order by r.code",
                RewardEntity.class).getResultList().stream().map(RewardEntity::toReward).toList());
    }

    Reward save(Reward reward) {
        if (reward == null) {
            throw new IllegalArgumentException("a reward is required");
        }
        String code = required("code", reward.code(), 40).toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9][A-Z0-9_-]*")) {
            throw new IllegalArgumentException("code '" + reward.code() + "' may hold only letters, digits, '-' and '_'");
        }
        String name = required("name", reward.name(), 200);
        if (reward.points() < 1 || reward.points() > MAX_POINTS) {
            throw new IllegalArgumentException("points: a reward costs from 1 to " + MAX_POINTS + " points, not "
                    + reward.points());
        }
        if (reward.stock() != null && reward.stock() < 0) {
            throw new IllegalArgumentException("stock: cannot be negative (" + reward.stock() + "); leave it out for unlimited");
        }
        Reward clean = new Reward(code, name, reward.points(), reward.stock(), reward.active());
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> {
            RewardEntity entity = em.find(RewardEntity.class, code, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) {
                entity = new RewardEntity(code);
                entity.set(clean);
                em.persist(entity);
            } else {
                entity.set(clean);
            }
            return entity.toReward();
        });
    }

    PointsEntry redeem(long contactId, String rewardCode, String requestId, String actor, Instant now) {
        String code = required("reward", rewardCode, 40).toUpperCase(Locale.ROOT);
        String source = "redemption:" + required("requestId", requestId, 100);
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> {
            Optional<EntryEntity> booked = Indexed.entryBySource(em, source);
            if (booked.isPresent()) {
                return replay(em, booked.get(), contactId, code, "requestId");
            }
            MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
            if (member == null) {
                holders.requireContact(contactId);
                throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "contactId", "contact " + contactId
                        + " is not a loyalty member and has no points");
            }
            RewardEntity reward = em.find(RewardEntity.class, code, LockModeType.PESSIMISTIC_WRITE);
            if (reward == null || reward.unavailable() != null) {
                throw new LoyaltyException(LoyaltyException.REWARD_UNAVAILABLE, "reward",
                        reward == null ? "there is no reward " + code : reward.unavailable());
            }
            if (member.balance() < reward.points()) {
                throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "reward", "reward " + code + " costs "
                        + reward.points() + " points; member " + contactId + " has " + member.balance());
            }
            EntryEntity entry = Postings.newEntry(em, new EntryEntity(contactId, EntryKind.REDEEM, source, now, now,
                    Inputs.actor(actor), null).forReward(code));
            Postings.debit(em, entry, member, reward.points(), Postings.REDEEMED);
            reward.takeOne();
            return Postings.view(em, entry);
        });
    }

    private static PointsEntry replay(EntityManager em, EntryEntity booked, long contactId, String reward, String field) {
        if (booked.contactId() != contactId || !reward.equals(booked.reward())) {
            throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, field, booked.source()
                    + " was booked before as entry " + booked.id() + " for contact " + booked.contactId()
                    + " and reward " + booked.reward());
        }
        return Postings.view(em, booked);
    }
}
