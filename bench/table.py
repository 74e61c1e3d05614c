# SPDX-License-Identifier: MIT
#
# table.py - the table bench/run prints, from its raw figures.
#
#   python3 table.py RESULTS NOTES SERVER...
#
# RESULTS has one figure a line, "METRIC<TAB>SERVER<TAB>VALUE<TAB>RUN",
# one line per run (RUN, the run's number, may be absent, as in RAW files
# of older bench/run: then a server's Nth line of a metric is its run N);
# NOTES has lines of text, printed once each after the table.  Each row
# gives, for each SERVER in the order given (httpserve first), the
# median of its runs, and below it the spread (min-max); then the ratio
# of httpserve to the best peer (the highest, or the lowest where less
# is better); when nginx is among the SERVERs, httpserve / nginx run by
# run, the median of those ratios and below it their spread; then the
# target and whether httpserve meets it.  Targets are flagged, never
# enforced: the exit status is 0.

import statistics
import sys

# (metric, label, unit, higher is better, target)
# A target is ("peers", [names]): at least the best of those peers (at
# most, where less is better); or ("value", number): at most (at least)
# that number; or None.
SMALL_PEERS = ("peers", ["h2o", "lighttpd"])
# The peer of the second ratio column, run by run.
NGINX = "nginx"
# Rows measured in https mode only: left out when no server has one.
HTTPS_ONLY = {"full_1k.cpu", "full_1k.wall"}
ROWS = [
    ("ka_1k.cpu", "1 KiB, keep-alive", "req/CPU-s", True, SMALL_PEERS),
    ("ka_1k.wall", "1 KiB, keep-alive", "req/s", True, None),
    ("close_1k.cpu", "1 KiB, conn/request", "req/CPU-s", True, SMALL_PEERS),
    ("close_1k.wall", "1 KiB, conn/request", "req/s", True, None),
    ("full_1k.cpu", "1 KiB, full handshake", "req/CPU-s", True, None),
    ("full_1k.wall", "1 KiB, full handshake", "req/s", True, None),
    ("ka_404.cpu", "404, keep-alive", "req/CPU-s", True, SMALL_PEERS),
    ("ka_404.wall", "404, keep-alive", "req/s", True, None),
    ("big.wall", "64 MiB, 4 conns", "MB/s", True, ("peers", ["lighttpd"])),
    ("big.cpu", "64 MiB, 4 conns", "MB/CPU-s", True, None),
    ("list.cpu", "listing, 1000 files", "req/CPU-s", True,
     ("peers", ["webfsd"])),
    ("list.wall", "listing, 1000 files", "req/s", True, None),
    ("rss", "RSS / idle conn", "KiB", False, ("value", 1.0)),
    ("sys_ka_1k", "syscalls, 1 KiB k-a", "per req", False, ("value", 3.0)),
    ("sys_ka_404", "syscalls, 404 k-a", "per req", False, ("value", 3.0)),
    ("sys_close_1k", "syscalls, conn/req", "per req", False,
     ("value", 8.0)),
]


def number(x):
    """X in three or four significant figures, k and M for thousands."""
    if x is None:
        return "-"
    for scale, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= 10 * scale:
            return f"{x / scale:.3g}{suffix}" if abs(x) < 1000 * scale \
                else f"{x / scale:.0f}{suffix}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}" if abs(x) >= 1 else f"{x:.2f}"


def read_results(path):
    """{metric: {server: {run: value}}} from RESULTS."""
    figures = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) not in (3, 4) or parts[2] == "":
                continue
            runs = figures.setdefault(parts[0], {}).setdefault(parts[1], {})
            run = parts[3] if len(parts) == 4 else str(len(runs) + 1)
            runs[run] = float(parts[2])
    return figures


def best(values, higher):
    """The best of VALUES (the highest or the lowest), None if none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return max(present) if higher else min(present)


def target_text(target, higher):
    kind, what = target
    sign = ">=" if higher else "<="
    if kind == "value":
        return f"{sign} {number(what)}"
    if len(what) == 1:
        return f"{sign} {what[0]}"
    return f"{sign} best of " + ",".join(what)


def target_met(target, higher, ours, medians):
    """'yes', 'no', or why it cannot be told."""
    if target is None:
        return ""
    if ours is None:
        return "n/a"
    kind, what = target
    if kind == "value":
        bar = what
    else:
        bar = best([medians.get(p) for p in what], higher)
        if bar is None:
            return "n/a (peer absent)"
    met = ours >= bar if higher else ours <= bar
    return "yes" if met else "NO"


def versus(ours, theirs):
    """The median and the spread cells of OURS / THEIRS, run by run (both
    {run: value}), over the runs both have."""
    ratios = [ours[r] / theirs[r] for r in ours
              if r in theirs and theirs[r] > 0]
    if not ratios:
        return "-", ""
    return (f"{statistics.median(ratios):.2f}",
            f"{min(ratios):.2f}-{max(ratios):.2f}")


def row_cells(metric, higher, target, servers, figures):
    """The cells of the median line and of the spread line of METRIC."""
    runs = {s: list(v.values()) for s, v in figures.get(metric, {}).items()}
    medians = {s: statistics.median(runs[s]) for s in servers if s in runs}
    cells = [number(medians.get(s)) for s in servers]
    spread = []
    for s in servers:
        v = runs.get(s)
        spread.append(f"{number(min(v))}-{number(max(v))}" if v else "")
    ours = medians.get(servers[0])
    peer = best([medians.get(s) for s in servers[1:]], higher)
    cells.append(f"{ours / peer:.2f}" if ours is not None and peer else "-")
    spread.append("")
    if NGINX in servers[1:]:
        by_run = figures.get(metric, {})
        ratio, ratio_spread = versus(by_run.get(servers[0], {}),
                                     by_run.get(NGINX, {}))
        cells.append(ratio)
        spread.append(ratio_spread)
    tgt = target_text(target, higher) if target else ""
    met = target_met(target, higher, ours, medians)
    return cells + [tgt, met], spread + ["", ""]


def main():
    results, notes, servers = sys.argv[1], sys.argv[2], sys.argv[3:]
    figures = read_results(results)
    head = ["workload", "unit"] + servers + ["vs best"]
    if NGINX in servers[1:]:
        head.append("vs nginx")
    head += ["target", "met?"]
    lines = [head]
    for metric, label, unit, higher, target in ROWS:
        if metric in HTTPS_ONLY and metric not in figures:
            continue
        cells, spread = row_cells(metric, higher, target, servers, figures)
        lines.append([label, unit] + cells)
        if any(spread):
            lines.append(["", "  min-max"] + spread)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        out = [line[0].ljust(widths[0]), line[1].ljust(widths[1])]
        out += [c.rjust(w) for c, w in zip(line[2:-2], widths[2:-2])]
        out += [line[-2].ljust(widths[-2]), line[-1]]
        print("  ".join(out).rstrip())
    print()
    print("vs best: httpserve / the best peer (higher is better above the "
          "RSS row, lower from it on)")
    if NGINX in servers[1:]:
        print("vs nginx: httpserve / nginx in each run, the median of those "
              "ratios, their min-max below")
    seen = set()
    with open(notes) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and line not in seen:
                seen.add(line)
                print("note: " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
