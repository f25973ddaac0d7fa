"""Personal data across the apps: what Jinlin holds about a person (her data request),
erasing it on request, and the audit trail of who changed what, scoped to those who
may read it. Consent records and audit events are kept with partners (``partners.models``);
this package reads and erases across every app, so it stands above them."""
