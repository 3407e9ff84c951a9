/**
 * Retention's implementation: touchpoints folded into profiles and monthly counts
 * ({@link org.rapport.retention.impl.Profiles}), customers' activity for the rules
 * ({@link org.rapport.retention.impl.CustomerActivities}), episodes, tasks, offers and messages applied
 * from the rules' decisions to the customers the consent gate lets retention profile
 * ({@link org.rapport.retention.impl.RetentionServiceImpl}), sweeps
 * (pages of the platform's job runner, {@link org.rapport.retention.impl.RetentionSweepPages}, seen
 * through {@link org.rapport.retention.impl.RetentionSweepImpl}; daily through Karaf's scheduler with
 * {@link org.rapport.retention.impl.DailySweep}) and the KPIs ({@link org.rapport.retention.impl.Kpis}).
 */
package org.rapport.retention.impl;
