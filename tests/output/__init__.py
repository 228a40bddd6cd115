"""Tests of rlhf_disclosure/output/: how report files are written."""
