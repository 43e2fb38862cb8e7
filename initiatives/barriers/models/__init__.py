"""Barrier and help tables."""

from initiatives.barriers.models.barrier import Barrier
from initiatives.barriers.models.categories import BarrierCategory, HelpCategory
from initiatives.barriers.models.help import Help, HelpEffect

__all__ = ["Barrier", "BarrierCategory", "Help", "HelpCategory", "HelpEffect"]
