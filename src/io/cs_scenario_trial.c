/* cs_scenario_trial.c -- the scenario's `trial:` section: rows made on the
 * first mention of the trial and of each of its arms, values applied from
 * the file or --set, and the design resolved against the run and the
 * model's intervention catalogue (see cs_scenario_trial.h). */
#include "cs_scenario_trial.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_params_yaml.h"
#include "cs_status.h"

#define CS_TRIAL "trial"
#define CS_TRIAL_LEN 5
#define CS_TRIAL_ARMS CS_TRIAL ".arms"
#define CS_TRIAL_PATH_MAX 200

/* The trial's fields, in the order their rows are made (and written back). */
enum { T_DESCRIPTION, T_ELIGIBILITY, T_ENROL, T_RUN_IN, T_MIN_EVENTS, T_PARTICIPANTS, T_FOLLOW_UP, T_FINAL, T_FIELDS };
static const char *const cs_trial_fields[T_FIELDS + 1] = {
    "description",  "eligibility",      "enrol_night",         "run_in_nights", "min_events",
    "participants", "follow_up_nights", "final_window_nights", "arms"};
/* An arm's fields. */
enum { A_INTERVENTION, A_ALLOCATION, A_FIELDS };
static const char *const cs_trial_arm_fields[A_FIELDS] = {"intervention", "allocation"};

int cs_trial_is_path(const char *path)
{
    return strncmp(path, CS_TRIAL, CS_TRIAL_LEN) == 0 && (path[CS_TRIAL_LEN] == '\0' || path[CS_TRIAL_LEN] == '.');
}

static const cs_param *cs_trial_field_(const cs_params *p, int f)
{
    char path[CS_TRIAL_PATH_MAX];
    snprintf(path, sizeof path, CS_TRIAL ".%s", cs_trial_fields[f]);
    return cs_params_find((cs_params *)p, path);
}

static const cs_param *cs_trial_arm_field_(const cs_params *p, const char *arm, int f)
{
    char path[CS_TRIAL_PATH_MAX];
    snprintf(path, sizeof path, CS_TRIAL_ARMS ".%s.%s", arm, cs_trial_arm_fields[f]);
    return cs_params_find((cs_params *)p, path);
}

/* Is row the intervention row of a trial arm?  Sets the arm's name span. */
static int cs_trial_arm_row_(const cs_param *row, const char **name, size_t *len)
{
    static const char head[] = CS_TRIAL_ARMS ".", tail[] = ".intervention";
    const size_t n = strlen(row->path), h = sizeof head - 1, t = sizeof tail - 1;
    if (row->kind != CS_PARAM_SCENARIO || n <= h + t || strncmp(row->path, head, h) != 0 ||
        strcmp(row->path + n - t, tail) != 0)
        return 0;
    *name = row->path + h;
    *len = n - h - t;
    return 1;
}

/* Makes the trial's rows unless it has them; `decl` is its first mention. */
static int cs_trial_add_(cs_params *p, cs_param_origin decl)
{
    if (cs_trial_field_(p, T_ELIGIBILITY)) return CS_OK;
    const double max_night = cs_params_find(p, "horizon.nights")->hi;
    const cs_param rows[T_FIELDS] = {
        [T_DESCRIPTION] = {.type = CS_PARAM_STRING, .unit = "text", .string = "",
                           .help = "what the trial emulates (a study, a review)"},
        [T_ELIGIBILITY] = {.type = CS_PARAM_STRING, .unit = "rule", .string = "true",
                           .help = "who may be enrolled: a rule over the model's attributes (docs/rules.md)"},
        [T_ENROL] = {.type = CS_PARAM_INT, .lo = 1, .hi = max_night, .unit = "night",
                     .help = "participants are enrolled and allocated on the day before this night (after a burn-in)"},
        [T_RUN_IN] = {.type = CS_PARAM_INT, .lo = 1, .hi = 3650, .integer = 14, .unit = "nights",
                      .help = "baseline window: the nights just before enrolment"},
        [T_MIN_EVENTS] = {.type = CS_PARAM_INT, .lo = 0, .hi = 1e6, .integer = 1, .unit = "events",
                          .help = "events in the run-in needed to be eligible (the model's outcome events)"},
        [T_PARTICIPANTS] = {.type = CS_PARAM_INT, .lo = 1, .hi = 1e11, .unit = "persons",
                            .help = "at most this many eligible people are enrolled, chosen at random"},
        [T_FOLLOW_UP] = {.type = CS_PARAM_INT, .lo = 1, .hi = max_night, .unit = "nights",
                         .help = "nights each participant is followed from enrolment"},
        [T_FINAL] = {.type = CS_PARAM_INT, .lo = 1, .hi = max_night, .unit = "nights",
                     .help = "outcome window: the last nights of follow-up; default the whole follow-up"},
    };
    int rc = CS_OK;
    char path[CS_TRIAL_PATH_MAX];
    for (int k = 0; k < T_FIELDS; k++) {
        snprintf(path, sizeof path, CS_TRIAL ".%s", cs_trial_fields[k]);
        CS_TRY(cs_section_add_row(p, path, rows[k], decl));
    }
done:
    return rc;
}

/* Makes the rows of arm `arm` unless it has them. */
static int cs_trial_arm_add_(cs_params *p, const char *arm, cs_param_origin decl, const char *key, cs_msg *msg)
{
    if (cs_trial_arm_field_(p, arm, A_INTERVENTION)) return CS_OK;
    if (cs_section_count(p, cs_trial_arm_row_) >= CS_TRIAL_MAX_ARMS) {
        cs_msg_at(msg, decl.file, decl.line, decl.col, key, "too many arms: a trial compares at most %d",
                  CS_TRIAL_MAX_ARMS);
        return CS_ERR_CONFIG;
    }
    const cs_param rows[A_FIELDS] = {
        [A_INTERVENTION] = {.type = CS_PARAM_STRING, .unit = "name", .string = "",
                            .help = "what the arm receives: an intervention of the model's catalogue, placebo "
                                    "(the placebo effect only) or none (usual care)"},
        [A_ALLOCATION] = {.type = CS_PARAM_REAL, .lo = 0, .hi = 1e6, .real = 1, .unit = "weight",
                          .help = "allocation weight: the arm's share of participants is its weight over the sum"},
    };
    int rc = CS_OK;
    char path[CS_TRIAL_PATH_MAX];
    for (int k = 0; k < A_FIELDS; k++) {
        snprintf(path, sizeof path, CS_TRIAL_ARMS ".%s.%s", arm, cs_trial_arm_fields[k]);
        CS_TRY(cs_section_add_row(p, path, rows[k], decl));
    }
done:
    return rc;
}

/* Sets `row` (NULL: unknown under `base`) from value. */
static int cs_trial_set_(cs_params *p, const char *path, const char *base, const char *const *fields, size_t n,
                         const char *what, const cs_yaml_node *value, const char *file, int line, int col,
                         cs_msg *msg)
{
    cs_param *row = cs_params_find(p, path);
    if (!row) return cs_arms_unknown(path, base, fields, n, file, line, col, what, msg);
    return cs_params_set_node(p, row, value, file, path, msg);
}

int cs_trial_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                   cs_msg *msg)
{
    int rc = CS_OK;
    const cs_param_origin decl = {cs_params_intern(p, file), line, col};
    CS_TRY(cs_trial_add_(p, decl));
    if (path[CS_TRIAL_LEN] == '\0')
        return cs_section_apply_map(p, CS_TRIAL, value, file,
                                    "a mapping (eligibility:, enrol_night:, participants:, follow_up_nights:, "
                                    "arms:, ...)",
                                    cs_trial_apply, msg);
    const char *rest = path + CS_TRIAL_LEN + 1;
    if (strncmp(rest, "arms", 4) != 0 || (rest[4] != '\0' && rest[4] != '.'))
        return cs_trial_set_(p, path, CS_TRIAL, cs_trial_fields, T_FIELDS + 1,
                             "see docs/configuration.md for the trial's keys", value, file, line, col, msg);
    if (rest[4] == '\0')
        return cs_section_apply_map(p, CS_TRIAL_ARMS, value, file,
                                    "a mapping of arm names to arms, e.g. placebo: {intervention: placebo} and "
                                    "quinine: {intervention: quinine}",
                                    cs_trial_apply, msg);
    char arm[CS_ARM_NAME_MAX + 1], key[CS_TRIAL_PATH_MAX];
    const char *tail = NULL;
    CS_TRY(cs_arms_name(rest + 5, "a trial arm", path, file, line, col, arm, sizeof arm, &tail, msg));
    snprintf(key, sizeof key, CS_TRIAL_ARMS ".%s", arm);
    CS_TRY(cs_trial_arm_add_(p, arm, decl, key, msg));
    if (!tail)
        return cs_section_apply_map(p, key, value, file, "a mapping (intervention:, allocation:)", cs_trial_apply,
                                    msg);
    return cs_trial_set_(p, path, key, cs_trial_arm_fields, A_FIELDS, "a trial arm has intervention and allocation",
                         value, file, line, col, msg);
done:
    return rc;
}

/* ---- resolving -------------------------------------------------------- */

/* Where a row's value was set, else where the row was made. */
static cs_param_origin cs_trial_at_(const cs_param *row) { return row->origin.file ? row->origin : row->decl; }

/* A required field not given: reported at the trial's first mention. */
static int cs_trial_required_(const cs_param *row, const char *what, cs_msg *msg)
{
    if (row->origin.file) return CS_OK;
    cs_msg_at(msg, row->decl.file, row->decl.line, row->decl.col, row->path, "missing: %s", what);
    return CS_ERR_CONFIG;
}

/* Arm `name` of the trial, checked, into tr->arms[tr->n_arms] (and, for a
 * treatment, an item of tr->arm). */
static int cs_trial_arm_resolve_(cs_params *p, const char *name, cs_trial *tr, cs_msg *msg)
{
    cs_param *iv = (cs_param *)cs_trial_arm_field_(p, name, A_INTERVENTION);
    const cs_param *alloc = cs_trial_arm_field_(p, name, A_ALLOCATION);
    int rc = cs_trial_required_(iv, "what the arm receives, e.g. intervention: placebo (or none, or an "
                                    "intervention of the model's catalogue)", msg);
    if (rc) return rc;
    const char *arm = cs_params_intern(p, name);
    if (!arm) return CS_ERR_NOMEM;
    cs_trial_arm *a = &tr->arms[tr->n_arms];
    *a = (cs_trial_arm){.name = arm, .intervention = iv->string, .item = -1, .allocation = alloc->real};
    if (strcmp(iv->string, "placebo") == 0) a->kind = CS_TRIAL_PLACEBO;
    else if (strcmp(iv->string, "none") == 0) a->kind = CS_TRIAL_NONE;
    else {
        char key[CS_TRIAL_PATH_MAX];
        snprintf(key, sizeof key, CS_TRIAL_ARMS ".%s.intervention", name);
        rc = cs_arms_check_intervention(p, iv->string, iv->origin, key, "; or placebo, or none", msg);
        if (rc) return rc;
        a->kind = CS_TRIAL_TREATMENT;
        a->item = (int)tr->arm.n_items;
        tr->arm.items[tr->arm.n_items++] = (cs_arm_item){
            .intervention = iv->string, .target = "true", .target_at = iv->origin, .coverage = 1.0,
            .start_night = tr->enrol_night, .end_night = cs_trial_end(tr), .channel = CS_CHANNEL_TRIAL,
            .rescreen_nights = 1, .max_per_year = -1, .top_share = 1.0, .budget_per_year = -1.0,
            .priority = CS_PRIORITY_RANDOM};
    }
    if (!(a->allocation > 0)) {
        const cs_param_origin at = cs_trial_at_(alloc);
        cs_msg_at(msg, at.file, at.line, at.col, alloc->path, "expected a weight above 0, got %g", a->allocation);
        return CS_ERR_CONFIG;
    }
    tr->n_arms++;
    return CS_OK;
}

/* The nights of the design against each other and the run. */
static int cs_trial_check_nights_(cs_params *p, const cs_trial *tr, int32_t nights, cs_msg *msg)
{
    int rc = CS_OK;
    if (tr->run_in_nights > tr->enrol_night) {
        const cs_param *r = cs_trial_field_(p, T_RUN_IN);
        const cs_param_origin at = cs_trial_at_(r->origin.file ? r : cs_trial_field_(p, T_ENROL));
        cs_msg_at(msg, at.file, at.line, at.col, r->path,
                  "a run-in of %d nights does not fit in the %d nights before enrolment (enrol_night: %d); enrol "
                  "later or shorten the run-in",
                  (int)tr->run_in_nights, (int)tr->enrol_night, (int)tr->enrol_night);
        rc = CS_ERR_CONFIG;
    }
    if ((int64_t)tr->enrol_night + tr->follow_up_nights > nights) {
        const cs_param *f = cs_trial_field_(p, T_FOLLOW_UP);
        const cs_param_origin at = cs_trial_at_(f);
        cs_msg_at(msg, at.file, at.line, at.col, f->path,
                  "enrolment on night %d plus %d nights of follow-up ends at night %" PRId64
                  ", after the run's %d nights (horizon.nights); run at least %" PRId64
                  " nights, enrol earlier or shorten the follow-up",
                  (int)tr->enrol_night, (int)tr->follow_up_nights, (int64_t)tr->enrol_night + tr->follow_up_nights,
                  (int)nights, (int64_t)tr->enrol_night + tr->follow_up_nights);
        rc = CS_ERR_CONFIG;
    }
    if (tr->final_window_nights > tr->follow_up_nights) {
        const cs_param *w = cs_trial_field_(p, T_FINAL);
        const cs_param_origin at = cs_trial_at_(w);
        cs_msg_at(msg, at.file, at.line, at.col, w->path,
                  "a final window of %d nights is longer than the %d nights of follow-up", (int)tr->final_window_nights,
                  (int)tr->follow_up_nights);
        rc = CS_ERR_CONFIG;
    }
    return rc;
}

int cs_trial_resolve(cs_params *p, int32_t nights, int *has, cs_trial *out, cs_msg *msg)
{
    *has = 0;
    const cs_param *elig = cs_trial_field_(p, T_ELIGIBILITY);
    if (!elig) return CS_OK;
    *has = 1;
    const cs_param *r[T_FIELDS];
    for (int k = 0; k < T_FIELDS; k++) r[k] = cs_trial_field_(p, k);
    int rc = CS_OK, missing = 0;
    missing |= cs_trial_required_(r[T_ENROL], "the night participants are enrolled, after a burn-in that gives "
                                              "the population a history, e.g. enrol_night: 90", msg) != CS_OK;
    missing |= cs_trial_required_(r[T_PARTICIPANTS], "how many people to enrol, e.g. participants: 2000", msg) != CS_OK;
    missing |= cs_trial_required_(r[T_FOLLOW_UP], "how long participants are followed, e.g. follow_up_nights: 28",
                                  msg) != CS_OK;
    if (!r[T_FINAL]->origin.file) ((cs_param *)r[T_FINAL])->integer = r[T_FOLLOW_UP]->integer; /* default */
    *out = (cs_trial){.description = r[T_DESCRIPTION]->string,
                      .eligibility = elig->string,
                      .eligibility_at = cs_trial_at_(elig),
                      .enrol_night = (int32_t)r[T_ENROL]->integer,
                      .run_in_nights = (int32_t)r[T_RUN_IN]->integer,
                      .min_events = r[T_MIN_EVENTS]->integer,
                      .participants = r[T_PARTICIPANTS]->integer,
                      .follow_up_nights = (int32_t)r[T_FOLLOW_UP]->integer,
                      .final_window_nights = (int32_t)r[T_FINAL]->integer};
    out->arm = (cs_arm){.name = CS_TRIAL_ARM, .description = out->description};
    if (missing) return CS_ERR_CONFIG;
    rc = cs_trial_check_nights_(p, out, nights, msg);
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const char *name;
        size_t len;
        if (!cs_trial_arm_row_(cs_params_at(p, k), &name, &len)) continue;
        char arm[CS_ARM_NAME_MAX + 1];
        snprintf(arm, sizeof arm, "%.*s", (int)len, name);
        int a = cs_trial_arm_resolve_(p, arm, out, msg);
        if (a && (!rc || a == CS_ERR_NOMEM)) rc = a;
    }
    if (rc) return rc;
    if (out->n_arms < 2) {
        cs_msg_at(msg, elig->decl.file, elig->decl.line, elig->decl.col, CS_TRIAL_ARMS,
                  "a trial compares at least 2 arms, the first the control (e.g. placebo: {intervention: placebo} "
                  "and quinine: {intervention: quinine}); this one has %zu",
                  out->n_arms);
        return CS_ERR_CONFIG;
    }
    const int64_t least = (int64_t)out->n_arms;
    if (out->participants < least) {
        const cs_param_origin at = cs_trial_at_(r[T_PARTICIPANTS]);
        cs_msg_at(msg, at.file, at.line, at.col, r[T_PARTICIPANTS]->path,
                  "a trial of %zu arms needs at least %" PRId64 " participants (one per arm), got %" PRId64,
                  out->n_arms, least, out->participants);
        return CS_ERR_CONFIG;
    }
    return CS_OK;
}

/* ---- resolved scenario ------------------------------------------------ */

int cs_trial_resolved_yaml(const cs_params *p, const cs_trial *tr, int annotate, cs_arms_row_fn row_fn,
                           cs_strbuf *out)
{
    int rc = CS_OK;
    if (!cs_trial_field_(p, T_ELIGIBILITY)) return CS_OK;
    CS_TRY(cs_strbuf_append(out, CS_TRIAL ":\n"));
    for (int k = 0; k < T_FIELDS; k++) CS_TRY(row_fn(cs_trial_field_(p, k), "  ", cs_trial_fields[k], annotate, out));
    CS_TRY(cs_strbuf_append(out, "  arms:\n"));
    for (size_t a = 0; a < tr->n_arms; a++) {
        CS_TRY(cs_strbuf_appendf(out, "    %s:\n", tr->arms[a].name));
        for (int f = 0; f < A_FIELDS; f++)
            CS_TRY(row_fn(cs_trial_arm_field_(p, tr->arms[a].name, f), "      ", cs_trial_arm_fields[f], annotate, out));
    }
done:
    return rc;
}
