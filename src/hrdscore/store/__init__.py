"""The evidence store: the only code that touches TinyDB."""

from hrdscore.store.audit import AuditEntry, verify_chain
from hrdscore.store.database import Store, Transaction
from hrdscore.store.importer import IMPORT_KINDS, ImportResult, import_file
from hrdscore.store.repository import Changes, Repository
from hrdscore.store.seed import seed
from hrdscore.store.snapshot import EVIDENCE_KINDS, ActorEvidence, Snapshot

__all__ = [
    "EVIDENCE_KINDS",
    "IMPORT_KINDS",
    "ActorEvidence",
    "AuditEntry",
    "Changes",
    "ImportResult",
    "Repository",
    "Snapshot",
    "Store",
    "Transaction",
    "import_file",
    "seed",
    "verify_chain",
]
