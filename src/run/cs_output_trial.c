/* cs_output_trial.c -- an in-silico trial's results: its tallies taken
 * from the trial simulation, written under /trial (docs/output.md) and
 * printed as a trial would report them.  Statistics come from
 * cs_trial_stats, per replicate and pooled over replicates (the sums of
 * their tallies: one trial R times as large). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_output.h"
#include "cs_results.h"
#include "cs_status.h"

/* The statistics written per arm, as rows of one table. */
typedef enum { CS_U_WEEK, CS_U_DIFF, CS_U_PCT, CS_U_RATIO } cs_trial_unit;
static const struct {
    const char *name;
    cs_trial_unit unit;
    size_t offset;
    const char *help;
} cs_trial_stat_rows[] = {
#define CS_S(name, unit, field, help) {name, unit, offsetof(cs_trial_arm_stats, field), help}
    CS_S("baseline_mean", CS_U_WEEK, base_mean, "mean weekly rate in the run-in, randomised participants"),
    CS_S("baseline_sd", CS_U_WEEK, base_sd, "standard deviation of the weekly rate in the run-in"),
    CS_S("final_mean", CS_U_WEEK, end_mean, "mean weekly rate in the final window of follow-up, completers"),
    CS_S("final_sd", CS_U_WEEK, end_sd, "standard deviation of the weekly rate in the final window"),
    CS_S("change_mean", CS_U_WEEK, change_mean, "mean change of the weekly rate from baseline, completers"),
    CS_S("change_sd", CS_U_WEEK, change_sd, "standard deviation of the change from baseline"),
    CS_S("responders_25_pct", CS_U_PCT, responders25_pct, "completers whose weekly rate fell by at least 25%"),
    CS_S("responders_50_pct", CS_U_PCT, responders50_pct, "completers whose weekly rate fell by at least 50%"),
    CS_S("difference", CS_U_DIFF, diff, "final_mean minus the control arm's (NaN for the control)"),
    CS_S("difference_ci_lo", CS_U_DIFF, diff_lo, "lower 95% limit of the difference (normal approximation)"),
    CS_S("difference_ci_hi", CS_U_DIFF, diff_hi, "upper 95% limit of the difference"),
    CS_S("ratio", CS_U_RATIO, ratio, "final_mean over the control arm's: the ratio of means (NaN for the control)"),
    CS_S("ratio_ci_lo", CS_U_RATIO, ratio_lo, "lower 95% limit of the ratio (delta method on the log scale)"),
    CS_S("ratio_ci_hi", CS_U_RATIO, ratio_hi, "upper 95% limit of the ratio"),
    CS_S("adjusted_mean", CS_U_WEEK, adj_mean,
         "final_mean adjusted for baseline (ANCOVA, one slope within arms, at the completers' overall baseline)"),
    CS_S("adjusted_difference", CS_U_DIFF, adj_diff, "adjusted_mean minus the control arm's (NaN for the control)"),
    CS_S("adjusted_difference_ci_lo", CS_U_DIFF, adj_diff_lo, "lower 95% limit of the adjusted difference"),
    CS_S("adjusted_difference_ci_hi", CS_U_DIFF, adj_diff_hi, "upper 95% limit of the adjusted difference"),
    CS_S("adjusted_ratio", CS_U_RATIO, adj_ratio, "adjusted_mean over the control arm's (NaN for the control)"),
    CS_S("adjusted_ratio_ci_lo", CS_U_RATIO, adj_ratio_lo, "lower 95% limit of the adjusted ratio"),
    CS_S("adjusted_ratio_ci_hi", CS_U_RATIO, adj_ratio_hi, "upper 95% limit of the adjusted ratio"),
#undef CS_S
};
#define CS_TRIAL_STATS (sizeof cs_trial_stat_rows / sizeof cs_trial_stat_rows[0])

static double cs_stat_(const cs_trial_arm_stats *s, size_t k)
{
    return *(const double *)((const char *)s + cs_trial_stat_rows[k].offset);
}

int cs_trial_tallies(const cs_sim *sim, const cs_trial *tr, int64_t *out)
{
    const cs_results *r = cs_sim_results(sim);
    const cs_layout *L = r->layout;
    if (L->trial_id < 0) return CS_ERR_INTERNAL;
    const size_t W = cs_trial_tally_size(tr), K = L->n_strata;
    if (L->summary_width[L->trial_id] != W) return CS_ERR_INTERNAL;
    for (size_t rep = 0; rep < r->replicates; rep++) {
        const int64_t *block = cs_results_summary_block(r, rep) + L->summary_off[L->trial_id];
        int64_t *t = out + rep * W;
        memset(t, 0, W * sizeof *t);
        for (size_t s = 0; s < K; s++)
            for (size_t j = 0; j < W; j++) t[j] += block[s * W + j];
    }
    return CS_OK;
}

/* Tallies summed over replicates into pooled (cs_trial_tally_size). */
static void cs_trial_pool_(const cs_trial *tr, const int64_t *t, size_t R, int64_t *pooled)
{
    const size_t W = cs_trial_tally_size(tr);
    memset(pooled, 0, W * sizeof *pooled);
    for (size_t rep = 0; rep < R; rep++)
        for (size_t j = 0; j < W; j++) pooled[j] += t[rep * W + j];
}

static int cs_output_trial_meta_(cs_h5w *w, const cs_trial *tr, const char *outcome, size_t R)
{
    int rc = CS_OK;
    const char *names[CS_TRIAL_MAX_ARMS], *ivs[CS_TRIAL_MAX_ARMS];
    double alloc[CS_TRIAL_MAX_ARMS];
    for (size_t a = 0; a < tr->n_arms; a++) {
        names[a] = tr->arms[a].name;
        ivs[a] = tr->arms[a].intervention;
        alloc[a] = tr->arms[a].allocation;
    }
    const struct {
        const char *name;
        int64_t value;
    } ints[] = {{"enrol_night", tr->enrol_night},         {"run_in_nights", tr->run_in_nights},
                {"min_events", tr->min_events},           {"participants", tr->participants},
                {"follow_up_nights", tr->follow_up_nights}, {"final_window_nights", tr->final_window_nights},
                {"replicates", (int64_t)R}};
    CS_TRY(cs_h5w_group(w, "/trial"));
    CS_TRY(cs_h5w_attr_str(w, "/trial", "description", tr->description));
    CS_TRY(cs_h5w_attr_str(w, "/trial", "eligibility", tr->eligibility));
    CS_TRY(cs_h5w_attr_str(w, "/trial", "outcome", outcome));
    CS_TRY(cs_h5w_attr_str(w, "/trial", "control", tr->arms[0].name));
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) CS_TRY(cs_h5w_attr_i64(w, "/trial", ints[k].name, ints[k].value));
    uint64_t dims[1] = {tr->n_arms};
    CS_TRY(cs_h5w_write_strings(w, "/trial/arm", tr->n_arms, names, "trial arms; the first is the control"));
    CS_TRY(cs_h5w_write_strings(w, "/trial/intervention", tr->n_arms, ivs,
                                "what each arm receives: an intervention of the catalogue, placebo or none"));
    CS_TRY(cs_h5w_write_root(w, "/trial/allocation", CS_H5_F64, 1, dims, alloc, "weight",
                             "allocation weights: an arm's share of participants is its weight over the sum"));
done:
    return rc;
}

int cs_output_trial(cs_h5w *w, const cs_trial *tr, const char *outcome, const int64_t *t, size_t R)
{
    int rc = CS_OK;
    const size_t A = tr->n_arms, W = cs_trial_tally_size(tr);
    int64_t *buf = calloc(R * A + 1, sizeof *buf), *pooled = calloc(W, sizeof *pooled);
    double *v = calloc(R * A + 1, sizeof *v), *pv = calloc(A, sizeof *pv);
    cs_trial_arm_stats *st = calloc((R + 1) * A, sizeof *st);
    CS_ENSURE(buf && pooled && v && pv && st, CS_ERR_NOMEM);
    CS_TRY(cs_output_trial_meta_(w, tr, outcome, R));
    char path[160], unit[96], help[256];
    uint64_t dims[2] = {R, A};
    for (size_t rep = 0; t && rep < R; rep++) buf[rep] = t[rep * W + A * CS_TRIAL_FIELDS + CS_TRIAL_ELIGIBLE];
    CS_TRY(cs_h5w_write_root(w, "/trial/eligible", CS_H5_I64, 1, dims, buf, "persons",
                             "people eligible on the enrolment night (rule true, enough events in the run-in)"));
    for (size_t f = 0; f < CS_TRIAL_FIELDS; f++) {
        for (size_t rep = 0; t && rep < R; rep++)
            for (size_t a = 0; a < A; a++) buf[rep * A + a] = t[rep * W + a * CS_TRIAL_FIELDS + f];
        snprintf(path, sizeof path, "/trial/tallies/%s", cs_trial_field_names[f]);
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_I64, 2, dims, buf, cs_trial_field_units[f], cs_trial_field_help[f]));
    }
    if (t) {
        for (size_t rep = 0; rep < R; rep++) cs_trial_stats(tr, t + rep * W, st + rep * A);
        cs_trial_pool_(tr, t, R, pooled);
        cs_trial_stats(tr, pooled, st + R * A);
    }
    for (size_t k = 0; k < CS_TRIAL_STATS; k++) {
        const cs_trial_unit u = cs_trial_stat_rows[k].unit;
        if (u == CS_U_WEEK || u == CS_U_DIFF) snprintf(unit, sizeof unit, "%s per week", outcome);
        else snprintf(unit, sizeof unit, "%s", u == CS_U_PCT ? "%" : "ratio");
        for (size_t j = 0; t && j < R * A; j++) v[j] = cs_stat_(&st[j], k);
        for (size_t a = 0; t && a < A; a++) pv[a] = cs_stat_(&st[R * A + a], k);
        snprintf(path, sizeof path, "/trial/results/%s", cs_trial_stat_rows[k].name);
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_F64, 2, dims, v, unit, cs_trial_stat_rows[k].help));
        snprintf(path, sizeof path, "/trial/pooled/%s", cs_trial_stat_rows[k].name);
        snprintf(help, sizeof help, "%s; pooled over replicates (their tallies summed)", cs_trial_stat_rows[k].help);
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_F64, 1, dims + 1, pv, unit, help));
    }
done:
    free(buf);
    free(pooled);
    free(v);
    free(pv);
    free(st);
    return rc;
}

void cs_trial_print(FILE *out, const cs_trial *tr, const char *outcome, const int64_t *t, size_t R)
{
    const size_t A = tr->n_arms;
    int64_t pooled[CS_TRIAL_MAX_ARMS * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS];
    cs_trial_arm_stats st[CS_TRIAL_MAX_ARMS];
    cs_trial_pool_(tr, t, R, pooled);
    cs_trial_stats(tr, pooled, st);
    int64_t randomised = 0;
    for (size_t a = 0; a < A; a++) randomised += st[a].randomised;
    fprintf(out, "\n  in-silico trial%s%s", tr->description[0] ? ": " : "", tr->description);
    if (R > 1) fprintf(out, " (%zu replicates pooled)", R);
    fprintf(out, "\n    eligible on night %d: %lld (%s; at least %lld %s in the %d nights before); randomised %lld of "
                 "%lld wanted; followed %d nights, the outcome over the last %d\n",
            (int)tr->enrol_night, (long long)pooled[A * CS_TRIAL_FIELDS + CS_TRIAL_ELIGIBLE], tr->eligibility,
            (long long)tr->min_events, outcome, (int)tr->run_in_nights, (long long)randomised,
            (long long)(tr->participants * (int64_t)R), (int)tr->follow_up_nights, (int)tr->final_window_nights);
    char head[64];
    snprintf(head, sizeof head, "%s per week", outcome);
    fprintf(out, "    %-18s %7s %5s %14s %14s %7s %6s %6s\n", head, "n", "lost", "baseline (sd)", "final (sd)", "change",
            ">=25%", ">=50%");
    for (size_t a = 0; a < A; a++) {
        const cs_trial_arm_stats *s = &st[a];
        char b[32], e[32];
        snprintf(b, sizeof b, "%.2f (%.2f)", s->base_mean, s->base_sd);
        snprintf(e, sizeof e, "%.2f (%.2f)", s->end_mean, s->end_sd);
        fprintf(out, "    %-18s %7lld %5lld %14s %14s %7.2f %5.1f%% %5.1f%%\n", tr->arms[a].name, (long long)s->randomised,
                (long long)s->lost, b, e, s->change_mean, s->responders25_pct, s->responders50_pct);
    }
    for (size_t a = 1; a < A; a++) {
        const cs_trial_arm_stats *s = &st[a];
        fprintf(out, "    %s vs %s: difference %.2f (95%% CI %.2f to %.2f) per week; ratio of means %.3f (%.3f to %.3f); "
                     "adjusted for baseline %.3f (%.3f to %.3f)\n",
                tr->arms[a].name, tr->arms[0].name, s->diff, s->diff_lo, s->diff_hi, s->ratio, s->ratio_lo, s->ratio_hi,
                s->adj_ratio, s->adj_ratio_lo, s->adj_ratio_hi);
    }
}
