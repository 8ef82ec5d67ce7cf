"""Identities at rest: field-level encryption of identifying fields, the key that opens them,
a person's consent, and erasure on request. See README, "Identities"."""
