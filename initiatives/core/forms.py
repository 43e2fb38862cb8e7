"""Form pieces shared by the domains."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectMultipleField, widgets


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, which works well without JavaScript."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class VersionField(HiddenField):
    """The version of the record the form was built from, to catch a colleague's edit."""

    def __init__(self, **kwargs):
        super().__init__(_l("Version"), **kwargs)

    def is_stale(self, record):
        """Return whether `record` changed since this form was built."""
        try:
            return int(self.data) != record.version
        except (TypeError, ValueError):
            return True


class DayField(DateField):
    """A date: ISO from the browser's date picker, or typed the Dutch way (23-11-2026)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a valid date, for example 23-11-2026.")) from None
