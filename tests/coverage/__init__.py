"""Tests of rlhf_disclosure/coverage/: the item registry and crosswalks, the coverage report."""
