"""Published targets the report draws beside the model, as numbers with their source IDs.

The result file carries each headline's target only as free text ("50% in
outpatients (Abdulla 1999); 37% (Naylor & Young 1994)"), which is for
reading, not parsing.  The numbers are therefore kept here, copied from
EVIDENCE.md (../shared/EVIDENCE.md, docs/calibration.md); the source IDs are
those of models/leg_cramps/model.yaml `sources` (docs/evidence.md).  A headline without an
entry here is still tabulated, with its text target only.
"""
from collections import namedtuple

Target = namedtuple("Target", "value low high source note")

# headline name (leading spaces stripped) -> target
HEADLINE = {
    "Cramps in the past year, age 65+": Target(50, 37, 50, "ABD1999; NY1994", "outpatients 50%, GP register 37%"),
    "women 65+": Target(56, None, None, "ABD1999", "outpatients"),
    "men 65+": Target(40, None, None, "ABD1999", "outpatients"),
    "Sufferers 65+ with more than 3 a week": Target(40, None, 40, "NY1994", "upper bound, small sample"),
    "Sufferers 65+ with cramps nightly": Target(6, None, None, "NY1994", ""),
    "Cramps in the past year, age 0-14": Target(7.3, None, None, "LEUNG1999", "ages 8-15"),
    "Cramps in pregnancy, trimester 1": Target(12, None, None, "DUAN2018", ""),
    "trimester 2": Target(28, None, None, "DUAN2018", ""),
    "trimester 3": Target(50, 50, 58, "DUAN2018; ABANDEH2024", "50-58% across three countries"),
    "Mean episode duration, age 25+": Target(9, 6.7, 11.2, "NY1994", "95% CI 6.7-11.2"),
    "Mean episode duration, age 0-14": Target(2, None, None, "LEUNG1999", "about 2 min"),
    "Cramps, summer over winter": Target(2, None, None, "GARRISON2015", "about 2"),
}

# past-year prevalence at 65+, by sex (key as in /strata/sex_labels, and "both")
PREVALENCE_65 = {"female": HEADLINE["women 65+"], "male": HEADLINE["men 65+"],
                 "both": Target(50, None, None, "ABD1999", "outpatients")}
PREVALENCE_CHILD = HEADLINE["Cramps in the past year, age 0-14"]
TRIMESTERS = [HEADLINE["Cramps in pregnancy, trimester 1"], HEADLINE["trimester 2"], HEADLINE["trimester 3"]]
DURATION_ADULT = HEADLINE["Mean episode duration, age 25+"]  # applies from age 25
DURATION_ADULT_FROM_AGE = 25
DURATION_CHILD = HEADLINE["Mean episode duration, age 0-14"]


# survey prevalence (any cramp in the recall window): (group, shortest and longest recall in nights, target);
# group is a condition's label or the 65+ age group
SURVEY = [("diabetes", 84, 98, Target(48, None, None, "HU2022", "type 2 diabetes, past 3 months")),
          ("65+", 350, 380, HEADLINE["Cramps in the past year, age 65+"])]


def for_survey(group, recall_nights):
    """The target of a survey's any-cramp prevalence in a group, or None."""
    return next((t for g, lo, hi, t in SURVEY if g == group and lo <= recall_nights <= hi), None)


def for_headline(name):
    """The target of a headline figure, or None."""
    return HEADLINE.get(name.strip())


# published effect of an intervention on cramp frequency, as a trial against a comparator would see it:
# intervention (as /trial/intervention names it) -> (target ratio with its 95% interval, comparator);
# only figures EVIDENCE.md gives with an interval ("Interventions")
TrialEffect = namedtuple("TrialEffect", "target comparator")
TRIAL_EFFECT = {
    "quinine": TrialEffect(Target(0.72, 0.60, 0.85, "COCHRANE_QUININE", "Cochrane CD005044, trials of 2-8 weeks"),
                           "placebo"),
    "magnesium": TrialEffect(Target(0.96, 0.82, 1.10, "COCHRANE_MG", "Cochrane CD009402, not pregnant"), "placebo"),
    "bedtime_stretching": TrialEffect(Target(0.8, 0.65, 1.0, "HALLEGRAEFF2012", "Hallegraeff 2012, 6 weeks"),
                                      "none"),
    "vitamin_k2": TrialEffect(Target(0.5, 0.26, 1.0, "TAN2024", "Tan 2024, one trial"), "placebo"),
}


def for_trial(intervention):
    """The published effect (TrialEffect) of a trial arm's intervention, or None when EVIDENCE.md gives none."""
    return TRIAL_EFFECT.get(intervention)
