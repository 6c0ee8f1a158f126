"""The extranet: SSH collection, parsing, snapshots, checks, audits; service probes."""
