"""What the lifecycle tells the layers above it, without knowing who listens.

``project_outcome`` is sent inside the transaction of a project's step that says
something about the fit of need and offering: the partner accepted (``accepted``),
declined as not its kind of service (``declined``), or the resident rated the work
(``rated``, with ``rating``). Receivers (the reading engine's learning) answer ``True``
when they recorded something the matching index must pick up.
"""

from django.dispatch import Signal

project_outcome = Signal()  # sender=Project; project, outcome, actor_id, rating
