"""Tests of rlhf_disclosure/render/ and templates/: the HTML and Markdown reports."""
