"""The matching engine: pure Python (numpy, scipy, networkx, jieba), no Django import.

Frozen dataclasses in (:mod:`matching.engine.types`), ranked and explained results out.
The Django side (``matching/index.py`` and friends) builds these from the database.
"""
