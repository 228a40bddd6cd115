"""The test suite, a package so its helpers are imported by one name: `tests.cli_helpers`."""
