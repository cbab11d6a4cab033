"""Letters: every PDF the service produces (decisions, referrals, receipts), drawn from Django
templates as tagged, accessible PDF/UA-1 documents (docs/letters.md)."""
