#!/usr/bin/env python3
"""Drives ibkey on a real pseudo-terminal, as a person would.

usage: pty_session.py IBKEY_BIN SCRIPT.json
SCRIPT: {"args": [...], "env": {...}, "steps": [["expect", "PIN: "], ["send", "1234\\n"], ...]}
Prints a JSON report: {"status": N, "screen": "...everything the terminal showed..."}
"""
import json, os, pty, select, sys, time

def main():
    binary, script_path = sys.argv[1], sys.argv[2]
    script = json.load(open(script_path))
    env = dict(script.get("env", {}))
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary] + script["args"], env)
    screen = b""
    cursor = 0  # like expect(1): each match consumes the screen up to its end
    def read_until(text, timeout=20):
        nonlocal screen, cursor
        end = time.time() + timeout
        while text.encode() not in screen[cursor:]:
            left = end - time.time()
            if left <= 0:
                return False
            r, _, _ = select.select([fd], [], [], left)
            if fd in r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                screen += chunk
        cursor = screen.index(text.encode(), cursor) + len(text.encode())
        return True
    ok = True
    for kind, value in script["steps"]:
        if kind == "expect":
            if not read_until(value):
                ok = False
                break
        elif kind == "send":
            time.sleep(0.05)
            os.write(fd, value.encode())
    # drain
    end = time.time() + 10
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if fd in r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        else:
            try:
                wpid, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if wpid:
                print(json.dumps({"ok": ok, "status": os.waitstatus_to_exitcode(status), "screen": screen.decode(errors="replace")}))
                return
    # The drain ended (output closed, or 10 s passed). Still running means the
    # script did not expect what the program asked for: kill it rather than
    # wait forever, and say so.
    killed = False
    for _ in range(20):
        wpid, status = os.waitpid(pid, os.WNOHANG)
        if wpid:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        killed = True
    text = screen.decode(errors="replace") + ("\n[killed: still running]" if killed else "")
    print(json.dumps({"ok": ok and not killed, "status": os.waitstatus_to_exitcode(status), "screen": text}))

main()
