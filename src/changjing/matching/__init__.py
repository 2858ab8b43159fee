"""供需对接: suggested matches between demands and supplies (records → match → outputs).

Reads records (:mod:`changjing.index`) and derived statuses
(:mod:`changjing.workflow`); writes nothing itself. The site, the CLI and the
staff sheets call :mod:`.engine`.
"""
