"""The plan's indicator table, measured from what govops knows: the scorecard and its report."""
