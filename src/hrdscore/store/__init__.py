"""The evidence store: the only code that touches TinyDB or PostgreSQL (`open_store` picks
the backend from a file path or a `postgresql://` URL)."""

from hrdscore.snapshot import EVIDENCE_KINDS, ActorEvidence, Snapshot
from hrdscore.store.audit import AuditEntry, verify_chain
from hrdscore.store.backends import open_store
from hrdscore.store.database import Store, Transaction
from hrdscore.store.importer import IMPORT_KINDS, ImportResult, import_file
from hrdscore.store.keys import ApiKey, KeyRepository, Role, create_key, list_keys, revoke_key
from hrdscore.store.repository import Changes, Repository
from hrdscore.store.seed import seed

__all__ = [
    "EVIDENCE_KINDS",
    "IMPORT_KINDS",
    "ActorEvidence",
    "ApiKey",
    "AuditEntry",
    "Changes",
    "ImportResult",
    "KeyRepository",
    "Repository",
    "Role",
    "Snapshot",
    "Store",
    "Transaction",
    "create_key",
    "import_file",
    "list_keys",
    "open_store",
    "revoke_key",
    "seed",
    "verify_chain",
]
