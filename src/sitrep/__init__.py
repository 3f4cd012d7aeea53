"""sitrep: read news, write conflict-event data (ACLED codebook), offline and auditable."""

__version__ = "0.1.0"
