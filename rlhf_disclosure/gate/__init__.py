"""The CI gate: policies, the check rules and the comments that turn rules off in a file."""
