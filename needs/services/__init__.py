"""Writes for needs, projects, notifications and residents' requests, one module per
sub-domain (``posting``, ``projects``, ``notifications``, ``requests``); the project
lifecycle's table is ``needs.lifecycle`` and who may write is ``needs.rules``.

Keyword-only and typed like ``partners.services``. Validation failures raise
:class:`core.errors.InvalidInputError` naming the field at fault. The names below are
the services other apps call (``from needs import services``).
"""

from needs.services.claims import (
    claim_record,
    project_confirm,
    project_refuse,
    project_withdraw,
)
from needs.services.notifications import (
    notification_email_send,
    notification_mark_read,
    notification_send,
    notifications_mark_all_read,
)
from needs.services.posting import (
    SETTABLE_NEED_STATUSES,
    NeedData,
    need_delete,
    need_post,
    need_update,
)
from needs.services.projects import (
    ServiceData,
    default_quarter,
    need_status_from_projects,
    project_accept,
    project_cancel,
    project_create,
    project_decline,
    project_deliver,
    project_dispatch,
    project_evaluate,
    project_start,
    projects_dispatch,
    projects_propose,
    proposed_work_notify,
)
from needs.services.requests import (
    REQUEST_TEXT_MAX,
    request_convert,
    request_decline,
    request_need_defaults,
    request_post,
)

__all__ = [
    "REQUEST_TEXT_MAX",
    "SETTABLE_NEED_STATUSES",
    "NeedData",
    "ServiceData",
    "claim_record",
    "default_quarter",
    "need_delete",
    "need_post",
    "need_status_from_projects",
    "need_update",
    "notification_email_send",
    "notification_mark_read",
    "notification_send",
    "notifications_mark_all_read",
    "project_accept",
    "project_cancel",
    "project_confirm",
    "project_create",
    "project_decline",
    "project_deliver",
    "project_dispatch",
    "project_evaluate",
    "project_refuse",
    "project_start",
    "project_withdraw",
    "projects_dispatch",
    "projects_propose",
    "proposed_work_notify",
    "request_convert",
    "request_decline",
    "request_need_defaults",
    "request_post",
]
