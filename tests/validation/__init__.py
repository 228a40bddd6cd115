"""Tests of rlhf_disclosure/validation/: the fixtures with golden output, the messages."""
