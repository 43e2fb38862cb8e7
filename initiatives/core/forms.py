"""Form pieces shared by the domains."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectMultipleField, validators, widgets
from wtforms.fields.choices import SelectChoice

from initiatives.core.dates import FIRST_YEAR, LAST_YEAR, in_supported_years, work_date_problem


class Length(validators.Length):
    """WTForms' Length in the house's words: "Gebruik hoogstens 200 tekens; u gebruikte er 212."

    WTForms' own Dutch speaks of "karakters" and leaves out how long the text is now.
    """

    def __init__(self, min=-1, max=-1, message=None):
        if message is None and min == -1:
            message = _l("Use at most %(max)d characters; you used %(length)d.")
        elif message is None and max == -1:
            message = _l("Use at least %(min)d characters.")
        super().__init__(min=min, max=max, message=message)


class NeededWhen(validators.Optional):
    """Optional for the form, but needed in a situation the operations check (a reason for a move
    back, a result on closing). The field is not labelled "(optional)": its description says when
    it is needed."""

    def __init__(self):
        super().__init__()
        self.field_flags = {**self.field_flags, "needed_when": True}


def no_choice_yet(label):
    """The first option of a select the user must choose in: empty, so nothing is preselected (a
    choice nobody made would count in the figures), e.g. "Kies een soort drempel…"."""
    return SelectChoice("", label)


def optional_id(value):
    """A select's `coerce` for ids with a `no_choice_yet` option: its empty value is None."""
    return None if value in ("", None) else int(value)


def strip_text(value):
    """A field filter: text without spaces around it, so that a blank choice is the empty one."""
    return value.strip() if isinstance(value, str) else value


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, which works well without JavaScript.

    A choice that is no longer offered (retired or removed while the form was open) is named
    for what it is, not by the number WTForms would show ("'8' is not a valid choice").
    """

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "invalid_choice_message",
            _l(
                "One of your choices is no longer offered: it was retired or removed in the "
                "meantime. Check the list and save again."
            ),
        )
        super().__init__(label, validators, **kwargs)


class VersionField(HiddenField):
    """The version of the record the form was built from, to catch a colleague's edit."""

    def __init__(self, **kwargs):
        super().__init__(_l("Version"), **kwargs)

    def process_formdata(self, valuelist):
        # A browser sends back the number it got; anything else (a tampered form) is refused
        # here, as a form error, instead of failing later in int().
        super().process_formdata(valuelist)
        if self.data in (None, ""):
            self.data = None
            return
        try:
            self.data = int(self.data)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(
                _l("Your request was incomplete or had expired. Go back, reload the page and try again.")
            ) from None


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
        if self.data is not None and not in_supported_years(self.data):
            self.data = None
            raise ValueError(
                _l("Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
            )


class WorkDate:
    """A validator: the date lies where the dates of a case's work can (`work_date_problem`)."""

    def __call__(self, form, field):
        problem = work_date_problem(field.data) if field.data is not None else None
        if problem is not None:
            raise validators.ValidationError(str(problem))
