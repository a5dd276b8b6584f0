"""An in-silico trial's emulated effects beside the published effects they emulate.

The emulated effect of a compared arm is the ratio of mean events per week in the final window, arm
over control, pooled over replicates (/trial/pooled/ratio, 95% CI on the log scale), and the same
adjusted for baseline (adjusted_ratio).  The published effect is looked up by the arm's intervention
in evidence.TRIAL_EFFECT (EVIDENCE.md, with the model's source IDs): the result file names what each
arm received, and a scenario cannot claim a figure the evidence does not give.  An arm with no
published figure keeps its emulated effect and a note saying so; one whose control differs from the
published comparator (usual care where the trials used placebo) gets a note too.
"""
import math

import evidence


def pooled(tr, name, k):
    """(value, ci low, ci high) of a pooled statistic for arm k."""
    p = tr["pooled"]
    return tuple(float(p[key][k]) if key in p else math.nan for key in (name, f"{name}_ci_lo", f"{name}_ci_hi"))


def note(published, intervention, control_intervention):
    """Why the emulated and published effects may not be compared as they stand, or ''."""
    if published is None:
        return f"no published effect for {intervention} in EVIDENCE.md: emulated effect only"
    if published.comparator != control_intervention:
        return (f"published against {published.comparator}; this trial's control receives "
                f"{control_intervention}")
    return ""


def effects(tr):
    """Per compared arm (all but the control): dict of arm, intervention, ratio and adjusted (value, low,
    high), published (evidence.TrialEffect or None) and note."""
    control = tr["interventions"][0]
    out = []
    for k in range(1, len(tr["arms"])):
        published = evidence.for_trial(tr["interventions"][k])
        out.append({"arm": tr["arms"][k], "intervention": tr["interventions"][k], "ratio": pooled(tr, "ratio", k),
                    "adjusted": pooled(tr, "adjusted_ratio", k), "published": published,
                    "note": note(published, tr["interventions"][k], control)})
    return out
