"""The REPL under faults (issue 8): a full disk for :save, a file size limit,
:save to a FIFO, through a symlink, into a missing directory, Ctrl-C in
a built-in's loop, and a statement past the sample memory budget. The session survives each, and no file is half-written.

Run like test_repl.py (which it borrows the pseudo-terminal driver from):
`python3 Tests/REPL/test_faults.py`, or through `swift test` (FaultTests).
"""
import os
import resource
import signal
import stat
import sys
import threading
import time

import pexpect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_repl import BIN, CTRL_C, PROMPT, Repl, main, output_lines, scratch, skip  # noqa: E402

# `make sanitize` names the sanitizer the binary was built with.
SANITIZER = os.environ.get("SCENARIO_SANITIZER", "")


class LimitedRepl(Repl):
    """A REPL whose files may grow to `limit` bytes, with SIGXFSZ at its
    default action (killing the process) unless the REPL ignores it."""

    def __init__(self, limit, cwd):
        self.state = scratch()
        environment = dict(os.environ, TERM="xterm", NO_COLOR="1", XDG_STATE_HOME=self.state)

        def restrict():
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; a shell does not
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        self.child = pexpect.spawn(BIN, [], env=environment, cwd=cwd, dimensions=(24, 120),
                                   encoding="utf-8", timeout=10, preexec_fn=restrict)
        self.prompt()


def fill(repl, count):
    for i in range(count):
        repl.enter('let v%d = "%s"' % (i, "y" * 100))


def test_save_past_a_file_size_limit_keeps_the_old_file_and_the_session():
    if SANITIZER == "thread":
        # TSan's runtime itself takes SIGBUS writing its shadow memory under
        # a 2 KB RLIMIT_FSIZE, in the Swift runtime before main's first line.
        skip("ThreadSanitizer cannot start under a small file size limit")
    directory = scratch()
    with open(os.path.join(directory, "out.scn"), "w") as f:
        f.write("let old = 1\n")
    repl = LimitedRepl(2048, directory)
    fill(repl, 30)  # about 3.5 KB of script
    output = repl.enter(":save! out.scn")
    assert "cannot write 'out.scn': File too large" in output
    assert output_lines(repl.enter("v1 == v1")) == ["true"]
    assert repl.quit() == 0
    with open(os.path.join(directory, "out.scn")) as f:
        assert f.read() == "let old = 1\n"
    assert sorted(os.listdir(directory)) == ["out.scn"]  # no temporary file left


def test_save_to_a_fifo_writes_through_it():
    directory = scratch()
    fifo = os.path.join(directory, "pipe.scn")
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo).read()), daemon=True)
    reader.start()
    repl = Repl(cwd=directory)
    repl.enter("let a = 41")
    assert "saved 1 input" in repl.enter(":save pipe.scn")
    reader.join(10)
    assert received == ["let a = 41\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not replaced by a file
    assert repl.quit() == 0


def test_save_through_a_symlink_keeps_the_link():
    directory = scratch()
    os.mkdir(os.path.join(directory, "real"))
    with open(os.path.join(directory, "real", "model.scn"), "w") as f:
        f.write("old\n")
    os.symlink("real/model.scn", os.path.join(directory, "model.scn"))
    repl = Repl(cwd=directory)
    repl.enter("let b = 2")
    assert "already exists" in repl.enter(":save model.scn")  # the link's target is a file
    assert "saved" in repl.enter(":save! model.scn")
    assert repl.quit() == 0
    assert os.path.islink(os.path.join(directory, "model.scn"))
    with open(os.path.join(directory, "real", "model.scn")) as f:
        assert f.read() == "let b = 2\n"


def test_save_into_a_missing_directory_says_why():
    repl = Repl()
    repl.enter("let c = 3")
    assert "cannot write 'nowhere/out.scn': No such file or directory" in repl.enter(":save nowhere/out.scn")
    assert output_lines(repl.enter("c")) == ["3"]
    assert repl.quit() == 0


def test_a_symlinked_history_file_stays_a_link():
    state = scratch()
    os.makedirs(os.path.join(state, "scenario"))
    elsewhere = os.path.join(scratch(), "dotfiles-history")
    os.symlink(elsewhere, os.path.join(state, "scenario", "history"))
    repl = Repl(state=state)
    repl.enter("let kept = 1")
    assert repl.quit() == 0
    assert os.path.islink(os.path.join(state, "scenario", "history"))
    with open(elsewhere) as f:
        assert "kept" in f.read()
    assert stat.S_IMODE(os.stat(elsewhere).st_mode) == 0o600


def test_ctrl_c_interrupts_a_builtin_loop():
    repl = Repl()
    repl.enter('let xs = map(range(0, 300000), fn(x) => "ab")')
    repl.send("len(sum(xs))\r")  # copies the growing total each step: minutes
    repl.child.expect_exact("\r\n")
    time.sleep(0.5)
    started = time.monotonic()
    repl.send(CTRL_C)
    output = repl.prompt()
    assert "interrupted" in output
    assert time.monotonic() - started < 5
    assert output_lines(repl.enter("len(xs)")) == ["300000"]
    assert repl.quit() == 0


def test_the_sample_memory_budget_stops_a_statement_and_the_session_goes_on():
    repl = Repl(env={"SCENARIO_MEMORY_MB": "150"})
    output = repl.enter("let xs = map(range(0, 100000), fn(i) => normal(0, 1))")
    assert "<repl>:1:41: error: out of memory for samples: 10000 more would pass 150 MiB" in output
    if SANITIZER:
        # A sanitizer's allocator keeps freed memory resident (ASan's
        # quarantine, TSan's shadow), and the budget counts resident memory.
        skip("freed memory stays resident under a sanitizer")
    # What the failed statement made is freed: the budget holds again.
    assert output_lines(repl.enter("len(map(range(0, 1000), fn(i) => normal(0, 1)))")) == ["1000"]
    repl.enter("set samples 1000000")
    assert output_lines(repl.enter("round(mean(normal(5, 1) + normal(1, 1)))")) == ["6"]
    assert repl.quit() == 0


if __name__ == "__main__":
    sys.exit(main(__file__, globals()))
