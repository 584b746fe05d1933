#!/usr/bin/env python3
"""Loads every .yaml/.yml file under a folder with PyYAML's C loader.

The baseline `scripts/compare-load.sh` times `debrief list` against: the
same files, parsed by libyaml through yaml.CSafeLoader, and nothing else
(no validation, no anchors, no output). Prints the files and the seconds.

    python3 scripts/pyyaml_load.py FOLDER
"""

import pathlib
import sys
import time

import yaml


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: pyyaml_load.py FOLDER", file=sys.stderr)
        return 2
    if not yaml.__with_libyaml__:
        print("pyyaml_load.py: PyYAML is built without libyaml; install libyaml-dev and "
              "reinstall with `pip install --no-binary pyyaml pyyaml`", file=sys.stderr)
        return 1
    root = pathlib.Path(sys.argv[1])
    start = time.perf_counter()
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    loaded = 0
    for path in files:
        with open(path, "rb") as f:
            if yaml.load(f, Loader=yaml.CSafeLoader) is not None:
                loaded += 1
    seconds = time.perf_counter() - start
    print(f"{len(files)} files, {loaded} loaded, {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
