"""The extranet's network: device collection, parsing and audits; probes of government services."""
