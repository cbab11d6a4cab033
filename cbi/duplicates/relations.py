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
    # The right to assistive products ended or suspended (AP-RIGHT-1..3) is the person's, so the
    # survivor may not apply while it is; a complaint goes with the decision it is about; a consent
    # and an agency's subscription are about the person, whichever record the registry keeps.
    "applications.RightEvent",
    "complaints.Complaint",
    "agencies.Consent",
    "agencies.Subscription",
)

# A moved record that the survivor already has one of (an address of the same kind; a consent in
# force to the same purpose; an agency's subscription in force for the same purpose) stays with
# the merged person instead of refusing the merge: the survivor's own is the current one.
KEEP_ON_CONFLICT: frozenset[str] = frozenset({"registry.Address", "agencies.Consent", "agencies.Subscription"})

KEPT: dict[str, str] = {
    "audit.AccessEvent": "who read which person's data stays true as it happened",
    "accounts.CodeDelivery": "the record of a code sent to the person, as it was sent",
    "duplicates.DuplicatePair": "the pair itself names both persons",
    "duplicates.Merge": "the merge names both persons",
}
