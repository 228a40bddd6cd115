"""Tests of rlhf_disclosure/scaffold.py: the file `init` writes."""
