"""The sweep report's figures: PNG files drawn with matplotlib's Agg backend, one function per figure.

Each takes numbers already reduced by sweep_analysis and sweep_stats (one
value per point, or summaries over points) and writes one PNG at figures.DPI
with labelled axes and units: heat maps and line plots over a grid's swept
values, tornado charts, and for a PSA the cost-effectiveness plane, the
acceptability curves and a forest plot of each arm's differences.
"""
import textwrap

import numpy as np

from figures import SIZE, arm_colour, outside_legend, plane_axes, save  # first: sets matplotlib's Agg backend and style
import matplotlib.colors  # noqa: I100
import matplotlib.pyplot as plt
import matplotlib.ticker

TORNADO_ROWS = 15      # swept values shown in a tornado chart, largest first
ANNOTATE_CELLS = 144   # heat map cells are labelled with their number up to this many
THOUSANDS = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


def wrap(text, width=70):
    """text broken into lines of at most width characters, for long axis labels."""
    return textwrap.fill(text, width)


def short(x):
    """x to 4 significant digits, with thousands separators from 1,000 on."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def diverging(values):
    """A colour map and norm centred on 0 (green: positive, that is better for 'averted' and NMB)."""
    top = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    return "RdYlGn", matplotlib.colors.Normalize(-top or -1.0, top or 1.0)


def heatmap(path, title, rows, cols, panels):
    """Heat maps over two swept values, one panel per outcome; rows and cols are (axis label, level texts),
    panels a list of (outcome label, unit, matrix [rows][cols])."""
    fig, axes = plt.subplots(1, len(panels), figsize=(SIZE[0] + 3, SIZE[1] + 0.5), squeeze=False)
    for ax, (label, unit, m) in zip(axes[0], panels):
        cmap, norm = diverging(m)
        im = ax.imshow(m, cmap=cmap, norm=norm, origin="lower", aspect="auto")
        if m.size <= ANNOTATE_CELLS:
            for (a, b), v in np.ndenumerate(m):
                ax.text(b, a, "n/a" if np.isnan(v) else f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}",
                        ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(cols[1])), cols[1], rotation=45 if len(cols[1]) > 6 else 0)
        ax.set_yticks(range(len(rows[1])), rows[1])
        ax.set_xlabel(wrap(cols[0]))
        ax.set_ylabel(wrap(rows[0]))
        bar = fig.colorbar(im, ax=ax, format=THOUSANDS if np.nanmax(np.abs(m), initial=0) >= 1000 else None)
        bar.set_label(unit)
        ax.set_title(wrap(label, 60), fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return save(fig, path)


def line(path, title, x_label, levels, panels):
    """An outcome against the one swept value of a grid, one panel per outcome; levels are the value texts
    (plotted at their numbers when every one is a number), panels (outcome label, unit, values [L])."""
    try:
        x = np.array([float(v) for v in levels])
        ticks = None
    except ValueError:
        x, ticks = np.arange(len(levels), dtype=float), levels
    fig, axes = plt.subplots(1, len(panels), figsize=(SIZE[0] + 2, SIZE[1]), squeeze=False)
    for ax, (label, unit, y) in zip(axes[0], panels):
        ax.plot(x, y, marker="o", color="#4c72b0")
        ax.axhline(0, color="black", lw=0.8)
        if ticks is not None:
            ax.set_xticks(x, ticks)
        ax.set_xlabel(wrap(x_label))
        ax.set_ylabel(wrap(f"{label} ({unit})", 50))
        ax.yaxis.set_major_formatter(THOUSANDS if np.nanmax(np.abs(y), initial=0) >= 1000 else
                                     matplotlib.ticker.ScalarFormatter())
    fig.suptitle(title)
    fig.tight_layout()
    return save(fig, path)


def tornado(path, title, panels, one_way):
    """Tornado chart, one panel per outcome, the largest effect on top.  panels: (outcome label, unit, base,
    rows).  One-way: rows (label, at low, at high), bars from the base (every swept value at its middle) to the
    outcome at the swept value's lowest and highest level.  Otherwise: rows (label, Spearman's rho), base None."""
    heights = [min(len(rows), TORNADO_ROWS) for _, _, _, rows in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(SIZE[0] + 2, 1.4 + 0.35 * sum(heights) + 1.0 * len(panels)),
                             squeeze=False, gridspec_kw={"height_ratios": [max(h, 1) for h in heights]})
    for k, (ax, (label, unit, base, rows)) in enumerate(zip(axes[:, 0], panels)):
        rows = rows[:TORNADO_ROWS][::-1]
        y = np.arange(len(rows))
        if one_way:
            low = np.array([r[1] for r in rows]) - base
            high = np.array([r[2] for r in rows]) - base
            ax.barh(y, low, left=base, color="#4c72b0", label="swept value at its lowest level")
            ax.barh(y, high, left=base, color="#dd8452", alpha=0.8, label="swept value at its highest level")
            ax.axvline(base, color="black", lw=0.8, label="base: every swept value at its middle level")
            ax.set_xlabel(f"{label} ({unit})")
            if abs(base) >= 1000 or np.nanmax(np.abs(np.r_[low, high] + base), initial=0) >= 1000:
                ax.xaxis.set_major_formatter(THOUSANDS)
                ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
            if k == 0:
                outside_legend(ax)
        else:
            rho = np.array([r[1] for r in rows])
            ax.barh(y, np.nan_to_num(rho), color=np.where(rho >= 0, "#55a868", "#c44e52"))
            ax.axvline(0, color="black", lw=0.8)
            ax.set_xlim(-1.05, 1.05)
            ax.set_xlabel("Spearman's rank correlation of the swept value with the outcome (-1 to 1)")
        ax.set_title(f"{label} ({unit})" + (f"; base {short(base)}" if one_way else ""), fontsize=9)
        ax.set_yticks(y, [r[0] for r in rows], fontsize=8)
        ax.set_ylabel("swept value")
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1, 0.98))
    return save(fig, path)


def ce_plane(path, arms, qalys, costs, currency, wtp, reference):
    """Cost-effectiveness plane of the PSA: QALYs gained and incremental cost, one point per draw and arm, the
    mean as a cross, lines of constant cost per QALY (wtp) through the origin."""
    fig, ax = plt.subplots(figsize=SIZE)
    for k, arm in enumerate(arms):
        q, c = np.asarray(qalys[arm]), np.asarray(costs[arm])
        ax.scatter(q, c, s=14 if q.size <= 500 else 3, color=arm_colour(k), alpha=0.6, lw=0,
                   label=f"{arm}, each draw ({q.size})")
        ax.scatter([np.mean(q)], [np.mean(c)], s=90, marker="X", color=arm_colour(k), edgecolor="black",
                   label=f"{arm}, mean over the draws", zorder=5)
    plane_axes(ax, wtp, currency, reference)
    ax.set_title("PSA cost-effectiveness plane (below a line: cost-effective at that willingness to pay)")
    outside_legend(ax)
    return save(fig, path)


def ceac(path, arms, thresholds, curves, currency, draws, reference, marks):
    """Cost-effectiveness acceptability curves of the PSA: share of draws with positive NMB by willingness to
    pay; marks are the willingness-to-pay values drawn as vertical lines."""
    fig, ax = plt.subplots(figsize=SIZE)
    for k, arm in enumerate(arms):
        ax.plot(thresholds, 100 * np.asarray(curves[arm]), color=arm_colour(k), lw=1.5, label=arm)
    for w in marks:
        ax.axvline(w, color="grey", lw=0.6, linestyle=":")
    ax.set_ylim(-3, 103)
    ax.set_xlim(thresholds[0], thresholds[-1])
    ax.xaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel(f"willingness to pay ({currency} per QALY gained)")
    ax.set_ylabel("draws with positive net monetary benefit (%)")
    ax.set_title(f"Acceptability against {reference} over {draws} PSA draws")
    outside_legend(ax)
    return save(fig, path)


def forest(path, arms, measures, reference, draws):
    """Each arm's differences against the reference over the PSA draws: the mean and the 2.5-97.5 percentile
    interval, one panel per measure; measures is a list of (label with unit, {arm: (mean, low, high)})."""
    fig, axes = plt.subplots(1, len(measures), figsize=(SIZE[0] + 3, max(3.2, 1.6 + 0.5 * len(arms))), squeeze=False,
                             sharey=True)
    y = np.arange(len(arms))[::-1]
    for ax, (label, est) in zip(axes[0], measures):
        for k, arm in enumerate(arms):
            m, lo, hi = est[arm]
            ax.errorbar([m], [y[k]], xerr=[[max(m - lo, 0)], [max(hi - m, 0)]], fmt="o", color=arm_colour(k),
                        capsize=3)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(wrap(label, 32), fontsize=8)
        ax.xaxis.set_major_formatter(THOUSANDS if max(abs(v) for e in est.values() for v in e) >= 1000 else
                                     matplotlib.ticker.ScalarFormatter())
        ax.tick_params(axis="x", labelsize=8, rotation=30)
    axes[0][0].set_yticks(y, arms)
    axes[0][0].set_ylabel("arm")
    axes[0][0].set_ylim(-0.7, len(arms) - 0.3)
    fig.suptitle(f"Differences against {reference}: mean and 2.5–97.5 percentiles over {draws} PSA draws")
    fig.tight_layout()
    return save(fig, path)

