"""Output: reporters chosen by name (text, json, github), atomic file writes and the GitHub Action's report."""
