"""Each practice (stage) told to residents in one plain sentence (language level B1)."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.stages import Stage

STAGE_SENTENCES = {
    Stage.INTAKE: _l("We have received your idea. First we want to get to know it well."),
    Stage.MAPPING: _l("We are finding out what is needed. We listen, look around and talk to others."),
    Stage.RELATIONS: _l("We are getting in touch with neighbours and others who can help."),
    Stage.SUPPORT: _l(
        "Together with everyone who takes part, we are making a plan that many people support."
    ),
    Stage.EMBEDDING: _l("We are bringing your idea to the right people and departments of the municipality."),
    Stage.PRACTICAL_SUPPORT: _l(
        "We are helping with practical things, such as money, materials or organising."
    ),
    Stage.CLOSED: _l("We have finished our work on this initiative."),
}
