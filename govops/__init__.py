"""govops: measure a provincial e-government extranet and government cloud against its plan."""

__version__ = "0.1.0"
