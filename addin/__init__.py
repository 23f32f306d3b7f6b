"""Customer intake add-in: read -> validate -> deduplicate -> classify -> follow-ups -> e-mail.

Each step is a subpackage (:mod:`addin.intake`, :mod:`addin.duplicates`, :mod:`addin.classify`,
:mod:`addin.followups`, :mod:`addin.mail`); :mod:`addin.jobs` holds the jobs that the command line
(:mod:`addin.cli`) and the Excel ribbon (:mod:`addin.excel`) both call. This top module imports
nothing, so that a ribbon button loads only the stages it uses.
"""

__all__: list[str] = []
