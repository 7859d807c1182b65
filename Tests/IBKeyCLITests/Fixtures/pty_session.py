#!/usr/bin/env python3
"""Drives ibkey on a real pseudo-terminal, as a person would.

usage: pty_session.py IBKEY_BIN SCRIPT.json
SCRIPT: {"args": [...], "env": {...}, "steps": [["expect", "PIN: "], ["send", "1234\\n"], ...]}
Steps: expect TEXT, send TEXT, sleep SECONDS, signal NAME (to the session
leader), kill PID (SIGKILL to another process, such as one holding a lock),
stopped "" (wait until ibkey is stopped, as after Ctrl-Z), fg "".
ibkey runs as a job of a tiny job-control shell (mini_shell), as in a real
terminal; a process group without one would never stop on Ctrl-Z (POSIX
discards stop signals sent to orphaned process groups).
Prints a JSON report: {"status": N, "screen": "...everything the terminal
showed...", "echo": whether the terminal echoes input once ibkey has ended}
"""
import json, os, pty, select, signal, sys, termios, time

def mini_shell(binary, args, env):
    """The pty's session leader, doing what a job-control shell does: ibkey
    runs in its own process group, in the foreground of the terminal; when it
    stops (Ctrl-Z) this restores its own terminal modes (echo on) and prints
    "[ibkey stopped]", and on SIGUSR1 (the
    driver's "fg") puts it back in the foreground and continues it. Exits
    with ibkey's status (128 + N for a signal)."""
    # The test runner that started this script blocks every signal: a shell
    # and its jobs start with none blocked.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    child = os.fork()
    if child == 0:
        os.setpgid(0, 0)
        # As a shell starts a job: no signal ignored.
        for sig in (signal.SIGINT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        os.execve(binary, [binary] + args, env)
    # Both sides set the job's group, as shells do, so neither order races;
    # once the child has exec'd, the kernel refuses (EACCES): it is set already.
    try:
        os.setpgid(child, child)
    except (PermissionError, ProcessLookupError):
        pass
    shell_modes = termios.tcgetattr(0)  # echo on, as a shell keeps the terminal for its prompt
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    resume = []
    signal.signal(signal.SIGUSR1, lambda *_: resume.append(True))
    os.tcsetpgrp(0, child)
    while True:
        try:
            _, status = os.waitpid(child, os.WUNTRACED)
        except InterruptedError:
            continue
        if os.WIFSTOPPED(status):
            os.tcsetpgrp(0, os.getpgrp())
            # Like bash: the shell takes the terminal back with its own modes,
            # and `fg` does not restore the job's (echo stays on).
            termios.tcsetattr(0, termios.TCSADRAIN, shell_modes)
            os.write(1, b"[ibkey stopped]\r\n")
            while not resume:  # polled: pause() would miss a signal that came just before it
                time.sleep(0.01)
            resume.clear()
            os.tcsetpgrp(0, child)
            os.killpg(child, signal.SIGCONT)
            continue
        os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))

def main():
    binary, script_path = sys.argv[1], sys.argv[2]
    script = json.load(open(script_path))
    env = dict(script.get("env", {}))
    pid, fd = pty.fork()
    if pid == 0:
        mini_shell(binary, script["args"], env)
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
        elif kind == "sleep":
            time.sleep(float(value))
        elif kind == "signal":
            os.kill(pid, getattr(signal, value))
        elif kind == "kill":
            os.kill(int(value), signal.SIGKILL)
        elif kind == "stopped":
            if not read_until("[ibkey stopped]"):
                ok = False
                break
        elif kind == "fg":
            os.kill(pid, signal.SIGUSR1)
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
                print(json.dumps({"ok": ok, "status": os.waitstatus_to_exitcode(status), "screen": screen.decode(errors="replace"), "echo": echoes(fd)}))
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
    print(json.dumps({"ok": ok and not killed, "status": os.waitstatus_to_exitcode(status), "screen": text, "echo": echoes(fd)}))

def echoes(fd):
    """Whether the terminal echoes typed input (the slave's settings, seen from the master)."""
    try:
        return bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    except termios.error:
        return None

main()
