package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.rapport.persistence.Transactions;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.Stage;

/** What the pipeline adds up to: the filtered lists, the weighted forecast, win rate and cycle time. */
final class PipelineFigures {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final EntityManagerFactory emf;
    private final Stages stages;

    PipelineFigures(EntityManagerFactory emf, Stages stages) {
        this.emf = emf;
        this.stages = stages;
    }

    /** A query over {@code OpportunityEntity o} with the filters of {@code query}. */
    <T> TypedQuery<T> select(EntityManager em, OpportunityQuery query, String select, String order, Class<T> type) {
        StringBuilder where = new StringBuilder();
        if (query.stage() != null) {
            where.append(" and o.stage = :stage");
        }
        if (query.owner() != null) {
            where.append(" and o.owner = :owner");
        }
        if (query.closeMonth() != null) {
            where.append(" and o.expectedClose between :first and :last");
        }
        TypedQuery<T> q = em.createQuery(select + " from OpportunityEntity o"
                + (where.length() == 0 ? "" : " where" + where.substring(4)) + order, type);
        if (query.stage() != null) {
            q.setParameter("stage", query.stage());
        }
        if (query.owner() != null) {
            q.setParameter("owner", query.owner());
        }
        if (query.closeMonth() != null) {
            q.setParameter("first", query.closeMonth().atDay(1)).setParameter("last", query.closeMonth().atEndOfMonth());
        }
        return q;
    }

    /**
     * Open opportunities closing from {@code from} to {@code to}, by month, owner and currency: their
     * amounts, and each amount times its probability. Read as a projection of the few columns the
     * sums need, a row at a time.
     */
    List<ForecastLine> forecast(YearMonth from, YearMonth to, String owner) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        List<Object[]> rows = Transactions.read(emf, em -> {
            TypedQuery<Object[]> q = em.createQuery("select o.expectedClose, o.owner, o.currency, o.amount, o.probability "
                    + "from OpportunityEntity o where o.closedAt is null and o.expectedClose between :first and :last"
                    + (owner == null ? "" : " and o.owner = :owner"), Object[].class)
                    .setParameter("first", from.atDay(1)).setParameter("last", to.atEndOfMonth());
            return owner == null ? q.getResultList() : q.setParameter("owner", owner).getResultList();
        });
        Map<String, Sum> sums = new TreeMap<>();
        for (Object[] row : rows) {
            String month = YearMonth.from((LocalDate) row[0]).toString();
            String key = month + "\u0000" + row[1] + "\u0000" + row[2];
            sums.computeIfAbsent(key, k -> new Sum(month, (String) row[1], (String) row[2]))
                    .add((BigDecimal) row[3], ((Number) row[4]).intValue());
        }
        List<ForecastLine> lines = new ArrayList<>();
        sums.values().forEach(s -> lines.add(new ForecastLine(s.month, s.owner, s.currency, s.count,
                s.amount.setScale(2, RoundingMode.HALF_UP), s.weighted.divide(HUNDRED, 2, RoundingMode.HALF_UP))));
        return lines;
    }

    private static final class Sum {
        final String month;
        final String owner;
        final String currency;
        long count;
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;

        Sum(String month, String owner, String currency) {
            this.month = month;
            this.owner = owner;
            this.currency = currency;
        }

        void add(BigDecimal value, int probability) {
            count++;
            amount = amount.add(value);
            weighted = weighted.add(value.multiply(BigDecimal.valueOf(probability)));
        }
    }

    PipelineStatistics statistics() {
        return Transactions.read(emf, em -> {
            Map<String, Long> byStage = new LinkedHashMap<>();
            stages.all().forEach(s -> byStage.put(s.name(), 0L));
            for (Object[] row : em.createQuery("select o.stage, count(o) from OpportunityEntity o group by o.stage",
                    Object[].class).getResultList()) {
                byStage.merge((String) row[0], ((Number) row[1]).longValue(), Long::sum);
            }
            long won = outcome(byStage, Stage.WON);
            long lost = outcome(byStage, Stage.LOST);
            List<String> wonStages = stages.all().stream().filter(s -> s.outcome().equals(Stage.WON)).map(Stage::name)
                    .toList();
            double days = 0;
            List<Object[]> cycles = em.createQuery("select o.createdAt, o.closedAt from OpportunityEntity o where "
                    + "o.stage in :won and o.closedAt is not null", Object[].class).setParameter("won", wonStages)
                    .getResultList();
            for (Object[] cycle : cycles) {
                days += Duration.between((Instant) cycle[0], (Instant) cycle[1]).toMinutes() / 1440.0;
            }
            Map<String, Long> leads = new LinkedHashMap<>();
            for (LeadStatus status : LeadStatus.values()) {
                leads.put(status.label(), 0L);
            }
            for (Object[] row : em.createQuery("select l.status, count(l) from LeadEntity l group by l.status",
                    Object[].class).getResultList()) {
                leads.put(LeadStatus.valueOf((String) row[0]).label(), ((Number) row[1]).longValue());
            }
            long allLeads = leads.values().stream().mapToLong(Long::longValue).sum();
            return new PipelineStatistics(byStage, won, lost, won + lost == 0 ? null : percent(won, won + lost),
                    cycles.isEmpty() ? null : Math.round(days / cycles.size() * 10) / 10.0, leads,
                    allLeads == 0 ? null : percent(leads.get(LeadStatus.CONVERTED.label()), allLeads),
                    stageConversion(em));
        });
    }

    /**
     * From the stage history: how far each opportunity got (the furthest open stage it entered, or
     * past the last one when won; a lost one got as far as it was before), then for each open stage
     * the share of those that reached it which got further.
     */
    private Map<String, Double> stageConversion(EntityManager em) {
        List<Stage> all = stages.all();
        List<String> open = all.stream().filter(s -> !s.closes()).map(Stage::name).toList();
        Map<Long, Integer> furthest = new HashMap<>();
        for (Object[] row : em.createQuery("select c.opportunityId, c.toStage from StageChangeEntity c", Object[].class)
                .getResultList()) {
            String to = (String) row[1];
            int reached = open.indexOf(to);
            if (reached < 0 && stages.find(to).map(s -> s.outcome().equals(Stage.WON)).orElse(false)) {
                reached = open.size();
            }
            furthest.merge((Long) row[0], reached, Math::max);
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < open.size(); i++) {
            int stage = i;
            long reached = furthest.values().stream().filter(f -> f >= stage).count();
            long further = furthest.values().stream().filter(f -> f > stage).count();
            rates.put(open.get(i), reached == 0 ? null : percent(further, reached));
        }
        return rates;
    }

    private long outcome(Map<String, Long> byStage, String outcome) {
        return stages.all().stream().filter(s -> s.outcome().equals(outcome))
                .mapToLong(s -> byStage.getOrDefault(s.name(), 0L)).sum();
    }

    private static double percent(long part, long whole) {
        return Math.round(part * 1000.0 / whole) / 10.0;
    }
}
