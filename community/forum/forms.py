"""The forum's forms: a category (PMO), a new topic, a reply, a reader's place and level."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from community.tags.forms import TagField
from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm, VersionedForm, translatable_fields

from .models import FlagReason, Level
from .services import BODY_MAX, TITLE_MAX

LEVEL_LABELS = {
    Level.WATCHING: _l("Watching"),
    Level.TRACKING: _l("Tracking"),
    Level.NORMAL: _l("Normal"),
    Level.MUTED: _l("Muted"),
}
LEVEL_HINTS = {
    Level.WATCHING: _l("You are told of every new post."),
    Level.TRACKING: _l("Unread posts are counted for you; you are told of replies to you."),
    Level.NORMAL: _l("You are told when someone replies to you."),
    Level.MUTED: _l("You are never told, and the topic is left out of your latest list."),
}
CATEGORY_LEVEL_SAVED = {
    Level.WATCHING: _l("You will be told of every post in this category."),
    Level.TRACKING: _l("You track this category: unread posts are counted for you."),
    Level.NORMAL: _l("This category is back to normal."),
    Level.MUTED: _l("Muted: this category's topics are left out of your latest and new lists."),
}
MARKDOWN_HINT = _l(
    "Markdown: **bold**, *italic*, [link](https://...), > quote, - list, `code`, tables."
)


class CategoryForm(translatable_fields(name_length=100, description_length=1000), VersionedForm):
    slug = StringField(
        _l("Web name"),
        validators=[DataRequired(), Length(max=60)],
        description=_l("Lower-case letters, digits and hyphens; it appears in links."),
    )
    position = IntegerField(
        _l("Position"), default=0, validators=[InputRequired(), NumberRange(min=0, max=1000)]
    )
    is_read_only = BooleanField(
        _l("Announcements"), description=_l("Only the PMO starts topics; members reply.")
    )
    moderators = TextAreaField(
        _l("Moderators"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Their e-mail addresses, one a line: they moderate this category."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save category"))


def title_field(**options) -> StringField:
    """A topic's title, the same when it is created and when its first post is edited."""
    return StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)], **options)


class TopicForm(BaseForm):
    category_id = SelectField(_l("Category"), coerce=int, validate_choice=False)
    title = title_field(
        description=_l("A short question or statement, e.g. “How do you size contingency?”")
    )
    body = TextAreaField(
        _l("Post"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 10},
    )
    is_question = BooleanField(
        _l("This is a question"),
        description=_l("You can then mark the reply that answered it."),
    )
    tag_ids = TagField(_l("Tags"))
    competency = StringField(widget=HiddenInput(), validators=[Optional(), Length(max=100)])
    draft_version = IntegerField(widget=HiddenInput(), validators=[Optional()], default=0)
    submit = SubmitField(_l("Create topic"))


class ReplyForm(BaseForm):
    body = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 8},
    )
    reply_to = IntegerField(widget=HiddenInput(), validators=[Optional()])
    draft_version = IntegerField(widget=HiddenInput(), validators=[Optional()], default=0)
    submit = SubmitField(_l("Reply"))


class EditForm(BaseForm):
    body = TextAreaField(
        _l("Post"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 10},
    )
    reason = StringField(
        _l("Reason for the edit"),
        validators=[Optional(), Length(max=200)],
        description=_l("Shown in the post's history, e.g. “corrected the figures”."),
    )
    seen_revision = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Save edit"))


class FirstPostEditForm(EditForm):
    """Editing a topic's first post edits the topic's title and tags too."""

    title = title_field()
    tag_ids = TagField(_l("Tags"))


class DraftForm(BaseForm):
    body = TextAreaField(validators=[Optional(), Length(max=BODY_MAX)])
    title = StringField(validators=[Optional(), Length(max=TITLE_MAX)])
    category_id = IntegerField(validators=[Optional()])
    draft_version = IntegerField(validators=[Optional()], default=0)


class ReadForm(BaseForm):
    number = IntegerField(validators=[InputRequired(), NumberRange(min=0)])


class LevelForm(BaseForm):
    level = SelectField(
        _l("Notifications"),
        coerce=int,
        choices=[SelectChoice(int(level), label) for level, label in LEVEL_LABELS.items()],
    )
    submit = SubmitField(_l("Save"))


FLAG_LABELS = {
    FlagReason.OFF_TOPIC: _l("It is off-topic"),
    FlagReason.INAPPROPRIATE: _l("It is inappropriate"),
    FlagReason.SPAM: _l("It is spam"),
    FlagReason.OTHER: _l("Something else"),
}


class FlagForm(BaseForm):
    reason = RadioField(
        _l("Why should a moderator look at this post?"),
        choices=[SelectChoice(str(reason), label) for reason, label in FLAG_LABELS.items()],
        validators=[InputRequired()],
    )
    text = TextAreaField(
        _l("What is wrong"),
        validators=[Optional(), Length(max=500)],
        description=_l("Needed for “Something else”; moderators read it."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Flag post"))


class MoveForm(BaseForm):
    category_id = SelectField(_l("Move to category"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Move topic"))


class MergeForm(BaseForm):
    target_id = IntegerField(
        _l("Merge into topic number"),
        validators=[InputRequired(), NumberRange(min=1)],
        description=_l("The number in the other topic's address, e.g. 42 in /club/t/42."),
    )
    submit = SubmitField(_l("Merge topic"))
