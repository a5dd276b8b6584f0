#!/usr/bin/python3
"""Runs one bad-input case against crampsim and checks how it fails.

A case is a file whose leading comment lines say what must happen:

    # expect-exit: 2                       exit code (required)
    # expect-stderr: TEXT                  substring of stderr, exactly once
                                           (repeatable; at least one)
    # todo-stderr: TEXT                    a message we want but do not get
                                           yet (known bug): reported, not failed
    # args: --set a=b                      extra arguments (shell words)
    # argv: run valid/small.yaml -o {out}  the whole command line (.case files)
    # commands: run validate               for scenario files: the commands to
                                           try (default: run and validate)
    # np: 2                                run under mpiexec with this many ranks
    # model-append: models/FRAGMENT.yaml   use models/leg_cramps/model.yaml with
                                           this fragment appended (--set model=)

A command-line case (tests/configs/cli/NAME.case) holds only comments and
gives its whole command line with `# argv:`.  A scenario case
(tests/configs/broken/NAME.yaml) is run as `crampsim run broken/NAME.yaml -o OUT`
and `crampsim validate broken/NAME.yaml`.  Commands run in a fresh
directory holding links `broken` and `valid` to tests/configs/broken and
tests/configs/valid, so messages name `broken/NAME.yaml` and model paths
relative to the scenario resolve as in the source tree.  After each command
that directory and the output folder must hold nothing new: no result file
and no FILE.partial.  Placeholders in argv and expectations: {out} (the -o
file), {outdir}, {tmp} (the working directory).

usage: broken_configs.py CRAMPSIM CASE_FILE [MPIEXEC]
"""
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
CONFIGS = os.path.join(SOURCE, "tests", "configs")
MODEL = os.path.join(SOURCE, "models", "leg_cramps", "model.yaml")
KEYS = {"expect-exit", "expect-stderr", "todo-stderr", "args", "argv", "commands", "np", "model-append"}


def parse_header(path):
    spec = {"expect-stderr": [], "todo-stderr": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                if line.strip():
                    break
                continue
            body = line[1:].strip()
            key, sep, value = body.partition(":")
            key = key.strip()
            if not sep or key not in KEYS:
                continue
            value = value.strip()
            if key in ("expect-stderr", "todo-stderr"):
                spec[key].append(value)
            elif key in spec:
                raise SystemExit(f"{path}: '{key}' given twice")
            else:
                spec[key] = value
    if "expect-exit" not in spec or not spec["expect-stderr"]:
        raise SystemExit(f"{path}: needs '# expect-exit:' and at least one '# expect-stderr:'")
    return spec


def fill(text, subst):
    """Replaces {out}, {outdir} and {tmp}; other braces stay as they are."""
    for k, v in subst.items():
        text = text.replace("{" + k + "}", v)
    return text


def listing(root):
    """Every file and folder under root, not following links."""
    found = []
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(d, name)
            if not os.path.islink(p):
                found.append(os.path.relpath(p, root))
    return sorted(found)


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    crampsim, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    mpiexec = sys.argv[3] if len(sys.argv) == 4 else None
    spec = parse_header(case)
    name = os.path.basename(case)
    failures, todos = [], []

    with tempfile.TemporaryDirectory(prefix="crampsim_broken_") as tmp:
        os.symlink(os.path.join(CONFIGS, "broken"), os.path.join(tmp, "broken"))
        os.symlink(os.path.join(CONFIGS, "valid"), os.path.join(tmp, "valid"))
        outdir = os.path.join(tmp, "out")
        os.mkdir(outdir)
        out = os.path.join(outdir, "result.h5")
        subst = {"out": out, "outdir": outdir, "tmp": tmp}

        extra = shlex.split(spec.get("args", ""))
        if "model-append" in spec:
            fragment = os.path.join(os.path.dirname(case), spec["model-append"])
            model = os.path.join(tmp, "model_with_fragment.yaml")
            with open(MODEL, encoding="utf-8") as a, open(fragment, encoding="utf-8") as b, \
                    open(model, "w", encoding="utf-8") as o:
                o.write(a.read().rstrip("\n") + "\n" + b.read())
            extra += ["--set", "model=" + model]

        runs = []
        if "argv" in spec:
            runs.append([fill(w, subst) for w in shlex.split(spec["argv"])])
        else:
            rel = os.path.join(os.path.basename(os.path.dirname(case)), name)
            for cmd in spec.get("commands", "run validate").split():
                argv = [cmd, rel] + (["-o", out] if cmd == "run" else []) + extra
                runs.append(argv)

        prefix = [crampsim]
        if "np" in spec:
            if not mpiexec:
                raise SystemExit(f"{name}: needs mpiexec (third argument)")
            prefix = [mpiexec, "-n", spec["np"], "--oversubscribe", "--bind-to", "none", crampsim]

        want_exit = int(spec["expect-exit"])
        before = listing(tmp)
        for argv in runs:
            shown = "crampsim " + " ".join(shlex.quote(a) for a in argv)
            p = subprocess.run(prefix + argv, cwd=tmp, capture_output=True, text=True, timeout=120)
            problems = []
            if p.returncode != want_exit:
                problems.append(f"exit code {p.returncode}, expected {want_exit}")
            for text in spec["expect-stderr"]:
                text = fill(text, subst)
                n = p.stderr.count(text)
                if n != 1:
                    problems.append(f"stderr has {n} copies of: {text}" if n else f"stderr lacks: {text}")
            for text in spec["todo-stderr"]:
                text = fill(text, subst)
                if text in p.stderr:
                    todos.append(f"{shown}: TODO FIXED, promote to expect-stderr: {text}")
                else:
                    todos.append(f"{shown}: TODO (known bug) stderr still lacks: {text}")
            if "HDF5-DIAG" in p.stderr:
                problems.append("stderr shows the raw HDF5 error stack")
            if argv and argv[0] == "validate" and want_exit != 0 and "# valid:" in p.stdout:
                problems.append("validate printed '# valid:' for an invalid scenario")
            after = listing(tmp)
            if after != before:
                new = sorted(set(after) - set(before))
                problems.append(f"files appeared: {new}")
                for extra_file in new:  # keep later commands honest
                    path = os.path.join(tmp, extra_file)
                    if os.path.isfile(path):
                        os.remove(path)
            status = "ok" if not problems else "FAIL"
            print(f"{status}: {shown} -> exit {p.returncode}")
            for line in p.stderr.rstrip("\n").splitlines():
                print(f"    stderr| {line}")
            for problem in problems:
                print(f"    problem: {problem}")
            failures += [f"{shown}: {x}" for x in problems]

    for t in todos:
        print(t)
    if failures:
        print(f"{name}: {len(failures)} problem(s)", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    print(f"{name}: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
