#!/usr/bin/python3
"""Sampled sweeps: a Latin hypercube puts one point in each of the
`samples` equal strata of every range, and PSA draws every parameter of
the chosen groups inside its uncertainty range (a list's range as a factor
on its elements), each point with its own seed (a family of one).

    sweep_sampling.py CRAMPSIM WORKDIR MODEL_YAML
"""
import os
import subprocess
import sys

import h5py
import numpy as np
import yaml

crampsim, work, model = sys.argv[1:4]
os.makedirs(work, exist_ok=True)


def run(name, sweep):
    path = os.path.join(work, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"model: {os.path.abspath(model)}\nseed: 99\npopulation: {{size: 2000}}\n"
                f"horizon: {{nights: 14}}\n{sweep}")
    out = os.path.join(work, name + ".h5")
    subprocess.run(["rm", "-rf", out, out + ".points"], check=True)
    subprocess.run([crampsim, "run", path, "-q", "--threads", "1", "-o", out], check=True)
    return h5py.File(out, "r")


def texts(ds):
    return [x.decode() if isinstance(x, bytes) else x for x in ds[()]]


lhs = run("lhs", "sweep:\n  lhs:\n    samples: 8\n    ranges:\n"
                 "      parameters.season.amplitude: [0.1, 0.5]\n      population.size: [1000, 3000]\n")
v = lhs["/sweep/value"][()]
assert v.shape == (8, 2), v.shape
for j, (lo, hi) in enumerate([(0.1, 0.5), (1000, 3000)]):
    strata = np.floor((v[:, j] - lo) / (hi - lo) * 8).astype(int)
    assert sorted(np.minimum(strata, 7).tolist()) == list(range(8)), (j, v[:, j])
assert np.all(v[:, 1] == np.round(v[:, 1])), "an integer setting gets whole numbers"
print("lhs: one point in each stratum of every range")

with open(model) as f:
    params = yaml.safe_load(f)["parameters"]
psa = run("psa", "sweep:\n  psa:\n    samples: 5\n    only: [interventions.quinine, economics]\n")
paths, v = texts(psa["/sweep/path"]), psa["/sweep/value"][()]
assert paths and all(p.startswith("parameters.interventions.quinine.") or p.startswith("parameters.economics.")
                     for p in paths), paths
for j, p in enumerate(paths):
    node = params
    for part in p.split(".")[1:]:
        node = node[part]
    lo, hi = (float(x) for x in node["range"])  # YAML 1.1 reads 5e-05 as text
    assert lo < hi, p
    assert np.all((v[:, j] >= lo) & (v[:, j] <= hi)), (p, v[:, j], lo, hi)
    assert len(set(v[:, j].tolist())) == 5, (p, v[:, j])
# each point's resolved scenario carries its draws
res = texts(psa["/points/point_000003/meta/resolved"])[0]
assert f"rate_ratio: {v[3, paths.index('parameters.interventions.quinine.rate_ratio')]:.17g}" in res or \
    "interventions.quinine.rate_ratio" in res
print(f"psa: {len(paths)} parameters drawn inside their ranges, 5 distinct values each")

# points that differ in model parameters are families of one: a seed each
for name, f in (("lhs", lhs), ("psa", psa)):
    seeds = f["/sweep/seed"][()]
    assert len(set(seeds.tolist())) == len(seeds), (name, seeds)
    assert all(f[f"/points/point_{k:06d}/meta/run"].attrs["warmup_points"] == 0 for k in range(len(seeds))), name
print("lhs, psa: every point its own seed, no family run together")
