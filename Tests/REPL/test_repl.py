"""The REPL driven through a real pseudo-terminal (issue 5, SPEC §11).

Run with `python3 -m pytest Tests/REPL -q`, or `python3 Tests/REPL/test_repl.py`
(what `swift test` does; it falls back to a small runner without pytest).
Needs pexpect and a built binary: `.build/debug/scenario`, or $SCENARIO_BIN.

libedit prints the prompt *before* it puts the terminal in raw mode; keys sent
in that gap are cooked by the kernel. So after every prompt we wait until the
terminal has left canonical mode before typing (`Repl.prompt`).
"""
import os
import subprocess
import sys
import tempfile
import termios
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SCENARIO_BIN") or os.path.join(ROOT, ".build", "debug", "scenario")

PROMPT = "scenario> "
CONTINUATION = "....> "
UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_R = "\x12"

class Skipped(Exception):
    pass


def skip(reason):
    try:
        import pytest
    except ImportError:
        raise Skipped(reason)
    pytest.skip(reason)


# Every test's directories live in one temporary directory, removed at exit.
_SCRATCH = tempfile.TemporaryDirectory(prefix="scenario-repl-tests-")


def scratch():
    return tempfile.mkdtemp(dir=_SCRATCH.name)


class Repl:
    """One `scenario` process on a pseudo-terminal."""

    def __init__(self, args=(), state=None, cwd=None, env=None):
        self.state = state or scratch()
        environment = dict(os.environ, TERM="xterm", NO_COLOR="1", XDG_STATE_HOME=self.state)
        environment.update(env or {})
        self.child = pexpect.spawn(BIN, list(args), env=environment, cwd=cwd or self.state,
                                   dimensions=(24, 120), encoding="utf-8", timeout=10)
        self.prompt()

    def prompt(self, text=PROMPT):
        """Waits for `text` as the last thing written, then for raw mode."""
        self.child.expect_exact(text)
        output = self.child.before
        deadline = time.monotonic() + 5
        while termios.tcgetattr(self.child.child_fd)[3] & termios.ICANON:
            if time.monotonic() > deadline:
                raise AssertionError("the terminal never left canonical mode")
            time.sleep(0.005)
        return output

    def enter(self, line, then=PROMPT):
        """Types a line and Enter; returns what the program wrote before the
        next prompt, without the echo of the line itself ("\\r\\n" -> "\\n")."""
        self.child.send(line + "\r")
        self.child.expect_exact("\r\n")  # the end of the echoed line
        return self.prompt(then).replace("\r\n", "\n")

    def send(self, keys):
        self.child.send(keys)

    def quit(self):
        self.child.send(CTRL_D)
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def output_lines(text):
    return [line for line in text.split("\n") if line]


# --- prompt, echo, continuation -------------------------------------------

def test_prompt_and_echo():
    repl = Repl()
    assert output_lines(repl.enter("1 + 2")) == ["3"]
    assert output_lines(repl.enter('"hi" + " there"')) == ['"hi there"']
    assert repl.enter("let x = 40") == ""
    assert output_lines(repl.enter("x + 2")) == ["42"]
    assert repl.quit() == 0


def test_a_multi_line_value_echoes_as_print_shows_it():
    repl = Repl()
    repl.enter("set seed 1")
    chart = output_lines(repl.enter("hist(1 to 2)"))
    assert len(chart) > 5, chart
    assert all("█" in line or "▏" in line or "%" in line for line in chart), chart
    assert not any("\\n" in line or line.startswith('"') for line in chart), chart
    printed = subprocess.run([BIN, "run", "-"], input="set seed 1\nprint hist(1 to 2)\n",
                             capture_output=True, text=True, timeout=10).stdout
    assert output_lines(printed) == chart
    assert output_lines(repl.enter('"two\\nlines"')) == ["two", "lines"]
    assert output_lines(repl.enter('"one line"')) == ['"one line"']  # quoted: a string, not a name
    assert repl.quit() == 0


def test_figures_echo_as_print_shows_them():
    script = "set seed 2\nlet a = 1 to 3\nlet b = normal(0, 1)\nlet y = 5 * a + b\n"
    repl = Repl()
    for line in script.splitlines():
        repl.enter(line)
    for figure in ["sensitivity(y)", "tornado(y)", "cdf_plot(y)"]:
        echoed = output_lines(repl.enter(figure))
        printed = subprocess.run([BIN, "run", "-"], input=script + "print " + figure + "\n",
                                 capture_output=True, text=True, timeout=10).stdout
        assert output_lines(printed) == echoed, (figure, echoed)
        assert not any(line.startswith('"') for line in echoed), echoed
    assert repl.quit() == 0


def test_continuation_prompt_until_the_parser_is_satisfied():
    repl = Repl()
    assert repl.enter("let x = (1 +", then=CONTINUATION) == ""
    assert repl.enter("2)") == ""
    assert output_lines(repl.enter("x")) == ["3"]
    # a trailing operator, then an `if` waiting for its `else`
    repl.enter("let y = x *", then=CONTINUATION)
    repl.enter("10")
    repl.enter("if y > 20 then", then=CONTINUATION)
    assert output_lines(repl.enter('"big" else "small"')) == ['"big"']
    assert repl.quit() == 0


# --- completion ------------------------------------------------------------

def test_tab_completes_a_member_name():
    repl = Repl()
    repl.enter("let d = Q3 2026")
    repl.send("d.st\t")
    time.sleep(0.3)
    assert output_lines(repl.enter("")) == ["2026-07-01"]
    assert repl.quit() == 0


def test_tab_completes_defined_names_and_keywords():
    repl = Repl()
    repl.enter("let revenue_2026 = 5")
    repl.send("reve\t")
    time.sleep(0.3)
    assert output_lines(repl.enter(" + 1")) == ["6"]
    repl.send(":he\t")
    time.sleep(0.3)
    assert ":quit" in repl.enter("")
    assert repl.quit() == 0


# --- errors ----------------------------------------------------------------

def test_error_shows_carets_and_the_session_goes_on():
    repl = Repl()
    repl.enter("let a = 5")
    error = repl.enter("let b = a + nosuch")
    assert "error" in error and "nosuch" in error and "^" in error
    # the failed statement bound nothing; earlier state is intact
    assert "b" in repl.enter("b")
    assert output_lines(repl.enter("a * 2")) == ["10"]
    assert repl.quit() == 0


# --- Ctrl-C and Ctrl-D ------------------------------------------------------

def test_ctrl_c_discards_the_line_being_typed():
    repl = Repl()
    repl.send("let q = 1")
    repl.send(CTRL_C)
    repl.child.expect_exact("^C")
    repl.prompt()
    assert "error" in repl.enter("q")  # never ran
    # in the middle of a multi-line input: back to the first prompt
    repl.enter("let r = (1 +", then=CONTINUATION)
    repl.send(CTRL_C)
    repl.prompt(PROMPT)
    assert output_lines(repl.enter("7")) == ["7"]
    assert repl.quit() == 0


def test_ctrl_c_interrupts_a_long_evaluation():
    repl = Repl()
    repl.enter("let base = 3")
    repl.enter("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)")
    repl.send("fib(45)\r")  # hours of work
    repl.child.expect_exact("\r\n")
    time.sleep(0.5)
    started = time.monotonic()
    repl.send(CTRL_C)
    output = repl.prompt()
    assert "interrupt" in output.lower()
    assert time.monotonic() - started < 5
    assert output_lines(repl.enter("base + 1")) == ["4"]
    assert repl.quit() == 0


def test_ctrl_d_on_an_empty_line_exits_zero():
    repl = Repl()
    repl.enter("1")
    assert repl.quit() == 0


def test_ctrl_d_at_the_continuation_prompt_drops_the_input_then_leaves():
    repl = Repl()
    repl.enter("let r = (1 +", then=CONTINUATION)
    repl.send(CTRL_D)
    repl.prompt(PROMPT)  # back to the first prompt, still running
    assert "error" in repl.enter("r")  # the unfinished input never ran
    assert output_lines(repl.enter("7")) == ["7"]
    repl.enter("[1,", then=CONTINUATION)
    repl.send(CTRL_D)
    repl.prompt(PROMPT)
    assert repl.quit() == 0  # a second Ctrl-D, on an empty line, leaves


def test_quit_command_exits_zero():
    repl = Repl()
    repl.child.send(":quit\r")
    repl.child.expect(pexpect.EOF)
    repl.child.close()
    assert repl.child.exitstatus == 0


# --- history -----------------------------------------------------------------

def test_history_is_saved_and_recalled_with_up_in_a_second_session():
    state = scratch()
    first = Repl(state=state)
    first.enter("let h = 41 + 1")
    first.enter("h")
    assert first.quit() == 0
    with open(os.path.join(state, "scenario", "history"), encoding="utf-8") as f:
        saved = f.read()
    assert "let\\040h\\040=\\04041\\040+\\0401" in saved

    second = Repl(state=state)
    second.send(UP + UP)
    time.sleep(0.3)
    assert second.enter("") == ""  # re-ran `let h = 41 + 1`
    assert output_lines(second.enter("h")) == ["42"]
    assert second.quit() == 0


def test_history_keeps_backslashes_spaces_and_unicode():
    state = scratch()
    first = Repl(state=state)
    first.enter('let s = "a\\\\  b €"')
    assert output_lines(first.enter("s")) == ['"a\\\\  b €"']
    assert first.quit() == 0
    second = Repl(state=state)
    second.send(UP + UP)
    time.sleep(0.3)
    second.enter("")
    assert output_lines(second.enter("s")) == ['"a\\\\  b €"']
    assert second.quit() == 0


def test_two_sessions_at_once_keep_both_histories():
    state = scratch()
    one, two = Repl(state=state), Repl(state=state)
    for i in range(5):
        one.enter(f":help one{i}")
        two.enter(f":help two{i}")
    assert one.quit() == 0 and two.quit() == 0
    with open(os.path.join(state, "scenario", "history"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0] == "_HiStOrY_V2_"
    for i in range(5):
        assert f":help\\040one{i}" in lines and f":help\\040two{i}" in lines


def test_ctrl_r_searches_history():
    repl = Repl()
    repl.enter("let s1 = 11")
    repl.enter("let s2 = 22")
    repl.send(CTRL_R)
    time.sleep(0.1)
    repl.send("s1")
    time.sleep(0.3)
    repl.send("\r")
    repl.prompt()
    repl.enter("let s1 = 0")
    repl.send(CTRL_R)
    time.sleep(0.1)
    repl.send("= 11")
    time.sleep(0.3)
    repl.send("\r")
    repl.prompt()
    assert output_lines(repl.enter("s1")) == ["11"]
    assert repl.quit() == 0


def test_unwritable_history_warns_once_and_goes_on():
    repl = Repl(env={"XDG_STATE_HOME": "/dev/null/nowhere"})
    first = repl.enter("1 + 1")
    assert "warning" in first and "history" in first
    assert output_lines(repl.enter("2 + 2")) == ["4"]
    assert repl.quit() == 0


# --- meta commands -----------------------------------------------------------

def test_load_and_save():
    directory = scratch()
    with open(os.path.join(directory, "base.scn"), "w") as f:
        f.write("let base = 100\n")
    repl = Repl(cwd=directory)
    repl.send(":load ba\t")  # file names complete after :load
    time.sleep(0.3)
    assert repl.enter("") == ""
    assert output_lines(repl.enter("base * 2")) == ["200"]
    repl.enter("let y = base + 1")
    repl.enter("let broken = nosuch")  # fails: not saved
    # The first statement takes effect, the second fails: only the first is saved.
    assert "division by zero" in repl.enter("let z = y * 2; let w = 1 / 0; let v = 3")
    assert "saved" in repl.enter(":save out.scn")
    assert repl.quit() == 0
    with open(os.path.join(directory, "out.scn")) as f:
        script = f.read()
    assert "let base = 100" in script and "let y = base + 1" in script
    assert "let z = y * 2\n" in script
    assert "broken" not in script and "let w" not in script and "let v" not in script
    with open(os.path.join(directory, "out.scn"), "a") as f:
        f.write("print y\nprint z\n")
    run = subprocess.run([BIN, "run", "out.scn"], cwd=directory, capture_output=True, text=True, timeout=10)
    assert run.returncode == 0 and run.stdout == "101\n202\n"


def test_repl_subcommand_loads_files_first():
    directory = scratch()
    with open(os.path.join(directory, "seed.scn"), "w") as f:
        f.write("let seed = 7\n")
    repl = Repl(args=["repl", "seed.scn"], cwd=directory)
    assert output_lines(repl.enter("seed")) == ["7"]
    assert repl.quit() == 0


def test_reset_env_and_help():
    repl = Repl()
    repl.enter("let z = 1")
    assert "z" in repl.enter(":env")
    assert ":save" in repl.enter(":help")
    repl.enter(":reset")
    assert "error" in repl.enter("z")
    assert "unknown command" in repl.enter(":frobnicate")
    assert "did you mean" not in repl.enter(":frobnicate")
    assert "unknown command ':hlep'; did you mean ':help'?" in repl.enter(":hlep")
    assert "did you mean ':quit'?" in repl.enter(":qiut")
    assert repl.quit() == 0


def test_save_never_replaces_a_file_without_save_bang():
    directory = scratch()
    with open(os.path.join(directory, "keep.scn"), "w") as f:
        f.write("let kept = 1\n")
    # A script that fails at its third line: the lost-work case.
    victim = "let a = 1\nlet b = 2\nlet c = 1 / 0\nlet d = 4\n"
    with open(os.path.join(directory, "victim.scn"), "w") as f:
        f.write(victim)
    repl = Repl(cwd=directory)
    repl.enter("let y = 2")
    refused = repl.enter(":save keep.scn")
    assert "not saved: 'keep.scn' already exists" in refused and ":save! keep.scn" in refused, refused
    assert "division by zero" in repl.enter(":load victim.scn")
    refused = repl.enter(":save victim.scn")
    assert "not saved: 'victim.scn' was loaded in this session" in refused, refused
    assert ":save! victim.scn" in refused
    refused = repl.enter(":save ./victim.scn")  # another name for the same file
    assert "was loaded" in refused, refused
    with open(os.path.join(directory, "victim.scn")) as f:
        assert f.read() == victim
    with open(os.path.join(directory, "keep.scn")) as f:
        assert f.read() == "let kept = 1\n"
    # A new file is written, and the REPL says what went into it.
    saved = output_lines(repl.enter(":save new.scn"))
    assert saved == ["saved 2 inputs (3 lines) to new.scn"], saved
    with open(os.path.join(directory, "new.scn")) as f:
        assert f.read() == "let y = 2\nlet a = 1\nlet b = 2\n"
    # :save! replaces, and says so.
    saved = output_lines(repl.enter(":save! keep.scn"))
    assert saved == ["saved 2 inputs (3 lines) to keep.scn, replacing the old file"], saved
    assert output_lines(repl.enter(":save! victim.scn"))[0].startswith("saved 2 inputs")
    assert repl.quit() == 0
    with open(os.path.join(directory, "keep.scn")) as f:
        assert f.read() == "let y = 2\nlet a = 1\nlet b = 2\n"
    assert sorted(os.listdir(directory)) == ["keep.scn", "new.scn", "victim.scn"]  # no temporary files


def test_a_file_given_to_repl_is_not_replaced_by_save():
    directory = scratch()
    with open(os.path.join(directory, "model.scn"), "w") as f:
        f.write("let m = 1\n")
    repl = Repl(args=["repl", "model.scn"], cwd=directory)
    assert "was loaded in this session" in repl.enter(":save model.scn")
    assert repl.quit() == 0


# --- the seed scenario, end to end (needs the deal domain, issue 3) ------------

def test_model_the_seed_scenario_make_mistakes_and_come_back():
    state = scratch()
    repl = Repl(state=state)
    first = repl.enter("deal cursor at 60B; breakup 10B; close Q3 2026")
    assert "error" not in first
    repl.enter("condition regulatory 80%")
    summary = output_lines(repl.enter("cursor"))
    assert len(summary) == 1 and summary[0].startswith("deal cursor: $60B"), summary
    assert "p_close 80%" in summary[0]
    mistake = repl.enter("cursor.expected_cots")
    assert "error" in mistake and "^" in mistake
    repl.send("cursor.expected_c\t")
    time.sleep(0.3)
    assert output_lines(repl.enter("")) == ["$50B"]
    assert output_lines(repl.enter("cursor.walk_away")) == ["$10B"]
    assert repl.quit() == 0
    # the next day: the history is there, and replaying it rebuilds the deal
    again = Repl(state=state)
    for _ in range(6):
        again.send(UP)
        time.sleep(0.05)
    time.sleep(0.2)
    assert "error" not in again.enter("")  # the deal line
    again.send(UP * 6)  # the condition line (Up starts from the newest again)
    time.sleep(0.3)
    assert "error" not in again.enter("")
    assert output_lines(again.enter("cursor.expected_cost")) == ["$50B"]
    assert again.quit() == 0


# --- not a terminal ------------------------------------------------------------

def test_piped_stdin_runs_as_a_script():
    for args in ([], ["repl"]):
        run = subprocess.run([BIN] + args, input="let x = 2\nx + 1\nprint x * 10\n",
                             capture_output=True, text=True, timeout=10)
        assert run.returncode == 0
        assert run.stdout == "20\n"  # no prompts, no echo
    failed = subprocess.run([BIN], input="print 1\nlet y = 1 / 0\n", capture_output=True, text=True, timeout=10)
    assert failed.returncode == 1 and failed.stdout == "1\n" and "<stdin>:2:" in failed.stderr


# --- a runner for when pytest is not installed -----------------------------------

def run_all(namespace):
    """Runs every `test_*` function of `namespace`, reporting each; 1 if any failed."""
    failures = skipped = 0
    tests = [(name, f) for name, f in sorted(namespace.items()) if name.startswith("test_") and callable(f)]
    for name, test in tests:
        try:
            test()
            print("ok  ", name)
        except Skipped as reason:
            skipped += 1
            print("skip", name, "-", reason)
        except Exception as error:  # report every failure, then fail
            failures += 1
            print("FAIL", name, "-", repr(error))
    print(f"{len(tests) - failures - skipped} passed, {skipped} skipped, {failures} failed")
    return 1 if failures else 0


def main(path=__file__, namespace=None):
    """Runs the tests of the file at `path` with pytest, or without it."""
    try:
        import pytest
    except ImportError:
        pytest = None
    if pytest is not None:
        return pytest.main([os.path.abspath(path), "-q", "-p", "no:cacheprovider"])
    return run_all(globals() if namespace is None else namespace)


if __name__ == "__main__":
    sys.exit(main())
