"""Tests of the repository as a whole: architecture, packaging, release, set-up, the
pre-commit hooks and the GitHub Action, the README."""
