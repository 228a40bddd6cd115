"""Coverage: the checklists (Casper et al., FMTI, EU AI Act), item statuses and the coverage report."""
