"""Write versions.cfg (zc.buildout ``[versions]``) from constraints.txt.

    python scripts/constraints_to_versions.py [constraints.txt] [versions.cfg]

Every ``name==version`` line of constraints.txt becomes ``name = version``,
in the same order; comments, ``-e``/``-c`` lines and anything else are
skipped. zc.buildout matches names canonicalized, so the lower-case, dashed
names uv writes are used as they are. Run it again after ``make constraints``.
"""

import pathlib
import re
import sys


REPO = pathlib.Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")

HEADER = """\
# GENERATED from constraints.txt by scripts/constraints_to_versions.py.
# Do not edit by hand: after `make constraints`, regenerate it with
#     python3 scripts/constraints_to_versions.py
# Used by buildout.cfg (extends = versions.cfg).
"""


def convert(text):
    pins = []
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            pins.append(match.groups())
    width = max(len(name) for name, _ in pins)
    body = "".join(f"{name:<{width}} = {version}\n" for name, version in pins)
    return f"{HEADER}\n[versions]\n{body}", len(pins)


def main():
    source = pathlib.Path(
        sys.argv[1] if len(sys.argv) > 1 else REPO / "constraints.txt"
    )
    target = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else REPO / "versions.cfg")
    text, count = convert(source.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {count} pins from {source.name} to {target}")


if __name__ == "__main__":
    main()
