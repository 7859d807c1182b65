#!/usr/bin/env python3
"""Presses TAB in a real interactive zsh or fish, on a pseudo-terminal, with
ibkey's generated completion script loaded, and reports what the line became.

usage: shell_complete.py zsh|fish IBKEY_BIN LINE...
For each LINE: types it, presses TAB, then moves to the start of the line and
makes the shell print the words it now holds (`printf '%s|' DONE <line>`), so
the answer is read from the shell's own output rather than from its screen
drawing. Prints one line per LINE: the words after completion joined by "|"
("ibkey|respond|--user|alice"), or "?" if the shell did not answer.
The environment (IBKEY_VAULT, HOME, ...) is passed on to the shell.
"""
import os, pty, re, select, shutil, subprocess, sys, tempfile, time

shell, binary, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
work = tempfile.mkdtemp(prefix="ibkey-complete-")
try:
    # The completion functions call `ibkey` by name.
    bindir = os.path.join(work, "bin")
    os.mkdir(bindir)
    os.symlink(os.path.abspath(binary), os.path.join(bindir, "ibkey"))
    script = os.path.join(work, "ibkey." + shell)
    with open(script, "wb") as f:
        f.write(subprocess.run([binary, "--generate-completion-script", shell], check=True, capture_output=True).stdout)
    env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"), TERM="xterm", HOME=work)
    prompt = "READY> "
    if shell == "fish":
        argv = ["fish", "--no-config", "-i", "-C",
                f"function fish_prompt; printf '{prompt}'; end; source {script}"]
        setup = b""
    else:
        argv = ["zsh", "-f", "-i"]
        setup = f"bindkey -e; autoload -U compinit && compinit -u && source {script}; PS1='{prompt}'\r".encode()

    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)

    screen = b""
    def wait_for(pattern, start, timeout=15):
        """Reads until `pattern` (a bytes regex) matches after `start`; returns the match."""
        global screen
        end = time.time() + timeout
        while True:
            m = re.compile(pattern).search(screen, start)
            if m:
                return m
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return None
                if not chunk:
                    return None
                screen += chunk

    if setup:
        os.write(fd, setup)
    answers = []
    mark = 0
    for line in lines:
        ready = wait_for(re.escape(prompt.encode()), mark)
        if not ready:
            answers += ["?"] * (len(lines) - len(answers))
            break
        mark = ready.end()
        os.write(fd, line.encode() + b"\t")
        time.sleep(0.5)  # let the completion run (keys typed meanwhile would be queued anyway)
        # Ctrl-A, the printf in front; Ctrl-E, a newline after; Enter.
        os.write(fd, b"\x01printf '%s|' DONE \x05; echo\r")
        done = wait_for(rb"[\r\n]DONE\|([^\r\n]*)[\r\n]", mark)
        if not done:
            answers.append("?")
            continue
        mark = done.end()
        answers.append(done.group(1).decode(errors="replace").rstrip("|"))
    os.write(fd, b"exit\r")
    time.sleep(0.2)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    if "?" in answers:
        sys.stderr.write(screen.decode(errors="replace")[-2000:] + "\n")
    print("\n".join(answers))
finally:
    shutil.rmtree(work, ignore_errors=True)
