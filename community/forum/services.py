"""The forum's rules: categories, starting a topic, replying, quoting, each reader's place and
notification level, and the moderator's pin and lock. Each service checks its predicate first
and writes in the caller's transaction.

A new post takes its number from one atomic UPDATE ... RETURNING on the topic row, so replies
written at the same moment get 2, 3, 4... with no gap or repeat, and the topic's counters never
lose a post; a reader's place only moves forward (one upsert keeping the higher number).
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from community.club import experts
from community.tags import queries as tag_queries
from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import as_utc, utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.search import services as search
from lms.search.models import SearchEntry
from lms.web.markdown import plain_text, render_markdown
from lms.web.uploads import store_upload

from . import mentions
from .models import (
    Attachment,
    Category,
    CategoryReader,
    Draft,
    FlagState,
    Level,
    Post,
    PostFlag,
    PostLike,
    PostRevision,
    Topic,
    TopicReader,
)
from .permissions import (
    can_accept_answer,
    can_attach_file,
    can_edit_post,
    can_follow_category,
    can_follow_topic,
    can_keep_draft,
    can_like_post,
    can_manage_forum,
    can_moderate_category,
    can_read_topic,
    can_reply_to_topic,
    can_start_topic,
)
from .queries import forget_category_levels, forget_moderators

TITLE_MIN, TITLE_MAX = 4, 200  # four: a Chinese title is short
BODY_MIN, BODY_MAX = 2, 32_000
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

register_action("forum.category_saved", N_("Forum category saved"))
register_action("forum.file_attached", N_("File attached to a post"))
register_action("forum.topic_pinned", N_("Topic pinned"))
register_action("forum.topic_unpinned", N_("Topic unpinned"))
register_action("forum.topic_locked", N_("Topic locked"))
register_action("forum.topic_unlocked", N_("Topic unlocked"))
register_kind("forum.new_post", N_("%(name)s posted in “%(topic)s”, which you watch."))
register_kind("forum.mentioned", N_("%(name)s mentioned you in “%(topic)s”."))
register_kind("forum.replied", N_("%(name)s replied to your post in “%(topic)s”."))
register_kind("forum.pinned", N_("A moderator pinned your topic “%(topic)s”."))
register_kind("forum.unpinned", N_("A moderator unpinned your topic “%(topic)s”."))
register_kind("forum.locked", N_("A moderator closed your topic “%(topic)s” to replies."))
register_kind("forum.unlocked", N_("A moderator opened your topic “%(topic)s” to replies again."))


def save_category(
    category: Category | None,
    *,
    actor,
    slug: str,
    names: dict[str, str],
    descriptions: dict[str, str] | None = None,
    position: int = 0,
    is_read_only: bool = False,
    moderator_emails: list[str] | None = None,
) -> Category:
    """A new category or the category changed; `moderator_emails` (None: unchanged) names its
    own moderators. Raises ServiceError: no English name, a web name (slug) that is malformed
    or another category's, or an address of nobody active."""
    ensure(can_manage_forum(actor))
    slug = slug.strip().lower()
    if not SLUG.fullmatch(slug) or len(slug) > 60:
        raise ServiceError(
            _("Use lower-case letters, digits and single hyphens, e.g. risk-management."),
            field="slug",
        )
    taken = db.session.scalar(select(Category.id).where(Category.slug == slug))
    if taken is not None and (category is None or taken != category.id):
        raise ServiceError(_("Another category has this web name."), field="slug")
    names = {code: text.strip() for code, text in names.items() if text and text.strip()}
    if not names.get("en"):
        raise ServiceError(_("Give the category an English name."), field="name_en")
    target = category or Category()
    target.slug, target.names, target.position = slug, names, position
    target.descriptions = {
        code: text.strip() for code, text in (descriptions or {}).items() if text and text.strip()
    }
    target.is_read_only = is_read_only
    if moderator_emails is not None:
        target.moderators = _moderators(moderator_emails)
        forget_moderators()
    db.session.add(target)
    db.session.flush()
    record(actor, "forum.category_saved", target, label=names["en"])
    return target


def _moderators(emails: list[str]) -> list[User]:
    wanted = {e.strip().lower() for e in emails if e.strip()}
    found = db.session.scalars(
        select(User).where(func.lower(User.email).in_(wanted), User.is_active)
    ).all()
    unknown = wanted - {person.email.lower() for person in found}
    if unknown:
        raise ServiceError(
            _("Nobody active has the address %(emails)s.", emails=", ".join(sorted(unknown))),
            field="moderators",
        )
    return list(found)


def _rendered(body: str) -> tuple[str, dict]:
    """The post's stored HTML (Markdown, sanitised, mentions linked) and who it mentions."""
    html = render_markdown(body)
    people = mentions.people_for(mentions.handles_in(html))
    return mentions.link_mentions(html, people), people


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ServiceError(
            _("A title has %(min)s to %(max)s characters.", min=TITLE_MIN, max=TITLE_MAX),
            field="title",
        )
    return title


def _check_body(body: str) -> str:
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
    title, body = _check_title(title), _check_body(body)
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
    html, mentioned = _rendered(body)
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
    _index(post, topic)
    db.session.execute(
        update(Category)
        .where(Category.id == category.id)
        .values(topic_count=Category.topic_count + 1, post_count=Category.post_count + 1)
        .execution_options(synchronize_session=False)
    )
    _place(actor.id, topic, last_read=1, level=Level.WATCHING, reason="created")
    db.session.execute(delete(Draft).where(Draft.user_id == actor.id, Draft.key == "new"))
    db.session.flush()
    _tell_readers(topic, post, actor, mentioned)
    return topic


def reply_to_topic(topic: Topic, *, actor, body: str, reply_to_number: int | None = None) -> Post:
    """The topic's next post. `reply_to_number`: the post it answers (or quotes), whose author
    is told; everyone watching the topic is told too. The replier now watches it."""
    ensure(can_reply_to_topic(actor, topic))
    body = _check_body(body)
    if reply_to_number is not None and not 1 <= reply_to_number <= topic.post_count:
        raise ServiceError(_("That post is not in this topic."), field="body")
    now = utcnow()
    html, mentioned = _rendered(body)
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
    _index(post, topic)
    _heard(topic.id, number)
    _place(actor.id, topic, last_read=number, level=Level.WATCHING, reason="replied")
    db.session.execute(
        delete(Draft).where(Draft.user_id == actor.id, Draft.key == f"topic-{topic.id}")
    )
    _tell_readers(topic, post, actor, mentioned)
    return post


def _index(post: Post, topic: Topic) -> None:
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


def _tell_readers(topic: Topic, post: Post, actor, mentioned: dict) -> None:
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


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(TopicReader)


def _higher(column, value):
    return case((column > value, column), else_=value)


def _heard(topic_id: int, post_count: int) -> None:
    """Every reader's row learns the topic now has `post_count` posts (see TopicReader)."""
    db.session.execute(
        update(TopicReader)
        .where(TopicReader.topic_id == topic_id, TopicReader.topic_posts < post_count)
        .values(topic_posts=post_count)
        .execution_options(synchronize_session=False)
    )


def _place(user_id: int, topic: Topic, *, last_read: int, level: Level | None, reason: str) -> None:
    """Move a reader's place forward to `last_read` (never back), and raise their level to
    `level` (never lower it; None leaves it, a first read starts at tracking). Both counts only
    rise, so places written at once by a read and a reply end right whatever their order."""
    table = TopicReader.__table__.c
    now = utcnow()
    values = {
        "last_read": _higher(table.last_read, last_read),
        "topic_posts": _higher(table.topic_posts, topic.post_count),
        "updated_at": now,
    }
    if level is not None:
        values["level"] = _higher(table.level, int(level))
        values["reason"] = case((table.level < int(level), reason), else_=table.reason)
    statement = (
        _insert()
        .values(
            user_id=user_id,
            topic_id=topic.id,
            last_read=last_read,
            topic_posts=topic.post_count,
            level=int(level if level is not None else Level.TRACKING),
            reason=reason if level is not None else "read",
            updated_at=now,
        )
        .on_conflict_do_update(index_elements=[table.user_id, table.topic_id], set_=values)
    )
    db.session.execute(statement)


def mark_topic_read(topic: Topic, *, actor, up_to: int) -> None:
    """The reader has seen the topic's posts up to number `up_to` (sent by the page as it
    scrolls). Opening a topic the first time starts tracking it."""
    ensure(can_read_topic(actor, topic))
    up_to = max(0, min(up_to, topic.post_count))
    if up_to:
        _place(actor.id, topic, last_read=up_to, level=None, reason="read")


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


def set_category_level(category: Category, *, actor, level: Level) -> None:
    """The reader's choice of how closely to follow a whole category."""
    ensure(can_follow_category(actor, category))
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(CategoryReader)
        .values(user_id=actor.id, category_id=category.id, level=int(level), updated_at=utcnow())
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[CategoryReader.user_id, CategoryReader.category_id],
            set_={"level": int(level), "updated_at": utcnow()},
        )
    )
    forget_category_levels()


def set_topic_level(topic: Topic, *, actor, level: Level) -> None:
    """The reader's own choice of how closely to follow the topic (it may lower it)."""
    ensure(can_follow_topic(actor, topic))
    table = TopicReader.__table__.c
    statement = (
        _insert()
        .values(
            user_id=actor.id,
            topic_id=topic.id,
            last_read=0,
            topic_posts=topic.post_count,
            level=int(level),
            reason="chosen",
            updated_at=utcnow(),
        )
        .on_conflict_do_update(
            index_elements=[table.user_id, table.topic_id],
            set_={"level": int(level), "reason": "chosen", "updated_at": utcnow()},
        )
    )
    db.session.execute(statement)


_MODERATION = {  # (flag, value): (audit action, notification kind for the author)
    ("is_pinned", True): ("forum.topic_pinned", "forum.pinned"),
    ("is_pinned", False): ("forum.topic_unpinned", "forum.unpinned"),
    ("is_locked", True): ("forum.topic_locked", "forum.locked"),
    ("is_locked", False): ("forum.topic_unlocked", "forum.unlocked"),
}


def _moderate(topic: Topic, actor, flag: str, value: bool) -> None:
    ensure(can_moderate_category(actor, topic.category))
    db.session.execute(select(Topic.id).where(Topic.id == topic.id).with_for_update())
    if getattr(topic, flag) == value:
        return  # already so (two moderators at once): nothing to record
    setattr(topic, flag, value)
    action, kind = _MODERATION[flag, value]
    record(actor, action, topic, label=topic.title)
    author = db.session.get(User, topic.author_id) if topic.author_id else None
    if author is not None and author.id != actor.id and author.is_active:
        notify(author, kind, link=link_to("forum.topic", topic_id=topic.id), topic=topic.title)


def pin_topic(topic: Topic, *, actor) -> None:
    """Pinned topics head the lists for each reader until that reader has opened them."""
    _moderate(topic, actor, "is_pinned", True)


def unpin_topic(topic: Topic, *, actor) -> None:
    _moderate(topic, actor, "is_pinned", False)


def lock_topic(topic: Topic, *, actor) -> None:
    """A locked topic stays readable and searchable; nobody but a moderator replies."""
    _moderate(topic, actor, "is_locked", True)


def unlock_topic(topic: Topic, *, actor) -> None:
    _moderate(topic, actor, "is_locked", False)


# --- editing, likes, accepted answers, drafts -------------------------------------------------

GRACE = timedelta(minutes=5)  # an author's quick fix after posting makes no revision

register_kind("forum.accepted", N_("%(name)s marked your reply in “%(topic)s” as the answer."))
register_kind("forum.edited", N_("A moderator edited your post in “%(topic)s”: %(reason)s"))


def _locked_post(post: Post) -> Post:
    """The post's row, locked (PostgreSQL) and read afresh: a second editor waits, then sees
    the first one's edit."""
    return db.session.scalars(
        select(Post)
        .where(Post.id == post.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def edit_post(
    post: Post,
    *,
    actor,
    body: str,
    reason: str = "",
    seen_revision: int | None = None,
) -> bool:
    """Change a post's text. Its author's edits within GRACE of posting, before any revision,
    change it in place; any other edit keeps what it said as a revision (with the reason).
    `seen_revision`: the revision count the editor's form was made from — a post edited in
    the meantime is refused, not overwritten. Returns whether a revision was made."""
    ensure(can_edit_post(actor, post))
    body = _check_body(body)
    reason = " ".join(reason.split())[:200]
    post = _locked_post(post)
    if seen_revision is not None and post.revision_count != seen_revision:
        raise ServiceError(
            _("Someone else edited this post in the meantime. Reload and try again."),
            field="body",
        )
    if body == post.body:
        return False
    now = utcnow()
    html, mentioned = _rendered(body)
    already = mentions.handles_in(render_markdown(post.body))  # before mentions were linked
    newly = {h: p for h, p in mentioned.items() if h not in already}
    quick = (
        actor.id == post.author_id
        and post.revision_count == 0
        and now - as_utc(post.created_at) <= GRACE
    )
    if not quick:
        post.revision_count += 1
        db.session.add(
            PostRevision(
                post_id=post.id,
                number=post.revision_count,
                body=post.body,
                html=post.html,
                editor_id=actor.id,
                reason=reason,
                created_at=now,
            )
        )
    post.body, post.html, post.edited_at = body, html, now
    db.session.flush()
    _index(post, post.topic)
    _tell_mentioned(post, actor, newly)
    if not quick and post.author_id and post.author_id != actor.id:
        author = db.session.get(User, post.author_id)
        if author is not None and author.is_active:
            notify(
                author,
                "forum.edited",
                link=link_to("forum.topic_at", topic_id=post.topic_id, number=post.number),
                topic=post.topic.title,
                reason=reason or "—",
            )
    return not quick


def _tell_mentioned(post: Post, actor, people: dict) -> None:
    """Those an edit newly mentions, as a new post would tell them."""
    topic = post.topic
    for person in people.values():
        if person.id == actor.id or not can_read_topic(person, topic):
            continue
        level = db.session.scalar(
            select(TopicReader.level).where(
                TopicReader.user_id == person.id, TopicReader.topic_id == topic.id
            )
        )
        if level is None or level > Level.MUTED:
            notify(
                person,
                "forum.mentioned",
                link=link_to("forum.topic_at", topic_id=topic.id, number=post.number),
                name=actor.name,
                topic=topic.title,
            )


def restore_revision(post: Post, number: int, *, actor) -> bool:
    """Make the post say again what it said in version `number` (a revision of its history)."""
    ensure(can_edit_post(actor, post))
    revision = db.session.scalar(
        select(PostRevision).where(PostRevision.post_id == post.id, PostRevision.number == number)
    )
    if revision is None:
        raise ServiceError(_("That version of the post does not exist."))
    return edit_post(
        post,
        actor=actor,
        body=revision.body,
        reason=_("Restored version %(number)s", number=number),
    )


def like_post(post: Post, *, actor) -> bool:
    """One like per person and post; True if it was new (the count moves once)."""
    ensure(can_like_post(actor, post))
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(PostLike)
        .values(user_id=actor.id, post_id=post.id, created_at=utcnow())
        .on_conflict_do_nothing()
        .returning(PostLike.post_id)
    )
    if db.session.execute(statement).first() is None:
        return False
    _count_like(post, +1)
    return True


def unlike_post(post: Post, *, actor) -> bool:
    ensure(can_like_post(actor, post))
    gone = db.session.execute(
        delete(PostLike)
        .where(PostLike.user_id == actor.id, PostLike.post_id == post.id)
        .returning(PostLike.post_id)
    ).first()
    if gone is None:
        return False
    _count_like(post, -1)
    return True


def _count_like(post: Post, change: int) -> None:
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(like_count=Post.like_count + change)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(post, ["like_count"])


def accept_answer(topic: Topic, number: int, *, actor) -> None:
    """Mark reply `number` as what solved the question (replacing an earlier choice). Two
    choices at once are serialised on the topic's row: the later one stands."""
    ensure(can_accept_answer(actor, topic))
    answer = db.session.scalar(
        select(Post).where(Post.topic_id == topic.id, Post.number == number, Post.number > 1)
    )
    if answer is None or answer.is_hidden or answer.is_deleted:
        raise ServiceError(_("Only a reply that is shown can be the answer."))
    db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id)
        .values(solution_number=number)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["solution_number"])
    search.change("post", parent_id=topic.id, is_solved=True)
    if answer.author_id and answer.author_id != actor.id:
        author = db.session.get(User, answer.author_id)
        if author is not None and author.is_active:
            notify(
                author,
                "forum.accepted",
                link=link_to("forum.topic_at", topic_id=topic.id, number=number),
                name=actor.name,
                topic=topic.title,
            )


def unaccept_answer(topic: Topic, *, actor) -> None:
    ensure(can_accept_answer(actor, topic))
    db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id)
        .values(solution_number=None)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["solution_number"])
    search.change("post", parent_id=topic.id, is_solved=False)


DRAFT_KEY = re.compile(r"new|topic-\d{1,12}")


def save_draft(
    *, actor, key: str, body: str, title: str = "", category_id: int | None = None, version: int = 0
) -> int:
    """Keep what someone is writing; returns the draft's new version. `version`: the one the
    writer's window last saw (0: none) — when another window saved since, it is refused with
    a message, never silently overwritten."""
    ensure(can_keep_draft(actor))
    if not DRAFT_KEY.fullmatch(key):
        raise ServiceError(_("Unknown draft."))
    body, title = body[:BODY_MAX], " ".join(title.split())[:TITLE_MAX]
    draft = db.session.scalars(
        select(Draft).where(Draft.user_id == actor.id, Draft.key == key).with_for_update()
    ).first()
    if draft is None:
        if version:
            raise ServiceError(_("This draft was posted or discarded in another window."))
        draft = Draft(user_id=actor.id, key=key, version=0)
        db.session.add(draft)
    elif draft.version != version:
        raise ServiceError(
            _("This draft was changed in another window. Reload the page to carry on from it.")
        )
    draft.body, draft.title, draft.category_id = body, title, category_id
    draft.version += 1
    draft.updated_at = utcnow()
    db.session.flush()
    return draft.version


def discard_draft(*, actor, key: str) -> None:
    ensure(can_keep_draft(actor))
    db.session.execute(delete(Draft).where(Draft.user_id == actor.id, Draft.key == key))


# --- moderation: hiding ------------------------------------------------------------------------

register_action("forum.post_hidden", N_("Post hidden"))
register_action("forum.post_shown", N_("Post shown again"))
register_action("forum.topic_hidden", N_("Topic hidden"))
register_action("forum.topic_shown", N_("Topic shown again"))
register_kind("forum.post_hidden", N_("A moderator hid your post in “%(topic)s”: %(reason)s"))
register_kind("forum.topic_hidden", N_("A moderator hid your topic “%(topic)s”: %(reason)s"))


def _tell_author(author_id, kind: str, actor, link: str, **params) -> None:
    if not author_id or author_id == actor.id:
        return
    author = db.session.get(User, author_id)
    if author is not None and author.is_active:
        notify(author, kind, link=link, **params)


def hide_post(post: Post, *, actor, reason: str = "") -> None:
    """Hidden at once from the topic, from search and from everyone but moderators; the author
    is told why, and its open flags are resolved (agreed). Post 1 stands for the topic: hide
    the topic instead."""
    ensure(can_moderate_category(actor, post.topic.category))
    if post.number == 1:
        raise ServiceError(_("The first post is the topic: hide the topic instead."))
    post = _locked_post(post)
    if post.is_hidden:
        return
    post.is_hidden = True
    search.change("post", object_id=post.id, is_visible=False)
    resolve_flags(Post.id == post.id, actor=actor, agreed=True)
    reason = " ".join(reason.split())[:200]
    record(actor, "forum.post_hidden", post, label=f"{post.topic.title} #{post.number}")
    link = link_to("forum.topic_at", topic_id=post.topic_id, number=post.number)
    _tell_author(
        post.author_id,
        "forum.post_hidden",
        actor,
        link,
        topic=post.topic.title,
        reason=reason or "—",
    )


def show_post(post: Post, *, actor) -> None:
    ensure(can_moderate_category(actor, post.topic.category))
    post = _locked_post(post)
    if not post.is_hidden:
        return
    post.is_hidden = False
    search.change("post", object_id=post.id, is_visible=not post.topic.is_hidden)
    record(actor, "forum.post_shown", post, label=f"{post.topic.title} #{post.number}")


def _topic_visibility(topic: Topic, actor, hidden: bool) -> bool:
    ensure(can_moderate_category(actor, topic.category))
    return set_topic_hidden(topic, actor=actor, hidden=hidden)


def set_topic_hidden(topic: Topic, *, actor, hidden: bool) -> bool:
    """Hide or show the topic under its row lock: lists, category counts and search follow,
    and hiding resolves the flags on its posts. The caller checked the actor. Returns whether
    anything changed."""
    db.session.execute(select(Topic.id).where(Topic.id == topic.id).with_for_update())
    db.session.refresh(topic, ["is_hidden"])
    if topic.is_hidden == hidden:
        return False
    topic.is_hidden = hidden
    change = -1 if hidden else 1
    db.session.execute(
        update(Category)
        .where(Category.id == topic.category_id)
        .values(
            topic_count=Category.topic_count + change,
            post_count=Category.post_count + change * topic.post_count,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic.category, ["topic_count", "post_count"])
    if hidden:
        search.change("post", parent_id=topic.id, is_visible=False)
        resolve_flags(Post.topic_id == topic.id, actor=actor, agreed=True)
    else:  # every post shown again but those hidden one by one
        shown = select(Post.id).where(Post.topic_id == topic.id, Post.is_hidden.is_(False))
        search.change("post", parent_id=topic.id, is_visible=False)
        db.session.execute(
            update(SearchEntry)
            .where(SearchEntry.kind == "post", SearchEntry.object_id.in_(shown))
            .values(is_visible=True)
            .execution_options(synchronize_session=False)
        )
    return True


def hide_topic(topic: Topic, *, actor, reason: str = "") -> None:
    """The topic leaves every list and search at once; moderators still see it."""
    if not _topic_visibility(topic, actor, True):
        return
    reason = " ".join(reason.split())[:200]
    record(actor, "forum.topic_hidden", topic, label=topic.title)
    link = link_to("forum.topic", topic_id=topic.id)
    _tell_author(
        topic.author_id, "forum.topic_hidden", actor, link, topic=topic.title, reason=reason or "—"
    )


def show_topic(topic: Topic, *, actor) -> None:
    if _topic_visibility(topic, actor, False):
        record(actor, "forum.topic_shown", topic, label=topic.title)


register_kind(
    "forum.flag_agreed",
    N_("A moderator agreed with your flag on a post in “%(topic)s” and removed it. Thank you."),
)
register_kind(
    "forum.flag_disagreed",
    N_("A moderator reviewed your flag on a post in “%(topic)s” and left the post as it is."),
)


def resolve_flags(which, *, actor, agreed: bool) -> int:
    """Close the open flags on the posts `which` selects (a condition on Post) and tell each
    flagger the outcome: agreed when the post was hidden or deleted (by any path), disagreed
    when a moderator dismissed them. Returns how many were closed."""
    rows = db.session.execute(
        select(PostFlag, Post.topic_id, Post.number, Topic.title)
        .join(Post, Post.id == PostFlag.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(which, PostFlag.state == FlagState.OPEN)
        .with_for_update(of=PostFlag)
    ).all()
    now = utcnow()
    kind = "forum.flag_agreed" if agreed else "forum.flag_disagreed"
    for flag, topic_id, number, title in rows:
        flag.state = FlagState.AGREED if agreed else FlagState.DISAGREED
        flag.resolved_at, flag.resolved_by_id = now, getattr(actor, "id", None)
        link = link_to("forum.topic_at", topic_id=topic_id, number=number)
        _tell_author(flag.user_id, kind, actor, link, topic=title)
    db.session.flush()
    return len(rows)
