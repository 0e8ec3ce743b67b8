#!/usr/bin/env bash
# Installs what building and testing Scenario needs, when it is missing:
# libedit-dev (the REPL's line editor), man-db (the install test renders
# the man page with `man -l`), Python's pexpect (REPL tests through a
# pseudo-terminal) and numpy-financial (Tests/Finance/check_finance.py
# checks the finance functions against it). Safe to run again; does nothing
# when all is there.
set -euo pipefail

need_apt=()
dpkg -s libedit-dev >/dev/null 2>&1 || need_apt+=(libedit-dev)
dpkg -s man-db >/dev/null 2>&1 || need_apt+=(man-db)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import pexpect' >/dev/null 2>&1; then
    echo "setup: installing pexpect" >&2
    python3 -m pip install -q pexpect
fi

if ! python3 -c 'import numpy_financial' >/dev/null 2>&1; then
    echo "setup: installing numpy-financial" >&2
    python3 -m pip install -q numpy-financial
fi
