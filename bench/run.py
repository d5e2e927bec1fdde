"""Benchmarks of ikz.landespreis against plain Plone (issue 7).

    .venv/bin/python bench/run.py [--quick] [pages] [caching] [post] [ranking] [rush]
        [autosave] [abuse]

Each benchmark builds its own temporary instance, measures the add-on and
a plain-Plone baseline side by side in the same run and prints their
ratios; ratios travel between machines better than absolute figures. The
figures, the machine and the durations go to bench/last-run.json.
"""

import argparse
import common
import importlib
import importlib.metadata
import json
import os
import pathlib
import platform
import time


BENCHMARKS = ("pages", "caching", "post", "ranking", "rush", "autosave", "abuse")


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = next(
        int(line.split()[1])
        for line in pathlib.Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram / 1024 / 1024, 1),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "plone": importlib.metadata.version("Products.CMFPlone"),
        "addon": importlib.metadata.version("ikz.landespreis"),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="name",
        help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes, to check that everything runs",
    )
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    common.QUICK = args.quick
    about = machine()
    print(
        "Machine: {cpu}, {cores} cores, {ram_gb} GB RAM, load {load}; Python {python}, "
        "Plone {plone}, ikz.landespreis {addon}".format(
            load=" ".join(f"{x:.2f}" for x in about["load_average"]), **about
        )
    )
    report = {
        "machine": about,
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "results": {},
        "seconds": {},
    }
    target = common.REPO / "bench" / "last-run.json"
    for name in args.names or BENCHMARKS:
        started = time.time()
        report["results"][name] = importlib.import_module(name).run()
        report["seconds"][name] = round(time.time() - started, 1)
        print(f"  ({name} took {report['seconds'][name]:.0f} s)")
        # after each benchmark, so a failing one keeps the figures of the others
        target.write_text(
            json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8"
        )
    print(f"\nFigures written to {target.relative_to(common.REPO)}")


if __name__ == "__main__":
    main()
