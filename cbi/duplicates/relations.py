"""What a merge moves from the merged person to the survivor, and what it leaves: one table.

Every relation to ``registry.Person`` is in exactly one of the two (a test fails on a new one,
so a new model that points at a person is classified when it is added). Each moved model points
at the person through its ``person`` field."""

from __future__ import annotations

MOVED: tuple[str, ...] = (
    "registry.IdentityDocument",
    "registry.Address",
    "registry.Assessment",
    "registry.DisabilityStatus",
    "registry.Representative",
    "registry.FamilyMember",
    "accounts.CabinetAccount",
    "accounts.Representation",
    "accounts.AuthorizationCode",
    "notifications.Notification",
    "documents.Document",
    "primary.PrimaryRegistration",
    "cabinet.CorrectionRequest",
    "integrations.VehicleRegisterCheck",
    "carqueue.CarApplication",
    "carqueue.QueueEntry",
    "applications.ProductApplication",
    "applications.IssuedProduct",
)

# A moved record that the survivor already has one of (an address of the same kind) stays with
# the merged person instead of refusing the merge: the survivor's own is the current one.
KEEP_ON_CONFLICT: frozenset[str] = frozenset({"registry.Address"})

KEPT: dict[str, str] = {
    "audit.AccessEvent": "who read which person's data stays true as it happened",
    "accounts.CodeDelivery": "the record of a code sent to the person, as it was sent",
    "duplicates.DuplicatePair": "the pair itself names both persons",
    "duplicates.Merge": "the merge names both persons",
}
