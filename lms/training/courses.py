"""The catalogue (the PMO): courses with what they develop, their prerequisites, materials and
default trainers; and the rooms classes are held in."""

from __future__ import annotations

from ..audit.services import record, register_action
from ..errors import ServiceError
from ..extensions import db
from ..i18n import CONTENT_LANGUAGES, N_
from ..i18n import gettext as _
from ..permissions import ensure
from .clashes import LIVE
from .models import (
    Course,
    CourseCompetency,
    CourseMaterial,
    DeliveryMode,
    Room,
    TrainingClass,
)
from .permissions import can_manage_training

register_action("training.course_saved", N_("Course added or changed"))
register_action("training.room_saved", N_("Room added or changed"))


def save_course(
    course: Course | None,
    *,
    actor,
    idnumber: str,
    names: dict,
    descriptions: dict | None = None,
    mode: DeliveryMode = DeliveryMode.CLASSROOM,
    duration_hours: float = 0,
    needs_approval: bool = False,
    completion_share: int = 100,
    competencies: dict[int, int] | None = None,
    prerequisites: list[Course] = (),
    trainers=(),
    materials: list[tuple[str, str]] = (),
    is_retired: bool = False,
) -> Course:
    """A new course (course None) or the course changed as given. `competencies`: competency
    id -> the level the course brings it to. Raises ServiceError on the field at fault: an id
    number another course has, no English name, a completion share outside 1-100, a course
    that is its own prerequisite (directly or through others)."""
    ensure(can_manage_training(actor))
    idnumber = idnumber.strip()
    _check_course(course, idnumber, names, completion_share, prerequisites)
    target = course or Course()
    target.idnumber, target.names = idnumber, dict(names)
    target.descriptions = dict(descriptions or {})
    target.mode, target.duration_hours = mode, duration_hours
    target.needs_approval, target.completion_share = needs_approval, completion_share
    target.is_retired = is_retired
    target.competencies = [
        CourseCompetency(competency_id=cid, level=level)
        for cid, level in sorted((competencies or {}).items())
    ]
    target.prerequisites, target.trainers = list(prerequisites), list(trainers)
    target.materials = [
        CourseMaterial(title=title.strip(), url=url.strip()) for title, url in materials
    ]
    target.search_text = search_text_of(target)
    db.session.add(target)
    db.session.flush()
    record(actor, "training.course_saved", target, label=target.name)
    return target


def search_text_of(course: Course) -> str:
    parts = [course.idnumber]
    for texts in (course.names, course.descriptions):
        parts += [texts.get(lang, "") for lang in CONTENT_LANGUAGES]
    return "\n".join(p for p in parts if p).lower()


def _check_course(course, idnumber: str, names: dict, share: int, prerequisites) -> None:
    if not idnumber:
        raise ServiceError(_("Give the course an id number."), field="idnumber")
    taken = db.session.scalar(db.select(Course.id).where(Course.idnumber == idnumber))
    if taken is not None and (course is None or taken != course.id):
        raise ServiceError(_("Another course has this id number."), field="idnumber")
    if not (names.get("en") or "").strip():
        raise ServiceError(_("Give the course an English name."), field="name_en")
    if not 1 <= share <= 100:
        raise ServiceError(_("The share must be between 1 and 100."), field="completion_share")
    if course is not None and course.id in _reachable(prerequisites):
        raise ServiceError(
            _("A course cannot need itself, directly or through its prerequisites."),
            field="prerequisites",
        )


def _reachable(courses) -> set[int]:
    """The ids of these courses and of every course they need, however deep."""
    seen: set[int] = set()
    todo = list(courses)
    while todo:
        course = todo.pop()
        if course.id not in seen:
            seen.add(course.id)
            todo.extend(course.prerequisites)
    return seen


def save_room(
    room: Room | None,
    *,
    actor,
    name: str,
    location: str = "",
    capacity: int,
    is_retired: bool = False,
) -> Room:
    """A new room or the room changed. Raises ServiceError: a name another room has, fewer
    than one seat, or fewer seats than a scheduled class in it has (the class is named)."""
    ensure(can_manage_training(actor))
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the room a name."), field="name")
    taken = db.session.scalar(db.select(Room.id).where(Room.name == name))
    if taken is not None and (room is None or taken != room.id):
        raise ServiceError(_("Another room has this name."), field="name")
    if capacity < 1:
        raise ServiceError(_("A room needs at least one seat."), field="capacity")
    if room is not None:
        _check_classes_fit(room, capacity)
    target = room or Room()
    target.name, target.location = name, location.strip()
    target.capacity, target.is_retired = capacity, is_retired
    db.session.add(target)
    db.session.flush()
    record(actor, "training.room_saved", target, label=target.name)
    return target


def _check_classes_fit(room: Room, capacity: int) -> None:
    bigger = db.session.scalars(
        db.select(TrainingClass)
        .where(
            TrainingClass.room_id == room.id,
            TrainingClass.state.in_(LIVE),
            TrainingClass.capacity > capacity,
        )
        .order_by(TrainingClass.id)
        .limit(1)
    ).first()
    if bigger is not None:
        raise ServiceError(
            _(
                "%(class)s has %(seats)s seats in this room: change that class first.",
                **{"class": bigger.label, "seats": bigger.capacity},
            ),
            field="capacity",
        )
