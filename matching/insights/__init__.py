"""Insights for street and district administrators and for the liaison meeting: where
needs go unserved (:mod:`.coverage`), how partners hold the district together
(:mod:`.network`), how the quarters went (:mod:`.trends`) and what to do about it
(:mod:`.recommendations`). All of them read; none writes."""
