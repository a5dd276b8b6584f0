"""The report's figures: PNG files drawn with matplotlib's Agg backend (no display needed).

One function per figure.  Each takes numbers already reduced by outcomes.py
or, for the comparison of arms (averted, ce_plane, acceptability), by arms.py
(means and intervals over replicates) and the targets of evidence.py, and
writes one PNG of about 960 x 540 px at 120 dpi: labelled axes with units,
a legend, published targets as black-edged diamonds.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.ticker  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import evidence  # noqa: E402
import outcomes as oc  # noqa: E402

DPI = 120
SIZE = (8, 4.5)
SEX_COLOURS = {"female": "#c44e52", "male": "#4c72b0", "both": "#808080"}
MONTHS = [(1, "Jan"), (32, "Feb"), (60, "Mar"), (91, "Apr"), (121, "May"), (152, "Jun"),
          (182, "Jul"), (213, "Aug"), (244, "Sep"), (274, "Oct"), (305, "Nov"), (335, "Dec")]
SUMMER, WINTER = (172, 263), (355, 80 + 365)  # the headline's summer/winter windows (days of year)
plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "axes.spines.top": False,
                     "axes.spines.right": False})


def save(fig, path):
    """Writes fig to path at DPI and closes it."""
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def errors(mean, low, high):
    """yerr for errorbar/bar: distances from the mean, 0 where unknown."""
    return np.nan_to_num(np.vstack([mean - low, high - mean]).clip(min=0))


def bars(ax, x, mean, low, high, width, **kw):
    """Bars with error bars; a NaN (no data) is drawn as 'n/a' at the base instead of a bar."""
    mean, low, high = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (mean, low, high))
    ax.bar(x, np.nan_to_num(mean), width, yerr=errors(mean, low, high), capsize=2, error_kw={"lw": 1}, **kw)
    for xi in np.atleast_1d(x)[np.isnan(mean)]:
        ax.annotate("n/a", (xi, 0), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)


def by_band_sex(groups, est):
    """Band labels, sex labels and mean/low/high arrays [band][sex] of the age band x sex groups."""
    bands = list(dict.fromkeys(k[0] for k in groups.keys if k[0] not in (oc.ALL_AGES, oc.OLD_LABEL)))
    sexes = list(dict.fromkeys(k[1] for k in groups.keys if k[1] != oc.BOTH))
    index = {k: g for g, k in enumerate(groups.keys)}
    pick = [[index[(b, s)] for s in sexes] for b in bands]
    return bands, sexes, [np.asarray(a)[pick] for a in est]


def outside_legend(ax):
    """The legend to the right of the axes, where it hides no data."""
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def target_marker(ax, x, target, label, colour="white"):
    """A published target drawn as a diamond at (x, value)."""
    ax.plot([x], [target.value], marker="D", markersize=8, color=colour, markeredgecolor="black",
            linestyle="none", label=label, zorder=5)


def grouped_bars(ax, bands, sexes, mean, low, high, width=0.38):
    """Bars per band and sex with error bars; returns the band x positions."""
    x = np.arange(len(bands), dtype=float)
    for s, sex in enumerate(sexes):
        off = (s - (len(sexes) - 1) / 2) * width
        bars(ax, x + off, mean[:, s], low[:, s], high[:, s], width, color=SEX_COLOURS.get(sex),
             label=f"model, {sex}")
    ax.set_xticks(x, bands)
    return x


def prevalence(path, groups, values, cols, rule):
    """Past-year prevalence by age band and sex, plus the pooled 65+ groups beside their targets."""
    est = oc.interval(values["prevalence_pct"])
    bands, sexes, (mean, low, high) = by_band_sex(groups, est)
    fig, ax = plt.subplots(figsize=SIZE)
    x = grouped_bars(ax, bands, sexes, mean, low, high)
    index = {k: g for g, k in enumerate(groups.keys)}
    old = [s for s in sexes + [oc.BOTH] if (oc.OLD_LABEL, s) in index]
    x_old = len(bands) + 0.5 + (np.arange(len(old)) - (len(old) - 1) / 2) * 0.38
    for xo, sex in zip(x_old, old):
        m, lo, hi = (float(a[index[(oc.OLD_LABEL, sex)]]) for a in est)
        bars(ax, xo, m, lo, hi, 0.38, color=SEX_COLOURS.get(sex),
             label="model, both sexes" if sex == oc.BOTH else None)
        tg = evidence.PREVALENCE_65.get(sex)
        if tg:
            first = xo == x_old[0]
            target_marker(ax, xo, tg, f"published, 65+ by sex ({tg.source}, {tg.note})" if first else None)
    if bands and oc.lower_age(bands[0]) == 0:
        tg = evidence.PREVALENCE_CHILD
        target_marker(ax, x[0], tg, f"published, {tg.note} ({tg.source})", colour="#dddddd")
    ticks = list(x) + ([x_old.mean()] if old else [])
    ax.set_xticks(ticks, bands + ([f"{oc.OLD_LABEL}\npooled"] if old else []))
    ax.set_xlabel("age band (years)")
    label = next(c.label for c in cols if c.key == "prevalence_pct")
    ax.set_ylabel(f"{label} (% of agents)")
    ax.set_title(f"{label[0].upper() + label[1:]} by age band and sex\nerror bars: {rule}")
    ax.legend(fontsize=8, loc="upper left")
    return save(fig, path)


def frequency(path, groups, values, cols):
    """Frequency classes among sufferers, stacked, by age band; one panel per sex."""
    freq = [c for c in cols if c.section == "frequency"]
    means = {c.key: oc.interval(values[c.key])[0] for c in freq}
    bands, sexes, _ = by_band_sex(groups, oc.interval(values["prevalence_pct"]))
    index = {k: g for g, k in enumerate(groups.keys)}
    colours = plt.get_cmap("YlOrRd")(np.linspace(0.2, 0.95, len(freq)))
    fig, axes = plt.subplots(1, len(sexes), figsize=(SIZE[0] + 2, SIZE[1]), sharey=True, squeeze=False)
    for ax, sex in zip(axes[0], sexes):
        g = [index[(b, sex)] for b in bands]
        bottom = np.zeros(len(bands))
        for c, colour in zip(freq, colours):
            share = np.nan_to_num(means[c.key][g])
            ax.bar(bands, share, 0.7, bottom=bottom, color=colour, label=c.label)
            bottom += share
        ax.set_title(sex)
        ax.set_xlabel("age band (years)")
        ax.tick_params(axis="x", rotation=45)
    axes[0][0].set_ylabel("share of sufferers (%)")
    axes[0][-1].legend(title="cramp frequency", fontsize=8, bbox_to_anchor=(1.02, 1), loc="upper left")
    fig.suptitle("Cramp frequency among sufferers, survey window (mean over replicates)")
    return save(fig, path)


def duration(path, groups, values, rule):
    """Mean episode duration by age band and sex, with the adult and child targets."""
    bands, sexes, (mean, low, high) = by_band_sex(groups, oc.interval(values["duration_min"]))
    fig, ax = plt.subplots(figsize=SIZE)
    x = grouped_bars(ax, bands, sexes, mean, low, high)
    adult = [i for i, b in enumerate(bands) if oc.lower_age(b) >= evidence.DURATION_ADULT_FROM_AGE]
    tg = evidence.DURATION_ADULT
    if adult:
        lo, hi = x[adult[0]] - 0.5, x[adult[-1]] + 0.5
        ax.fill_between([lo, hi], tg.low, tg.high, color="black", alpha=0.08, zorder=0,
                        label=f"published, adults: {tg.value:g} min ({tg.note}, {tg.source})")
        ax.hlines(tg.value, lo, hi, color="black", linestyle="--", lw=1)
    if bands and oc.lower_age(bands[0]) == 0:
        tg = evidence.DURATION_CHILD
        target_marker(ax, x[0], tg, f"published, children: {tg.note} ({tg.source})")
    ax.set_xlabel("age band (years)")
    ax.set_ylabel("mean episode duration (min)")
    ax.set_title(f"Mean episode duration by age band and sex\nerror bars: {rule}")
    outside_legend(ax)
    return save(fig, path)


def trimesters(path, pct, rule):
    """Share of trimesters with a cramp night, model vs published."""
    mean, low, high = oc.interval(pct)
    fig, ax = plt.subplots(figsize=SIZE)
    x = np.arange(1, len(mean) + 1)
    bars(ax, x, mean, low, high, 0.5, color=SEX_COLOURS["female"], label="model")
    for k in np.flatnonzero(~np.isnan(mean)):
        ax.annotate(f"{mean[k]:.1f}%", (x[k] - 0.12, high[k]), textcoords="offset points",
                    xytext=(0, 3), ha="center", fontsize=9)
    for k, tg in enumerate(evidence.TRIMESTERS[:len(mean)]):
        target_marker(ax, x[k] + 0.35, tg, f"published ({evidence.TRIMESTERS[0].source})" if k == 0 else None)
        if tg.low is not None:
            ax.vlines(x[k] + 0.35, tg.low, tg.high, color="black", lw=2,
                      label=f"published range: {tg.note} ({tg.source.split('; ')[-1]})")
    ax.set_xticks(x, [f"trimester {k}" for k in x])
    ax.set_ylim(0, max(60, np.nan_to_num(high).max(initial=0) * 1.1))
    ax.set_xlabel("trimester of pregnancy")
    ax.set_ylabel("trimesters with a cramp night (%)")
    ax.set_title(f"Cramps in pregnancy by trimester\nerror bars: {rule}")
    ax.legend(fontsize=8, loc="upper left")
    return save(fig, path)


def series(path, first_night, start_day, period_nights, groups, rates, rule):
    """Cramp nights per 1,000 person-nights over the run, with the interval band, against day of year."""
    mean, low, high = oc.interval(rates)  # [P][G]
    x = start_day + first_night + (period_nights - 1) / 2
    fig, ax = plt.subplots(figsize=(SIZE[0] + 2, SIZE[1]))
    for g, (key, colour) in enumerate(zip(groups.keys, ["black", "#7b3294"])):
        ax.fill_between(x, low[:, g], high[:, g], color=colour, alpha=0.25, lw=0)
        ax.plot(x, mean[:, g], color=colour, lw=1.2, label=f"{key[0]}, mean and interval")
    season_axis(ax, x, period_nights, start_day)
    ax.set_ylabel("cramp nights per 1,000 person-nights")
    kind = {1: "daily", 7: "weekly"}.get(period_nights, f"per {period_nights} nights")
    ax.set_title(f"Cramp nights through the run, {kind} periods\nbands: {rule}")
    ax.set_ylim(bottom=0)
    outside_legend(ax)
    return save(fig, path)


def season_axis(ax, x, period_nights, start_day):
    """A time axis in days of the year (x: period centres): the headline's summer and winter windows
    shaded, months marked, limits at the first and last period."""
    years = range(int(x.min() // 365) - 1, int(x.max() // 365) + 1)
    shown = set()
    for y in years:
        for (a, b), colour, name in ((SUMMER, "#fdd49e", "summer window"), (WINTER, "#c6dbef", "winter window")):
            if b + 365 * y < x.min() or a + 365 * y > x.max():
                continue
            ax.axvspan(a + 365 * y, b + 365 * y, color=colour, alpha=0.35, lw=0, zorder=0,
                       label=None if name in shown else f"headline's {name} (days {a}-{(b - 1) % 365 + 1})")
            shown.add(name)
    ax.set_xticks(*month_ticks(years, x.min() - 15, x.max() + 15))
    ax.set_xlim(x.min() - 0.5 * period_nights, x.max() + 0.5 * period_nights)
    ax.set_xlabel(f"day of year (months marked; the run starts on day {start_day})")


def month_ticks(years, lo, hi):
    """Tick positions and labels in [lo, hi]: every month for a year or so, quarters up to
    three years, then only 1 January of each year."""
    span = (hi - lo) / 365
    keep = {m for _, m in MONTHS} if span <= 1.5 else {"Jan", "Apr", "Jul", "Oct"} if span <= 3.5 else {"Jan"}
    ticks = [(d + 365 * y, m if m != "Jan" or y <= 0 and span <= 3.5 else f"Jan\nyear {y + 1}")
             for y in years for d, m in MONTHS if m in keep]
    ticks = [(d, m) for d, m in ticks if lo <= d <= hi]
    return [d for d, _ in ticks], [m for _, m in ticks]


def agents(path, hists):
    """Agents by cramp nights in the survey window (mean over replicates), log scale."""
    n = max(h.size for h in hists)
    mean = np.mean([np.pad(h, (0, n - h.size)) for h in hists], axis=0)
    fig, ax = plt.subplots(figsize=SIZE)
    ax.bar(np.arange(1, n), mean[1:], 1.0, color="#4c72b0", label="model, agents with at least one")
    ax.set_yscale("log")
    ax.set_xlabel("cramp nights in the survey window (nights per agent)")
    ax.set_ylabel("agents (mean over replicates, log scale)")
    ax.set_title(f"Between-person heterogeneity: {mean[0]:,.0f} agents (mean) had no cramp night")
    ax.legend(fontsize=8)
    return save(fig, path)


ARM_COLOURS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]


def arm_colour(k):
    """The colour of the k-th compared arm (the same in every comparison figure)."""
    return ARM_COLOURS[k % len(ARM_COLOURS)]


def averted(path, arms, groups, est, reference, rule):
    """Cramp nights averted per 1,000 person-years by arm, one bar per group, with paired intervals.

    est maps arm -> (mean [G], low [G], high [G]) for the labels in groups."""
    fig, ax = plt.subplots(figsize=SIZE)
    width = 0.8 / max(len(groups), 1)
    x = np.arange(len(arms), dtype=float)
    shades = ["#4c72b0", "#7b3294", "#55a868", "#dd8452"]
    for g, label in enumerate(groups):
        mean, low, high = (np.array([est[a][i][g] for a in arms]) for i in range(3))
        bars(ax, x + (g - (len(groups) - 1) / 2) * width, mean, low, high, width,
             color=shades[g % len(shades)], label=label)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, arms)
    ax.set_xlabel("arm")
    ax.set_ylabel("cramp nights averted per 1,000 person-years")
    ax.set_title(f"Cramp nights averted against {reference}\nerror bars: {rule}")
    outside_legend(ax)
    return save(fig, path)


def ce_plane(path, arms, qalys, costs, currency, thresholds, reference):
    """Cost-effectiveness plane: incremental cost against QALYs gained, one point per replicate and arm,
    the means as large markers, and lines of constant cost per QALY through the origin."""
    fig, ax = plt.subplots(figsize=SIZE)
    for k, arm in enumerate(arms):
        q, c = np.asarray(qalys[arm]), np.asarray(costs[arm])
        ax.scatter(q, c, s=18, color=arm_colour(k), alpha=0.7, label=f"{arm}, each replicate")
        ax.scatter([q.mean()], [c.mean()], s=90, marker="X", color=arm_colour(k), edgecolor="black",
                   label=f"{arm}, mean", zorder=5)
    plane_axes(ax, thresholds, currency, reference)
    ax.set_title("Cost-effectiveness plane (south-east: dominant; north-west: dominated)")
    outside_legend(ax)
    return save(fig, path)


def plane_axes(ax, thresholds, currency, reference):
    """The axes of a cost-effectiveness plane already holding its points: the origin's cross, lines of
    constant cost per QALY (thresholds) through it, limits set by the points, labels with units."""
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(0, color="black", lw=0.8)
    (xlo, xhi), (ylo, yhi) = ax.get_xlim(), ax.get_ylim()
    xs = np.array([min(xlo, 0), max(xhi, 0)])
    for w, style in zip(thresholds, [":", "--", "-."]):
        ax.plot(xs, w * xs, color="grey", lw=0.8, linestyle=style, label=f"{w:,.0f} {currency} per QALY")
    ax.set_xlim(*xs)
    ax.set_ylim(min(ylo, 0), max(yhi, 0))  # the points, not the threshold lines, set the scale
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"QALYs gained against {reference} (discounted)")
    ax.set_ylabel(f"incremental cost ({currency}, discounted)")


def acceptability(path, arms, thresholds, curves, currency, replicates, reference):
    """Cost-effectiveness acceptability curves: share of replicates with positive net monetary benefit."""
    fig, ax = plt.subplots(figsize=SIZE)
    for k, arm in enumerate(arms):
        ax.step(thresholds, 100 * np.asarray(curves[arm]), where="post", color=arm_colour(k), lw=1.5, label=arm)
    ax.set_ylim(-3, 103)
    ax.set_xlim(thresholds[0], thresholds[-1])
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"willingness to pay ({currency} per QALY gained)")
    ax.set_ylabel("replicates with positive net benefit (%)")
    ax.set_title(f"Acceptability against {reference}: {replicates} replicates "
                 "(chance variation, not parameter uncertainty)")
    outside_legend(ax)
    return save(fig, path)
