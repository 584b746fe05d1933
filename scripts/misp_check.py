#!/usr/bin/env python3
"""Converts a STIX 2.1 bundle into MISP events with MISP's own converter
(misp-stix, ExternalSTIX2toMISPParser: a bundle not written by MISP) and
prints what tests/stix_misp.rs checks, as JSON: for each event its title,
its galaxies (type -> cluster values), its tags, and its texts (notes and
event reports). Usage: misp_check.py BUNDLE.json"""

import json
import sys
from pathlib import Path

from misp_stix_converter import ExternalSTIX2toMISPParser
from misp_stix_converter.misp_stix_converter import load_stix2_file


def main(path: str) -> int:
    bundle = load_stix2_file(Path(path))
    parser = ExternalSTIX2toMISPParser()
    parser.load_stix_bundle(bundle)
    parser.parse_stix_bundle()
    events = parser.misp_events
    if not isinstance(events, list):
        events = [events]
    out = []
    for event in events:
        e = json.loads(event.to_json())
        galaxies = {}
        for g in e.get("Galaxy", []):
            values = [c.get("value") for c in g.get("GalaxyCluster", [])]
            galaxies.setdefault(g.get("type"), []).extend(values)
        texts = [n.get("note", "") for n in e.get("Note", [])]
        texts += [r.get("content", "") for r in e.get("EventReport", [])]
        out.append({
            "info": e.get("info"),
            "galaxies": galaxies,
            "tags": [t.get("name") for t in e.get("Tag", [])],
            "texts": texts,
        })
    json.dump(out, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
