"""The form of a case's location: two numbers (what the map's click fills in), saved together."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from initiatives.cases.location import location_problem
from initiatives.core.forms import VersionField

NUMBER_EXAMPLE = _l("Enter a number of degrees, for example 52.0907.")


class DegreesField(StringField):
    """A number of degrees, written with a point or (as in Dutch) a comma."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip().replace(",", ".")
        if not text:
            self.data = None
            return
        try:
            self.data = float(text)
        except ValueError:
            self.data = None
            raise ValueError(NUMBER_EXAMPLE) from None
        if self.data != self.data or self.data in (float("inf"), float("-inf")):
            self.data = None
            raise ValueError(NUMBER_EXAMPLE)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.6f}".rstrip("0").rstrip(".")


class LocationForm(FlaskForm):
    latitude = DegreesField(
        _l("Latitude"),
        validators=[Optional()],
        description=_l("Degrees north, for example 52.0907. Leave both empty for no location."),
    )
    longitude = DegreesField(
        _l("Longitude"),
        validators=[Optional()],
        description=_l("Degrees east, for example 5.1214."),
    )
    version = VersionField()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid:
            problem = location_problem(self.latitude.data, self.longitude.data)
            if problem is not None:
                failing = (
                    self.longitude
                    if self.latitude.data is not None and self.longitude.data is None
                    else self.latitude
                )
                failing.errors.append(problem)
                valid = False
        return valid

    def location(self):
        """The point the form holds, or None (no location)."""
        if self.latitude.data is None and self.longitude.data is None:
            return None
        return {"latitude": self.latitude.data, "longitude": self.longitude.data}
