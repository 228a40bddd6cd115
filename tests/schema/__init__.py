"""Tests of rlhf_disclosure/schema/: the JSON Schema export and the YAML dump."""
