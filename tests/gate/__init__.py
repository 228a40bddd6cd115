"""Tests of rlhf_disclosure/gate/: `check`, its rules, policy files and ignore comments."""
