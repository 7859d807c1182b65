"""The table of hyperfine rounds: each command's times pooled over every
round's JSON export, its median (the measure), mean ± σ and minimum, and its
median over the first command's (the peer).

usage: medians.py [--respond-goals] ROUND.json...
--respond-goals adds §2's line: respond (1 user) / the peer, and 10 000 users / 1 user.
"""
import json
import statistics
import sys


def main():
    args = sys.argv[1:]
    goals = "--respond-goals" in args
    times = {}
    for path in (a for a in args if a != "--respond-goals"):
        for r in json.load(open(path))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
    rows = [(c, statistics.median(t), statistics.mean(t), statistics.stdev(t), min(t), len(t)) for c, t in times.items()]
    base = rows[0][1]
    print("| command | median | mean ± σ | min | runs | median / %s |" % rows[0][0].split(" ")[0])
    print("|:---|---:|---:|---:|---:|---:|")
    for c, med, mean, sd, lo, n in rows:
        print("| `%s` | %.2f ms | %.2f ± %.2f ms | %.2f ms | %d | %.1f× |" % (c, med * 1e3, mean * 1e3, sd * 1e3, lo * 1e3, n, med / base))
    if goals:
        one = next(r[1] for r in rows if r[0].endswith("1 user"))
        many = next(r[1] for r in rows if r[0].endswith("10000 users"))
        print()
        print("respond, 1 user / oathtool (goal ≤ 5×): %.1f×; 10 000 users / 1 user (goal ≤ 1.2×): %.2f×" % (one / base, many / one))


if __name__ == "__main__":
    main()
