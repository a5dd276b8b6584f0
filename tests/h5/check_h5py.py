#!/usr/bin/python3
"""Checks that h5py reads a results file written by `test_h5 --sample FILE`
(at NP ranks) with no custom code: attributes as str, numbers exactly,
strings as bytes (str with .asstr()), compressed per-agent columns."""
import sys

import h5py
import numpy as np


def main(path, nranks):
    blocks = [0 if r == 1 else 150000 + 777 * r for r in range(nranks)]
    n = sum(blocks)
    with h5py.File(path, "r") as f:
        assert f.attrs["format"] == "crampsim-results", f.attrs["format"]
        assert isinstance(f["/meta"].attrs["place"], str)
        assert f["/meta"].attrs["place"] == "Z\u00fcrich"
        assert f["/meta"].attrs["ranks"] == nranks
        assert f["/meta"].attrs["wall_time"] == 12.5
        counts = f["/arms/status_quo/summary/counts"]
        assert counts.dtype == np.dtype("<i8") and counts.shape == (2, 3)
        assert (counts[()] == np.array([[1, 2, 3], [4, 5, -6]])).all()
        assert counts.attrs["unit"] == "persons"
        assert counts.attrs["description"] == "people by stratum and state"
        rate = f["/arms/status_quo/timeseries/rate"]
        assert (rate[()] == np.array([0.5, 0.25, 0.125])).all()
        assert "description" not in rate.attrs
        names = f["/arms/names"]
        assert list(names[()]) == [b"status_quo", "treat-all (\u20ac5)".encode()]
        assert list(names.asstr()[()]) == ["status_quo", "treat-all (\u20ac5)"]
        ids = f["/agents/id"]
        assert ids.shape == (n,) and ids.compression == "gzip" and ids.shuffle
        g = np.arange(n, dtype=np.int64)
        assert (ids[()] == g * 1000003 - 7).all()
        risk = f["/agents/risk"]
        assert risk.dtype == np.dtype("<f4")
        assert (risk[()] == g.astype(np.float32) * np.float32(0.5)).all()
    print(f"h5py {h5py.version.version} reads {path} ({n} agents, {nranks} ranks)")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
