"""SSH collection, parsing, snapshots, checks and the audit of the extranet."""
