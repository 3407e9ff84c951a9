package org.rapport.loyalty.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.loyalty.api.Reward;

@Entity
@Table(name = "LOYALTY_REWARD")
class RewardEntity {

    @Id
    @Column(name = "CODE", length = 40)
    private String code;

    @Column(name = "NAME", nullable = false, length = 200)
    private String name;

    @Column(name = "POINTS", nullable = false)
    private long points;

    /** Null for unlimited. */
    @Column(name = "STOCK")
    private Integer stock;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    protected RewardEntity() {
    }

    RewardEntity(String code) {
        this.code = code;
    }

    void set(Reward reward) {
        this.name = reward.name();
        this.points = reward.points();
        this.stock = reward.stock();
        this.active = reward.active();
    }

    String code() {
        return code;
    }

    long points() {
        return points;
    }

    /** Why it cannot be redeemed now, or null if it can. */
    String unavailable() {
        if (!active) {
            return "reward " + code + " is withdrawn";
        }
        if (stock != null && stock <= 0) {
            return "reward " + code + " is out of stock";
        }
        return null;
    }

    void takeOne() {
        if (stock != null) {
            stock--;
        }
    }

    void putBack() {
        if (stock != null) {
            stock++;
        }
    }

    Reward toReward() {
        return new Reward(code, name, points, stock, active);
    }
}
