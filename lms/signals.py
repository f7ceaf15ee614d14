"""The catalogue of signals one package sends and others receive (blinker, synchronous).

A receiver runs inside the sender's transaction, so both land or neither does. Receivers live
in the consuming package's `receivers.py` and are connected by its `init_app`; they return data
(lms.outcomes.Outcome), never UI text. Every signal here has a sender and a receiver test
(tests/test_signals.py).
"""

from blinker import Namespace

_signals = Namespace()

user_created = _signals.signal(
    "user-created",
    doc="A person was added. Sender: the User; kwargs: actor (User or None).",
)
user_deactivated = _signals.signal(
    "user-deactivated",
    doc="A person can no longer log in; their history stays. Sender: the User; kwargs: actor.",
)
people_imported = _signals.signal(
    "people-imported",
    doc="A people CSV was imported. Sender: the ImportResult; kwargs: actor. Each person it "
    "created was announced with user-created before.",
)
framework_published = _signals.signal(
    "framework-published",
    doc="A framework version was published. Sender: the Framework; kwargs: replaced (the "
    "versions archived by it, same id number), actor. A receiver may return a list of "
    "lms.outcomes.Outcome saying what it did in turn; the PMO who published reads them.",
)
training_completed = _signals.signal(
    "training-completed",
    doc="A learner met their course's completion rule. Sender: the Enrolment; kwargs: "
    "person_id, course_id, course_names (translatable data), hours, completed_on (date), "
    "actor. Receivers record it (competencies: evidence on the profile, the plan activity "
    "linked to the course done) in the same transaction.",
)
activity_completed = _signals.signal(
    "activity-completed",
    doc="Someone finished a thing a development plan may name (a class attended, a document "
    'read). Sender: the link kind (e.g. "course", "document"); kwargs: person_id, link_id, '
    "actor. The plan activities of that person that name it complete by themselves.",
)


def announce_activity_completed(
    link_kind: str, *, person_id: int, link_id: int, actor=None
) -> None:
    """What a feature calls when someone finished a thing a plan may name (training: a class
    attended; the library: a document read): the one sender of activity-completed."""
    activity_completed.send(link_kind, person_id=person_id, link_id=link_id, actor=actor)


project_closed = _signals.signal(
    "project-closed",
    doc="A project was closed and its actuals frozen. Sender: the Project; kwargs: person_id "
    "(its PM), code, name, months (led, from the original baseline's start to the closing), "
    "team_size, complexity (the CIFTER total or None), closed_on (date), lessons (a list of "
    "{title, what_happened, recommendation, is_positive}), actor. Receivers record it in the "
    "same transaction (competencies: project-led evidence on the PM's profile; the club: each "
    "lesson as the PM's draft lesson).",
)
project_staffed = _signals.signal(
    "project-staffed",
    doc="The PMO chose the PM of a key project. Sender: the Project; kwargs: person_id (the "
    "PM chosen), code, name, level (the career level id number its complexity calls for, or "
    "None), add_to_plan (whether the assignment joins the PM's development plan), due_on (the "
    "planned finish or None), actor. Receivers act in the same transaction (competencies: "
    "the stretch assignment as an activity of the PM's open plan).",
)
