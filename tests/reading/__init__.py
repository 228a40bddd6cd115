"""Tests of rlhf_disclosure/reading/: the YAML loader, file discovery, the size limit."""
