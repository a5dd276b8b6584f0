"""Reading the calibration's YAML input files (targets.yaml, fit.yaml) with errors that name file and key.

Every check raises SpecError("FILE:KEY: what is wrong"), one line, so a command can print it and
exit 2, as crampsim does for a bad scenario.  PyYAML (Debian's python3-yaml) reads YAML 1.1, where
`1e-5` is a string, so numbers are also accepted as strings that float() reads.
"""
import difflib
import functools
import math
import os

import yaml

REQUIRED = object()  # default of a key that must be given


class SpecError(Exception):
    """Bad input; the message is one line, `FILE:KEY: reason`."""


def load(path):
    """The top-level mapping of a YAML file."""
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except OSError as e:
        raise SpecError(f"{path}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise SpecError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: expected a mapping at the top level")
    return Node(path, "", data)


def suggest(word, choices):
    """' (did you mean 'X'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def as_number(value):
    """value as a finite float, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def with_default(getter):
    """Makes a Node getter's key optional when a default follows it: Node.x(key, default, ...)
    returns the default, unchecked, when the key is left out or has no value."""
    @functools.wraps(getter)
    def wrapped(self, key, default=REQUIRED, **limits):
        if default is not REQUIRED and not self.given(key):
            return default
        return getter(self, key, **limits)
    return wrapped


class Node:
    """A mapping of the file and its key path; the getters check types and name FILE:KEY in errors."""

    def __init__(self, file, key, data):
        self.file, self.key, self.data = file, key, data

    def where(self, key=None):
        path = ".".join(k for k in (self.key, key) if k)
        return f"{self.file}:{path}" if path else self.file

    def fail(self, key, reason):
        raise SpecError(f"{self.where(key)}: {reason}")

    def only(self, allowed):
        """Fails on the first key not in allowed."""
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), "unknown key" + suggest(str(key), allowed))

    def given(self, key):
        return self.data.get(key) is not None

    def get(self, key, default=REQUIRED):
        if self.given(key):
            return self.data[key]
        if default is REQUIRED:
            self.fail(key, "missing")
        return default

    @with_default
    def number(self, key, low=-math.inf, high=math.inf, open_low=False):
        """A number in [low, high] (or (low, high] with open_low)."""
        value = self.get(key)
        x = as_number(value)
        interval = f"{'(' if open_low else '['}{low:g}, {high:g}]"
        if x is None or x > high or (x <= low if open_low else x < low):
            self.fail(key, f"expected a number in {interval}, got {value!r}")
        return x

    @with_default
    def integer(self, key, low=0, high=2**53):
        value = self.get(key)
        x = as_number(value)
        if x is None or x != int(x) or not low <= x <= high:
            self.fail(key, f"expected an integer in [{low}, {high}], got {value!r}")
        return int(x)

    @with_default
    def text(self, key):
        value = self.get(key)
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {value!r}")
        return value

    @with_default
    def texts(self, key):
        """Text or a list of texts, as a tuple."""
        value = self.get(key)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
            self.fail(key, f"expected text or a list of texts, got {value!r}")
        return tuple(items)

    @with_default
    def interval(self, key):
        """[lo, hi] with lo <= hi, as a tuple of floats."""
        value = self.get(key)
        pair = [as_number(v) for v in value] if isinstance(value, list) and len(value) == 2 else None
        if pair is None or None in pair or pair[0] > pair[1]:
            self.fail(key, f"expected [lo, hi] with lo <= hi, got {value!r}")
        return tuple(pair)

    def mapping(self, key, optional=False):
        """A child mapping as a Node (an empty one for a key left out or given without a value,
        when optional)."""
        if optional and not self.given(key):
            return Node(self.file, self._child(key), {})
        value = self.get(key)
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping, got {value!r}")
        return Node(self.file, self._child(key), value)

    def entries(self, key):
        """A list of mappings as Nodes keyed KEY[id] (or KEY[index] when an entry has no id)."""
        value = self.get(key)
        if not isinstance(value, list) or not value:
            self.fail(key, "expected a non-empty list")
        nodes = []
        for i, item in enumerate(value):
            name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else i
            if not isinstance(item, dict):
                self.fail(f"{key}[{name}]", f"expected a mapping, got {item!r}")
            nodes.append(Node(self.file, self._child(f"{key}[{name}]"), item))
        return nodes

    def path_of(self, relative):
        """A path written in this file, relative to the file's folder."""
        return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(self.file)), relative))

    def _child(self, key):
        return f"{self.key}.{key}" if self.key else key
