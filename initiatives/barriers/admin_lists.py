"""The barriers' two admin-editable lists, handed to the admin's list pages."""

from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.vocabularies.operations import register_vocabulary


def register_admin_lists():
    register_vocabulary("barrier_categories", BarrierCategory)
    register_vocabulary("help_categories", HelpCategory)
