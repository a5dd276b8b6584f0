"""Figures of effects against a reference: the trial's emulated against published effect, the forest plot of
policy effects, and the arms' time series with the effect per period (matplotlib Agg, via figures)."""
import math

import matplotlib
import numpy as np

import arm_effects as ae
from figures import SIZE, arm_colour, outside_legend, plt, save, season_axis

EMULATED, ADJUSTED, PUBLISHED = "#4c72b0", "#55a868", "black"
RATIO_TICKS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 5, 10)


def interval_point(ax, y, v, colour, marker, label):
    """A point estimate at y with its interval as a horizontal line (only the point when the interval is NaN)."""
    est, low, high = v
    if not math.isnan(low):
        ax.hlines(y, low, high, color=colour, lw=2)
    ax.plot([est], [y], marker=marker, color=colour, markeredgecolor="black", markersize=8, linestyle="none",
            label=label)


def ratio_axis(ax):
    """A log axis of ratios labelled with plain numbers (0.5, 0.8, 1, 1.25, ...), not powers of ten."""
    ax.set_xscale("log")
    lo, hi = ax.get_xlim()
    ticks = [v for v in RATIO_TICKS if lo <= v <= hi]
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def trial_effect(path, effects, control, outcome):
    """Per compared arm, the emulated ratio of means (and adjusted for baseline) beside the published ratio,
    each with its 95% interval, on a log axis; an arm without a published figure says so."""
    fig, ax = plt.subplots(figsize=(SIZE[0], max(2.5, 1.3 * len(effects) + 1.5)))
    labelled = set()

    def once(name):
        first = name not in labelled
        labelled.add(name)
        return name if first else None
    for k, e in enumerate(effects):
        y = -k
        interval_point(ax, y + 0.2, e["ratio"], EMULATED, "o", once("emulated: ratio of means, 95% CI"))
        interval_point(ax, y, e["adjusted"], ADJUSTED, "s", once("emulated: adjusted for baseline, 95% CI"))
        tg = e["published"].target if e["published"] else None
        if tg:
            interval_point(ax, y - 0.2, (tg.value, tg.low, tg.high), PUBLISHED, "D", once("published, 95% CI"))
            ax.annotate(f"{tg.source}: {tg.value:g} ({tg.low:g}-{tg.high:g})", (tg.high, y - 0.2), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=8)
        if e["note"]:
            ax.annotate(e["note"], (0.01, y - 0.42), xycoords=("axes fraction", "data"), fontsize=8,
                        color="#8a4b08")
    ax.axvline(1, color="grey", lw=0.8, linestyle="--")
    ratio_axis(ax)
    ax.set_yticks([-k for k in range(len(effects))], [f"{e['arm']}\n({e['intervention']})" for e in effects])
    ax.set_ylim(-len(effects) + 0.4, 0.6)
    ax.set_xlabel(f"ratio of mean {outcome} per week, arm over {control} (log scale; below 1: fewer)")
    ax.set_title(f"In-silico trial: emulated against published effect (control {control})")
    outside_legend(ax)
    return save(fig, path)


def forest(path, effects, reference, rule):
    """Forest plot: cramp nights averted per 1,000 person-years and the rate ratio against the reference,
    one row per stratum group and arm, with 95% intervals."""
    arms = list(dict.fromkeys(e.arm for e in effects))
    rows = [e for e in effects if e.measure == ae.AVERTED]
    ratios = [e for e in effects if e.measure == ae.RATE_RATIO]
    groups = list(dict.fromkeys(e.group for e in rows))
    height = max(3.0, 0.22 * len(rows) + 1.5)
    fig, (left, right) = plt.subplots(1, 2, figsize=(SIZE[0] + 2, height), sharey=True)
    step = 1.0 / (len(arms) + 1)
    y_of = {(e.arm, e.group): -groups.index(e.group) - arms.index(e.arm) * step for e in rows}
    for k, arm in enumerate(arms):
        for ax, mine in ((left, [e for e in rows if e.arm == arm]), (right, [e for e in ratios if e.arm == arm])):
            y = np.array([y_of[(e.arm, e.group)] for e in mine])
            est, low, high = (np.array([getattr(e, a) for e in mine], dtype=float) for a in ("estimate", "low", "high"))
            finite = ~np.isnan(low) & np.isfinite(low) & np.isfinite(high)
            ax.hlines(y[finite], low[finite], high[finite], color=arm_colour(k), lw=1.5)
            ax.plot(est, y, "o", color=arm_colour(k), markersize=4, label=arm if ax is right else None)
    left.axvline(0, color="grey", lw=0.8, linestyle="--")
    right.axvline(1, color="grey", lw=0.8, linestyle="--")
    left.set_yticks([-g - (len(arms) - 1) * step / 2 for g in range(len(groups))], groups)
    left.set_xlabel("cramp nights averted per 1,000 person-years")
    right.set_xlabel(f"cramp-night rate ratio, arm over {reference} (below 1: fewer)")
    left.set_title("difference of rates", fontsize=9)
    right.set_title("rate ratio", fontsize=9)
    fig.suptitle(f"Policy effects against {reference} by group\ndifference: {rule}; ratio: ratio of the mean "
                 "rates, Fieller's interval", fontsize=10)
    outside_legend(right)
    return save(fig, path)


def arm_series(path, s, start_day, rule, paired_rule):
    """Each arm's cramp nights per 1,000 person-nights per period (all ages) with its band, and below it the
    cramp nights averted against the reference, against day of year with the season marked."""
    x = start_day + s["first_night"] + (s["period_nights"] - 1) / 2
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(SIZE[0] + 2, SIZE[1] + 2.5), sharex=True)
    for k, arm in enumerate(s["arms"]):
        mean, low, high = s["rate"][arm]
        colour = "black" if arm == s["reference"] else arm_colour(k - 1)
        top.fill_between(x, low[:, 0], high[:, 0], color=colour, alpha=0.2, lw=0)
        top.plot(x, mean[:, 0], color=colour, lw=1.2, label=f"{arm}{' (reference)' if k == 0 else ''}")
        if arm in s["averted"]:
            mean, low, high = s["averted"][arm]
            bottom.fill_between(x, low[:, 0], high[:, 0], color=colour, alpha=0.2, lw=0)
            bottom.plot(x, mean[:, 0], color=colour, lw=1.2, label=arm)
    bottom.axhline(0, color="grey", lw=0.8)
    for ax in (top, bottom):
        season_axis(ax, x, s["period_nights"], start_day)
    top.set_xlabel("")
    top.set_ylim(bottom=0)
    top.set_ylabel("cramp nights per 1,000 person-nights")
    bottom.set_ylabel(f"averted against {s['reference']}\nper 1,000 person-nights")
    kind = {1: "daily", 7: "weekly"}.get(s["period_nights"], f"per {s['period_nights']} nights")
    top.set_title(f"Cramp nights per arm, all ages, {kind} periods; bands: {rule}", fontsize=9)
    bottom.set_title(f"Cramp nights averted against {s['reference']}; bands: {paired_rule}", fontsize=9)
    outside_legend(top)
    outside_legend(bottom)
    return save(fig, path)
