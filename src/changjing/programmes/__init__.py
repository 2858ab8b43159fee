"""The zone's other programmes tracked beside the scenario lists.

* 晋创谷·晋城 2026 targets (晋市政办〔2024〕38号): :mod:`.targets`;
* enterprise innovation coverage (晋市政办〔2020〕31号): staff 销号 in
  lists/coverage.yaml and the monthly summary (:mod:`.coverage`).

Elsewhere, by layer: the survey submission model in :mod:`changjing.survey` (core),
the lists/ files' models in :mod:`changjing.lists.programme_models`, the site pages
in :mod:`changjing.site.programmes`. Here: the check stage (:mod:`.stage`, G- rules
in :mod:`.rules`), the workbooks (:mod:`.xlsx`) and the commands (:mod:`.commands`).
"""
