"""Opening a sweep file (docs/sweeps.md): its /meta, the /sweep table and the list of /points.

A sweep file holds one result file per point under /points/point_K (K with
six digits, 0 to N-1) beside the table of what each point set.  Everything
here is small: the table is N rows of P numbers and N short texts, read
whole; the points themselves are read one at a time by sweep_points.py.
Every refusal raises crampsim_results.ResultError with one line naming the
path, before the report writes anything.
"""
import h5py
import numpy as np

import crampsim_results as cr

FORMAT = "crampsim-sweep"
FORMAT_VERSION = 1  # the newest sweep layout this code reads
KINDS = ("grid", "points", "lhs", "psa")
TABLE = ("path", "value", "seed", "setting")


def point_name(k):
    """The group name of point k under /points."""
    return f"point_{k:06d}"


def is_sweep(path):
    """True when path is an HDF5 file whose /meta says format crampsim-sweep (False for anything else,
    which the single-run reader then judges)."""
    try:
        with h5py.File(path, "r") as f:
            meta = f.get("meta")
            return isinstance(meta, h5py.Group) and cr.text(meta.attrs.get("format", "")) == FORMAT
    except (OSError, ValueError):
        return False


def open_sweep(path):
    """Opens and validates a sweep file's /meta, /sweep and /points list; returns the open h5py.File or
    raises ResultError.  The points' own contents are checked as they are read (sweep_points)."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise cr.ResultError(f"not an HDF5 file ({str(e).splitlines()[0]})") from None
    try:
        check_sweep(f)
    except cr.ResultError:
        f.close()
        raise
    return f


def check_sweep(f):
    """Raises ResultError unless f has a sweep table of a known layout and every point it lists."""
    cr.check_version(f["meta"], FORMAT_VERSION, "sweep layout")
    sweep = f.get("sweep")
    if not isinstance(sweep, h5py.Group):
        raise cr.ResultError("incomplete sweep file: /sweep is missing")
    missing = [f"sweep/{n}" for n in TABLE if not isinstance(sweep.get(n), h5py.Dataset)]
    if missing:
        raise cr.ResultError(f"incomplete sweep file: /{missing[0]} is missing")
    kind = cr.text(sweep.attrs.get("kind", ""))
    if kind not in KINDS:
        raise cr.ResultError(f"/sweep attribute kind is {kind!r}, expected one of {', '.join(KINDS)}")
    n = points(f)
    p = sweep["path"].shape[0] if sweep["path"].ndim == 1 else -1
    want = {"sweep/path": (p,), "sweep/value": (n, p), "sweep/seed": (n,), "sweep/setting": (n,)}
    for name, shape in want.items():
        if f[name].shape != shape or p < 0:
            raise cr.ResultError(f"/{name} has shape {f[name].shape}, expected {shape} "
                                 f"({n} points, {max(p, 0)} paths)")
    check_point_list(f, n)


def points(f):
    """N, the number of points: /sweep attribute points, which /meta's (when present) must match."""
    n = f["sweep"].attrs.get("points")
    if n is None:
        raise cr.ResultError("/sweep has no points attribute")
    n, meta_n = int(n), f["meta"].attrs.get("points")
    if meta_n is not None and int(meta_n) != n:
        raise cr.ResultError(f"/meta says {int(meta_n)} points, /sweep says {n}")
    if n < 1:
        raise cr.ResultError("the sweep has no points")
    return n


def check_point_list(f, n):
    """Raises ResultError unless /points holds exactly point_000000 ... point_{n-1}, each a group."""
    g = f.get("points")
    if not isinstance(g, h5py.Group):
        raise cr.ResultError("incomplete sweep file: /points is missing")
    names = set(g)
    gone = [k for k in range(n) if point_name(k) not in names]
    if gone:
        more = f" and {len(gone) - 1} more" if len(gone) > 1 else ""
        raise cr.ResultError(f"incomplete sweep file: /points/{point_name(gone[0])} is missing{more} "
                             f"(the sweep has {n} points)")
    extra = sorted(names - {point_name(k) for k in range(n)})
    if extra:
        raise cr.ResultError(f"/points/{extra[0]} is not one of the sweep's {n} points")


class Settings:
    """/sweep/setting, each point's overrides: settings[k] is point k's {PATH: value text}, parsed when asked
    (a PSA point sets every drawn parameter; 10,000 points parsed at once would take 60 MB)."""

    def __init__(self, raw):
        self.raw = raw  # [N] bytes or str, as h5py reads them

    def __len__(self):
        return len(self.raw)

    def __getitem__(self, k):
        return parse_setting(cr.text(self.raw[k]))


def table(f):
    """The /sweep table: dict with kind, paths [P], values [N][P] float64, seeds [N] int64 and settings
    (Settings)."""
    s = f["sweep"]
    return {"kind": cr.text(s.attrs["kind"]), "paths": cr.texts(s["path"]), "values": s["value"][...],
            "seeds": s["seed"][...].astype(np.int64), "settings": Settings(s["setting"][...])}


def parse_setting(text):
    """'PATH=VALUE' lines -> {PATH: VALUE} (the value as the scenario wrote it)."""
    out = {}
    for line in text.splitlines():
        path, sep, value = line.partition("=")
        if sep:
            out[path.strip()] = value.strip()
    return out


def meta(f):
    """The sweep's /meta and /meta/run attributes and the scenario text, as crampsim_results.meta gives
    them for a single run (no resolved scenario: each point has its own)."""
    return cr.meta(f)
