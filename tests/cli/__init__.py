"""Tests of rlhf_disclosure/cli/: arguments, exit codes, formats, what a command imports."""
