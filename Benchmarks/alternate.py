"""Times commands by alternating single runs, so that this VM's drift (up to
30 % over minutes) falls on every command alike: round i runs each command
once, in turn, the order reversed every other round.

usage: alternate.py ROUNDS NAME=COMMAND...   (stdout and stderr to /dev/null)
prints a Markdown table: median, mean, runs, and the ratio to the first command.
"""
import os
import shlex
import statistics
import sys
import time


def main():
    rounds = int(sys.argv[1])
    commands = [(name, shlex.split(text)) for name, text in (a.split("=", 1) for a in sys.argv[2:])]
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    times = {name: [] for name, _ in commands}
    for i in range(rounds):
        for name, argv in (commands if i % 2 == 0 else list(reversed(commands))):
            start = time.perf_counter_ns()
            pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
            _, status = os.waitpid(pid, 0)
            elapsed = time.perf_counter_ns() - start
            if status != 0:
                sys.exit("%s failed (wait status %d)" % (name, status))
            times[name].append(elapsed / 1e6)
    first = statistics.median(times[commands[0][0]])
    print("| command | median | mean | runs | median / first |")
    print("|:---|---:|---:|---:|---:|")
    for name, _ in commands:
        t = times[name]
        print("| %s | %.3f ms | %.3f ms | %d | %.3f |" % (name, statistics.median(t), statistics.mean(t), len(t), statistics.median(t) / first))


if __name__ == "__main__":
    main()
