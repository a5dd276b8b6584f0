#!/usr/bin/python3
"""Command-line checks of crampsim that need a real run or a real file.

usage: cli_checks.py CRAMPSIM MODE WORKDIR [RESULT_FILE]

  basics    --version, --help of every command, no arguments, a run that
            prints its summary, and `info` on its result
  io        output and input errors: -o into a missing folder, under a
            regular file, onto a folder; `info` on a missing file, a text
            file, an empty file, a truncated file, an HDF5 file that is not
            a crampsim file, a newer layout (needs RESULT_FILE, a good result)
  validate  `validate configs/default.yaml` passes and lists every model
            parameter and survey; its output is itself a scenario that
            reproduces the run, surveys added by --set included

Prints a line per check; exits 1 at the first failure.
"""
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DEFAULT = os.path.join(SOURCE, "configs", "default.yaml")
SMALL = os.path.join(SOURCE, "tests", "configs", "valid", "small.yaml")
MODEL = os.path.join(SOURCE, "models", "leg_cramps", "model.yaml")
# a real with 16 significant digits: the resolved scenario must keep them all
AMPLITUDE = "0.3123456789012345"
# 100 nights: the default scenario's surveys look back up to 91; one more survey from --set, asked mid-run
SMALL_SETS = ["--set", "population.size=20000", "--set", "horizon.nights=100", "--set", "season.amplitude=" + AMPLITUDE,
              "--set", "surveys.extra.recall_nights=14", "--set", "surveys.extra.at_night=-20"]


class Failure(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Failure(f"{what}{': ' + detail if detail else ''}")
    print(f"ok: {what}")


def crampsim(*args, cwd=None):
    p = subprocess.run([CRAMPSIM] + list(args), capture_output=True, text=True, timeout=300, cwd=cwd)
    return p


def show(p):
    return f"exit {p.returncode}\n--- stdout\n{p.stdout[-2000:]}\n--- stderr\n{p.stderr[-2000:]}"


def expect(args, code, stderr=(), stdout=(), what=None, cwd=None):
    p = crampsim(*args, cwd=cwd)
    what = what or "crampsim " + " ".join(args)
    codes = code if isinstance(code, tuple) else (code,)
    check(p.returncode in codes, f"{what}: exit {p.returncode}" + ("" if len(codes) == 1 else f" (one of {codes})"),
          f"expected {code}\n{show(p)}")
    for s in stderr:
        check(s in p.stderr, f"{what}: stderr says '{s}'", show(p))
    for s in stdout:
        check(s in p.stdout, f"{what}: stdout says '{s}'", show(p))
    check("HDF5-DIAG" not in p.stderr, f"{what}: no raw HDF5 error stack", show(p))
    return p


def files_under(root):
    out = []
    for d, dirs, files in os.walk(root):
        out += [os.path.relpath(os.path.join(d, x), root) for x in dirs + files]
    return sorted(out)


# ---- basics ---------------------------------------------------------------

def mode_basics(work, _):
    p = expect(["--version"], 0)
    m = re.fullmatch(r"crampsim (\d+\.\d+\.\d+\S*) \(commit (\S+)\)\n", p.stdout)
    check(m is not None, "--version prints 'crampsim VERSION (commit ID)'", repr(p.stdout))
    version, commit = m.groups()
    expect(["version"], 0, stdout=[f"crampsim {version}"])
    for args in (["--help"], ["-h"], ["help"]):
        expect(args, 0, stdout=["usage: crampsim <command> [options]", "run CONFIG", "validate CONFIG", "info FILE",
                                "exit codes:"])
    for cmd in ("run", "validate", "info"):
        expect([cmd, "--help"], 0, stdout=[f"usage: crampsim {cmd} "])
        expect([cmd, "-h"], 0, stdout=[f"usage: crampsim {cmd} "])
    p = expect([], 2, stderr=["usage: crampsim <command> [options]"], what="crampsim (no arguments)")
    check(p.stdout == "", "no arguments: nothing on stdout", repr(p.stdout))

    out = os.path.join(work, "basics.h5")
    for f in (out, out + ".partial"):
        if os.path.exists(f):
            os.remove(f)
    p = expect(["run", SMALL, "--threads", "2", "-o", out], 0,
               stdout=[f"crampsim {version}: model leg_cramps, 2000 agents x 7 nights x 1 replicate",
                       f"results: {out}", "headline figure"])
    check(os.path.isfile(out) and not os.path.exists(out + ".partial"), "run wrote the file and no .partial")
    p = expect(["run", SMALL, "--quiet", "-o", out, "--set", "surveys.past_week.recall_nights=7",
                "--set", "surveys.early.recall_nights=2", "--set", "surveys.early.at_night=3"], 0)
    check(p.stdout == "", "run --quiet prints nothing", repr(p.stdout[:200]))

    import h5py  # only here: the other checks need no h5py
    with h5py.File(out, "r") as f:
        names = [x.decode() for x in f["/arms/status_quo/headlines/name"][()]]
        file_version = f["/meta"].attrs["crampsim_version"]
        file_commit = f["/meta"].attrs["git_commit"]
    file_version = file_version.decode() if isinstance(file_version, bytes) else str(file_version)
    file_commit = file_commit.decode() if isinstance(file_commit, bytes) else str(file_commit)
    check(file_version == version and file_commit == commit,
          "the result file records the version and commit that --version prints",
          f"{file_version} {file_commit} vs {version} {commit}")
    p = expect(["info", out], 0, stdout=[f"{out}: crampsim result file, layout version 1", "arm status_quo",
                                         "timeseries:", "summary:", "headline figures", "population_size", "2000"])
    missing = [n for n in names if n.strip() not in p.stdout]
    check(names and not missing, f"info prints all {len(names)} headline figures", f"missing {missing}")
    check(re.search(r"cramps\s+\[1 x 1 x \d+\]\s+total \d+ episodes", p.stdout) is not None,
          "info prints measure shapes and totals", p.stdout[:1500])
    check("  surveys            past_week: the 7 nights before night 7 (summaries survey.past_week.*)\n"
          "                     early: the 2 nights before night 3 (summaries survey.early.*)\n" in p.stdout
          and "survey.early.answers" in p.stdout, "info lists the surveys and their summaries", p.stdout[:1500])


# ---- io -------------------------------------------------------------------

def mode_io(work, good):
    if not good or not os.path.isfile(good):
        raise Failure(f"io needs a good result file, got {good!r}")
    import h5py
    base = os.path.join(work, "io")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)

    def run_into(out, code, *stderr, what):
        before = files_under(base)
        expect(["run", SMALL, "--quiet", "-o", out], code, stderr=stderr, what=what)
        after = files_under(base)
        check(after == before, f"{what}: no file appeared (neither FILE nor FILE.partial)",
              f"new: {sorted(set(after) - set(before))}")

    missing_dir = os.path.join(base, "nodir", "x.h5")
    run_into(missing_dir, 3, missing_dir, "does not exist", what="-o into a folder that does not exist")
    regular = os.path.join(base, "regular_file")
    with open(regular, "w") as f:
        f.write("not a folder\n")
    under_file = os.path.join(regular, "x.h5")
    run_into(under_file, 3, under_file, "Not a directory", what="-o to a path under a regular file")
    if os.path.isfile("/etc/hostname"):
        run_into("/etc/hostname/x.h5", 3, "/etc/hostname/x.h5", what="-o /etc/hostname/x.h5")
    folder = os.path.join(base, "a_folder")
    os.mkdir(folder)
    run_into(folder, 3, folder, "is a directory", what="-o naming an existing folder")

    # info on things that are not result files
    nothere = os.path.join(base, "nothere.h5")
    expect(["info", nothere], (2, 3), stderr=[nothere, "no such file"], what="info on a missing file")
    txt = os.path.join(base, "text.txt")
    with open(txt, "w") as f:
        f.write("hello\n")
    expect(["info", txt], 2, stderr=[f"{txt}: not an HDF5 file"], what="info on a text file")
    empty = os.path.join(base, "empty.h5")
    open(empty, "w").close()
    expect(["info", empty], 2, stderr=[f"{empty}: not an HDF5 file"], what="info on an empty file")
    expect(["info", folder], (2, 3), stderr=[folder, "is a directory"], what="info on a folder")
    trunc = os.path.join(base, "truncated.h5")
    with open(good, "rb") as a, open(trunc, "wb") as b:
        b.write(a.read()[: os.path.getsize(good) // 2])
    expect(["info", trunc], (2, 3), stderr=[trunc], what="info on a truncated result file")
    foreign = os.path.join(base, "foreign.h5")
    with h5py.File(foreign, "w") as f:
        f["x"] = [1, 2, 3]
    expect(["info", foreign], 2, stderr=[f"{foreign}: not a crampsim result file"],
           what="info on an HDF5 file that is not a crampsim file")
    wrong_format = os.path.join(base, "wrong_format.h5")
    with h5py.File(wrong_format, "w") as f:
        f.create_group("meta").attrs["format"] = "something-else"
        f["meta"].attrs["format_version"] = 1
    expect(["info", wrong_format], 2, stderr=[f"{wrong_format}: not a crampsim result file"],
           what="info on a file whose /meta format is not crampsim-results")
    no_version = os.path.join(base, "no_version.h5")
    shutil.copy(good, no_version)
    with h5py.File(no_version, "a") as f:
        del f["meta"].attrs["format_version"]
    expect(["info", no_version], 2, stderr=[f"{no_version}: not a crampsim result file"],
           what="info on a file without /meta format_version")
    newer = os.path.join(base, "v99.h5")
    shutil.copy(good, newer)
    with h5py.File(newer, "a") as f:
        f["meta"].attrs["format_version"] = 99
    p = expect(["info", newer], 2, stderr=[f"{newer}: result layout version 99 is newer than this crampsim reads"],
               what="info on a file with format_version 99")
    check("headline" not in p.stdout, "info on a newer layout prints no figures", p.stdout[:500])


# ---- validate ---------------------------------------------------------------

def model_parameter_paths(path):
    """Dotted paths of every leaf (a mapping with 'value:') under parameters:."""
    paths, stack, inside = [], [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            m = re.match(r"\s*([A-Za-z0-9_]+):", line)
            if indent == 0:
                inside = line.startswith("parameters:")
                stack = []
                continue
            if not inside or not m:
                continue
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if m.group(1) == "value":
                paths.append(".".join(k for _, k in stack))
            stack.append((indent, m.group(1)))
    return paths


def values_only(resolved):
    """A resolved scenario without comments: the settings themselves."""
    lines = []
    for line in resolved.splitlines():
        if line.lstrip().startswith("#"):
            continue
        lines.append(re.sub(r"  # .*$", "", line).rstrip())
    return lines


def mode_validate(work, _):
    base = os.path.join(work, "validate")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    before = files_under(base)
    p = expect(["validate", DEFAULT], 0, stdout=["# valid: model leg_cramps", "# run: 1000000 agents x 365 nights x 2"],
               cwd=base)
    check(files_under(base) == before, "validate writes no file")
    paths = model_parameter_paths(MODEL)
    check(len(paths) >= 30, f"{len(paths)} parameters found in model.yaml")
    missing = [x for x in paths if not re.search(r"^\s+" + re.escape(x) + r": ", p.stdout, re.M)]
    check(not missing, "validate lists every model parameter", f"missing: {missing}")
    for key in ("seed:", "replicates:", "population:", "  size:", "horizon:", "  nights:", "  start_day_of_year:",
                "output:", "  series:", "  agents:", "surveys:", "  past_3_months:", "    recall_nights: 91",
                "    at_night: 365", "model:", "parameters:"):
        check(re.search(r"^" + re.escape(key), p.stdout, re.M) is not None, f"validate lists '{key.strip()}'")
    check(re.search(r"season\.amplitude: [0-9.]+\s+# fraction of the mean; range \[0\.2, 0\.45\] uniform; "
                    r"source GARRISON2015; from \S+model\.yaml:\d+", p.stdout) is not None,
          "each value is annotated with unit, range, source and origin")

    # the printed YAML is a scenario: rerun it, compare with the original
    p = expect(["validate", DEFAULT] + SMALL_SETS, 0, stdout=["population:\n  size: 20000", "nights: 100",
                                                             "season.amplitude: " + AMPLITUDE + "  #",
                                                             "  extra:\n    recall_nights: 14  # nights; from --set\n"
                                                             "    at_night: -20  # night; from --set"])
    resolved = os.path.join(base, "resolved.yaml")
    with open(resolved, "w", encoding="utf-8") as f:
        f.write(p.stdout)
    p2 = expect(["validate", resolved] + SMALL_SETS, 0, what="validate on the resolved scenario")
    check(values_only(p2.stdout) == values_only(p.stdout), "the resolved scenario resolves to the same settings",
          "\n".join(sorted(set(values_only(p2.stdout)) ^ set(values_only(p.stdout)))))
    p3 = expect(["validate", resolved], 0, what="validate on the resolved scenario without --set")
    check(values_only(p3.stdout) == values_only(p.stdout), "it needs no --set to resolve the same way")

    original, again, bare = (os.path.join(base, n) for n in ("original.h5", "resolved.h5", "resolved_bare.h5"))
    expect(["run", DEFAULT, "--quiet", "-o", original] + SMALL_SETS, 0)
    expect(["run", resolved, "--quiet", "-o", again] + SMALL_SETS, 0)
    expect(["run", resolved, "--quiet", "-o", bare], 0)
    for other in (again, bare):
        d = subprocess.run(["h5diff", "-v", "--exclude-path", "/meta", original, other], capture_output=True, text=True)
        check(d.returncode == 0, f"h5diff {os.path.basename(original)} {os.path.basename(other)} "
              "(all but /meta) finds no difference", d.stdout[-3000:] + d.stderr[-1000:])
        n = len(re.findall(r"^dataset: </(arms|strata)/", d.stdout, re.M))
        check(n >= 20, f"h5diff compared {n} datasets under /arms and /strata")
        n = len(re.findall(r"^dataset: </arms/status_quo/summary/survey\.(past_month|past_3_months|extra)\.", d.stdout,
                           re.M))
        check(n == 30, f"h5diff compared the {n} datasets of the three surveys")
        d = subprocess.run(["h5diff", "-v", original, other, "/meta/surveys", "/meta/surveys"], capture_output=True,
                           text=True)
        check(d.returncode == 0 and d.stdout.count("dataset: <") == 4, "/meta/surveys is the same (4 datasets)",
              d.stdout[-2000:] + d.stderr[-500:])

    import h5py
    with h5py.File(original, "r") as a, h5py.File(again, "r") as b:
        ra = a["/meta/resolved"][0].decode().splitlines()[1:]
        rb = b["/meta/resolved"][0].decode().splitlines()[1:]
    check(ra == rb, "/meta/resolved is the same for both runs (after its first comment line)",
          "\n".join(sorted(set(ra) ^ set(rb))))


def main():
    global CRAMPSIM
    if len(sys.argv) not in (4, 5):
        raise SystemExit(__doc__)
    CRAMPSIM = os.path.abspath(sys.argv[1])
    mode, work = sys.argv[2], os.path.abspath(sys.argv[3])
    good = sys.argv[4] if len(sys.argv) == 5 else None
    os.makedirs(work, exist_ok=True)
    modes = {"basics": mode_basics, "io": mode_io, "validate": mode_validate}
    if mode not in modes:
        raise SystemExit(f"unknown mode {mode!r}; one of {sorted(modes)}")
    try:
        modes[mode](work, good)
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print(f"{mode}: all checks passed")
    return 0


CRAMPSIM = None
if __name__ == "__main__":
    sys.exit(main())
