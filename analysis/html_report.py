"""The report as one self-contained HTML file: inline CSS, figures as base64 PNG, no scripts.

A reader gets everything in one file they can mail or archive: the run's
metadata and scenario, the headline comparison, every table and figure, and
a list of what the file does not hold.  Nothing is fetched when it opens.
"""
import base64
import html

import tables

STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }
th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
img { max-width: 100%; } figure { margin: 1em 0 2em; } figcaption { font-size: 0.9em; color: #444; }
.note { font-size: 0.9em; color: #444; } .absent { color: #8a4b08; }
"""

META_ROWS = [("crampsim version", "crampsim_version"), ("git commit", "git_commit"), ("model", "model"),
             ("scenario file", "scenario_path"), ("seed", "seed"), ("replicates", "replicates"),
             ("population size", "population_size"), ("nights", "nights"),
             ("start day of year", "start_day_of_year"), ("nights per period", "period_nights"),
             ("layout version", "format_version")]
RUN_ROWS = [("MPI ranks", "ranks"), ("threads per rank", "threads"), ("wall time (s)", "wall_seconds"),
            ("agent-nights per second", "agent_nights_per_second"), ("started (UTC)", "started_utc"),
            ("host", "host")]


def fmt(value):
    """A metadata value as text; floats to 4 significant digits."""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def meta_section(path, meta):
    """Run metadata and scenario text."""
    rows = [(label, meta.get(key, "not in this file")) for label, key in META_ROWS]
    rows += [(label, meta["run"].get(key, "not in this file")) for label, key in RUN_ROWS]
    out = ["<h2 id='run'>Run</h2>", f"<p>Result file <code>{html.escape(str(path))}</code></p><table>"]
    out += [f"<tr><th>{html.escape(k)}</th><td>{html.escape(fmt(v))}</td></tr>" for k, v in rows]
    out.append("</table><h3>Scenario (/meta/scenario)</h3>")
    scenario = meta.get("scenario")
    out.append(f"<pre>{html.escape(scenario)}</pre>" if scenario is not None
               else "<p class='absent'>not in this file</p>")
    if meta.get("resolved") is not None:
        out.append("<details><summary>Every setting after overrides (/meta/resolved)</summary>"
                   f"<pre>{html.escape(meta['resolved'])}</pre></details>")
    return "\n".join(out)


def figure(title, path):
    """An <figure> with the PNG at path embedded."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f"<figure><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(title)} ({html.escape(path.name)})</figcaption></figure>")


def absent_section(absent):
    """What a full report would show but this file lacks."""
    out = ["<h2 id='absent'>Not in this file</h2><table><tr><th>part</th><th>status</th></tr>"]
    out += [f"<tr><td>{html.escape(name)}</td><td class='absent'>{html.escape(status)}</td></tr>"
            for name, status in absent]
    out.append("</table>")
    return "\n".join(out)


def sweep_meta_section(path, meta, rows, paths):
    """A sweep's metadata (rows of (label, value)), its swept paths (rows of (path, unit, values)) and the
    scenario text; the section's anchor is 'run', as for a single run."""
    esc = html.escape
    out = ["<h2 id='run'>Sweep</h2>", f"<p>Sweep file <code>{esc(str(path))}</code></p><table>"]
    out += [f"<tr><th>{esc(k)}</th><td>{esc(fmt(v))}</td></tr>" for k, v in rows]
    out.append("</table><h3>Swept values (/sweep/path)</h3><table><tr><th>path</th><th>unit</th>"
               "<th>values over the points</th></tr>")
    out += [f"<tr><td>{esc(p)}</td><td>{esc(u)}</td><td>{esc(v)}</td></tr>" for p, u, v in paths]
    out.append("</table><h3>Scenario (/meta/scenario)</h3>")
    scenario = meta.get("scenario")
    out.append(f"<pre>{esc(scenario)}</pre>" if scenario is not None else "<p class='absent'>not in this file</p>")
    return "\n".join(out)


def page(path, meta, notes, sections, absent, head=None, head_title="Run"):
    """The whole HTML document; sections is a list of (anchor, title, tables, figures [(title, png)]).  The
    first section is head (HTML with the anchor 'run'), by default the run's metadata (meta_section)."""
    esc = html.escape
    toc = [("run", head_title)] + [(a, t) for a, t, _, _ in sections] + [("absent", "Not in this file")]
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>crampsim report: {esc(path.name)}</title><style>{STYLE}</style></head><body>",
           f"<h1>crampsim report: {esc(path.name)}</h1>",
           "<ul>" + "".join(f"<li><a href='#{a}'>{esc(t)}</a></li>" for a, t in toc) + "</ul>",
           "<ul class='note'>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>",
           head if head is not None else meta_section(path, meta)]
    for anchor, title, tabs, figs in sections:
        out.append(f"<h2 id='{anchor}'>{esc(title)}</h2>")
        out += [figure(t, p) for t, p in figs]
        out += [tables.to_html(t) for t in tabs]
    out += [absent_section(absent), "</body></html>"]
    return "\n".join(out)
