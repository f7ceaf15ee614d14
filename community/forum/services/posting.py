"""Starting a topic and replying: Markdown rendered once and sanitised, @mentions, the
topic's search entries, telling its readers; files attached through the shared upload service.

A new post takes its number from one atomic UPDATE ... RETURNING on the topic row, so replies
written at the same moment get 2, 3, 4... with no gap or repeat, and the topic's counters never
lose a post."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from community.club import experts
from community.tags import queries as tag_queries
from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.search import services as search
from lms.web.markdown import plain_text, render_markdown
from lms.web.uploads import store_upload

from .. import mentions
from ..models import (
    Attachment,
    Category,
    CategoryReader,
    Draft,
    Level,
    Post,
    Topic,
    TopicReader,
)
from ..permissions import (
    can_attach_file,
    can_read_topic,
    can_reply_to_topic,
    can_start_topic,
)
from .reading import heard, place_reader

register_action("forum.file_attached", N_("File attached to a post"))
register_kind("forum.new_post", N_("%(name)s posted in “%(topic)s”, which you watch."))
register_kind("forum.mentioned", N_("%(name)s mentioned you in “%(topic)s”."))
register_kind("forum.replied", N_("%(name)s replied to your post in “%(topic)s”."))


TITLE_MIN, TITLE_MAX = 4, 200  # four: a Chinese title is short

BODY_MIN, BODY_MAX = 2, 32_000


def rendered(body: str) -> tuple[str, dict]:
    """The post's stored HTML (Markdown, sanitised, mentions linked) and who it mentions."""
    html = render_markdown(body)
    people = mentions.people_for(mentions.handles_in(html))
    return mentions.link_mentions(html, people), people


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ServiceError(
            _("A title has %(min)s to %(max)s characters.", min=TITLE_MIN, max=TITLE_MAX),
            field="title",
        )
    return title


def check_body(body: str) -> str:
    body = body.strip()
    if not BODY_MIN <= len(body) <= BODY_MAX:
        raise ServiceError(
            _("A post has %(min)s to %(max)s characters.", min=BODY_MIN, max=BODY_MAX),
            field="body",
        )
    return body


def start_topic(
    category: Category,
    *,
    actor,
    title: str,
    body: str,
    is_question: bool = False,
    competency_idnumber: str | None = None,
    tag_ids=(),
) -> Topic:
    """A new topic with its first post; its author now watches it, and their draft of it is
    done with. A question's asker later marks the reply that solved it; a question asked of a
    competency's experts (`competency_idnumber`) waits on their home pages until then."""
    ensure(can_start_topic(actor, category))
    title, body = check_title(title), check_body(body)
    if competency_idnumber and not is_question:
        raise ServiceError(_("Only a question is asked of the experts."), field="is_question")
    if competency_idnumber and experts.field_of(competency_idnumber) is None:
        raise ServiceError(_("That competency is not in the framework in use."), field="title")
    now = utcnow()
    topic = Topic(
        category=category,
        title=title,
        author_id=actor.id,
        created_at=now,
        last_posted_at=now,
        last_poster_id=actor.id,
        post_count=1,
        is_question=is_question,
        competency_idnumber=competency_idnumber or None,
    )
    topic.tags = tag_queries.by_ids(tag_ids)
    db.session.add(topic)
    db.session.flush()
    html, mentioned = rendered(body)
    post = Post(
        topic_id=topic.id,
        number=1,
        author_id=actor.id,
        body=body,
        html=html,
        created_at=now,
        updated_at=now,
    )
    db.session.add(post)
    db.session.flush()
    index_post(post, topic)
    db.session.execute(
        update(Category)
        .where(Category.id == category.id)
        .values(topic_count=Category.topic_count + 1, post_count=Category.post_count + 1)
        .execution_options(synchronize_session=False)
    )
    place_reader(actor.id, topic, last_read=1, level=Level.WATCHING, reason="created")
    db.session.execute(delete(Draft).where(Draft.user_id == actor.id, Draft.key == "new"))
    db.session.flush()
    tell_readers(topic, post, actor, mentioned)
    return topic


def reply_to_topic(topic: Topic, *, actor, body: str, reply_to_number: int | None = None) -> Post:
    """The topic's next post. `reply_to_number`: the post it answers (or quotes), whose author
    is told; everyone watching the topic is told too. The replier now watches it."""
    ensure(can_reply_to_topic(actor, topic))
    body = check_body(body)
    if reply_to_number is not None and not 1 <= reply_to_number <= topic.post_count:
        raise ServiceError(_("That post is not in this topic."), field="body")
    now = utcnow()
    html, mentioned = rendered(body)
    number = db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id, Topic.merged_into_id.is_(None))
        .values(post_count=Topic.post_count + 1, last_posted_at=now, last_poster_id=actor.id)
        .returning(Topic.post_count)
        .execution_options(synchronize_session=False)
    ).scalar()
    if number is None:  # merged into another topic while the reply was written
        raise ServiceError(_("This topic was merged into another one: reply there."), field="body")
    post = Post(
        topic_id=topic.id,
        number=number,
        author_id=actor.id,
        body=body,
        html=html,
        reply_to_number=reply_to_number,
        created_at=now,
        updated_at=now,
    )
    db.session.add(post)
    db.session.execute(
        update(Category)
        .where(Category.id == topic.category_id)
        .values(post_count=Category.post_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(topic, ["post_count", "last_posted_at", "last_poster_id"])
    index_post(post, topic)
    heard(topic.id, number)
    place_reader(actor.id, topic, last_read=number, level=Level.WATCHING, reason="replied")
    db.session.execute(
        delete(Draft).where(Draft.user_id == actor.id, Draft.key == f"topic-{topic.id}")
    )
    tell_readers(topic, post, actor, mentioned)
    return post


def index_post(post: Post, topic: Topic) -> None:
    """The post as search finds it: its words (the topic's title with the first post), its
    topic and category, whether it is shown and whether the topic is solved."""
    search.index(
        "post",
        post.id,
        title=topic.title if post.number == 1 else "",
        body=plain_text(post.html),
        parent_id=topic.id,
        number=post.number,
        scope_id=topic.category_id,
        author_id=post.author_id,
        is_visible=not (post.is_hidden or topic.is_hidden),
        is_solved=bool(topic.solution_number),
        tag_ids=[tag.id for tag in topic.tags],
        created_at=post.created_at,
    )


def tell_readers(topic: Topic, post: Post, actor, mentioned: dict) -> None:
    """Watchers hear of every post; the author of the post replied to hears of the reply,
    and everyone mentioned of the mention (who may read the topic), unless they muted it.
    Nobody hears of their own post, and each person of one notice only."""
    link = link_to(
        "forum.topic_at", topic_id=topic.id, number=post.number, _anchor=f"post-{post.number}"
    )
    rows = db.session.execute(
        select(TopicReader.user_id, TopicReader.level, TopicReader.reason).where(
            TopicReader.topic_id == topic.id
        )
    ).all()
    levels = {user_id: level for user_id, level, _reason in rows}
    chose_less = {
        user_id for user_id, level, reason in rows if reason == "chosen" and level < Level.WATCHING
    }
    replied_to = None
    if post.reply_to_number is not None:
        replied_to = db.session.scalar(
            select(Post.author_id).where(
                Post.topic_id == topic.id, Post.number == post.reply_to_number
            )
        )
    told = {
        user_id: "forum.new_post" for user_id, level in levels.items() if level >= Level.WATCHING
    }
    # those watching the whole category, unless they chose less for this topic
    for user_id in db.session.scalars(
        select(CategoryReader.user_id).where(
            CategoryReader.category_id == topic.category_id,
            CategoryReader.level == Level.WATCHING,
        )
    ):
        if user_id not in chose_less:
            told.setdefault(user_id, "forum.new_post")
    if replied_to is not None and levels.get(replied_to, Level.NORMAL) > Level.MUTED:
        told[replied_to] = "forum.replied"
    for person in mentioned.values():
        if levels.get(person.id, Level.NORMAL) > Level.MUTED and can_read_topic(person, topic):
            told[person.id] = "forum.mentioned"
    told.pop(actor.id, None)
    if not told:
        return
    people = db.session.scalars(select(User).where(User.id.in_(told), User.is_active)).all()
    for person in people:
        notify(person, told[person.id], link=link, name=actor.name, topic=topic.title)


def attach_file(upload, *, actor) -> Attachment:
    """Keep an uploaded file for a post being written: checked by type, content and size by
    the shared upload service (ServiceError at the "file" field). Returns its record; its
    Markdown (attachment_markdown) goes into the post."""
    ensure(can_attach_file(actor))
    stored = store_upload(upload, field="file")
    attachment = Attachment(
        token=secrets.token_hex(16),
        stored_name=stored.stored_name,
        file_name=stored.file_name,
        content_type=stored.content_type,
        size=stored.size,
        uploader_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    record(actor, "forum.file_attached", attachment, label=attachment.file_name)
    return attachment


def attachment_markdown(attachment: Attachment, url: str) -> str:
    """How the post shows it: an image in place, any other file as a link to download."""
    label = attachment.file_name.replace("[", "(").replace("]", ")")
    return f"![{label}]({url})" if attachment.is_image else f"[{label}]({url})"
