"""The zone's other programmes tracked beside the scenario lists.

* 晋创谷·晋城 2026 targets (晋市政办〔2024〕38号): :mod:`.targets`;
* enterprise innovation coverage (晋市政办〔2020〕31号): the survey kind
  (:mod:`.survey`), staff 销号 in lists/coverage.yaml and the monthly summary
  (:mod:`.coverage`).

The staff files' models are in :mod:`.models`; the check stage in :mod:`.stage`;
commands in :mod:`.commands`; site pages in :mod:`.site`.
"""
