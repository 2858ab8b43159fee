"""changjing（场景）: the registry and public site of the Jincheng ETDZ application-scenario programme."""

__version__ = "0.1.0"
