"""Read side of the forum: categories, the topic lists (latest, new, unread; per category) with
each reader's place, a topic's posts by page, and where a reader's first unread post is.

Every list is one statement for its rows and one cheap count (from an index); a topic page is
one statement for its range of post numbers. None grows with the number of topics or posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import NamedTuple

from flask import abort, g, redirect, url_for
from sqlalchemy import Select, and_, bindparam, func, literal_column, or_, select
from sqlalchemy.orm import aliased, selectinload

from community.tags import queries as tag_queries
from lms.accounts.models import User
from lms.clock import as_utc, utcnow
from lms.db import read
from lms.extensions import db
from lms.i18n import localized
from lms.web.pagination import CountedPage, last_page_for, page_of

from .models import (
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
    category_moderators,
    topic_tags,
)
from .permissions import can_moderate_category, can_moderate_forum, can_read_topic

NEW_DAYS = 14  # a topic is "new" to someone who never opened it for this long
POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 30
LISTS = ("latest", "new", "unread")


def categories() -> list[Category]:
    """Every category in the PMO's order (a handful: read once per request)."""
    if "forum_categories" not in g:
        g.forum_categories = db.session.scalars(
            select(Category).order_by(Category.position, Category.id)
        ).all()
    return g.forum_categories


def get_category_or_404(slug: str) -> Category:
    found = next((c for c in categories() if c.slug == slug), None)
    if found is None:
        abort(404)
    return found


def moderator_ids() -> dict[int, frozenset[int]]:
    """Each category's chosen moderators (their ids; read once per request, a handful)."""
    if "forum_moderators" not in g:
        found: dict[int, set[int]] = {}
        rows = read(select(category_moderators.c.category_id, category_moderators.c.user_id))
        for category_id, user_id in rows:
            found.setdefault(category_id, set()).add(user_id)
        g.forum_moderators = {key: frozenset(ids) for key, ids in found.items()}
    return g.forum_moderators


def forget_moderators() -> None:
    g.pop("forum_moderators", None)


def moderated_category_ids(user) -> frozenset[int]:
    """The categories the person moderates as one of their chosen moderators."""
    return frozenset(cid for cid, ids in moderator_ids().items() if user.id in ids)


def categories_with_moderators() -> list[Category]:
    """Every category with its moderators (the PMO's list of categories)."""
    return db.session.scalars(
        select(Category)
        .options(selectinload(Category.moderators))
        .order_by(Category.position, Category.id)
    ).all()


def get_topic_or_404(topic_id: int, user, *, follow_merge: bool = False) -> Topic:
    """The topic, or 404 when it does not exist or the reader may not see it (hidden).
    `follow_merge`: a topic merged into another redirects there (its old links still work)."""
    topic = db.session.get(Topic, topic_id)
    if follow_merge and topic is not None and topic.merged_into_id is not None:
        abort(redirect(url_for("forum.topic", topic_id=topic.merged_into_id)))
    if topic is None or not can_read_topic(user, topic):
        abort(404)
    return topic


def find_topic(topic_id: int, user) -> Topic | None:
    """The topic if the user may see it, else None (a form's choice, not a page)."""
    topic = db.session.get(Topic, topic_id)
    return topic if topic is not None and can_read_topic(user, topic) else None


@dataclass(frozen=True)
class TopicItem:
    """A topic as a list shows it, with the reader's place in it."""

    id: int
    title: str
    category_id: int
    category_names: dict
    category_slug: str
    author: str | None
    last_poster: str | None
    post_count: int
    created_at: datetime
    last_posted_at: datetime
    is_pinned: bool
    is_locked: bool
    last_read: int | None  # None: never opened
    level: int | None
    is_question: bool
    solution_number: int | None

    @property
    def category(self) -> str:
        return localized(self.category_names)

    @property
    def replies(self) -> int:
        return max(0, self.post_count - 1)  # a merged topic has none left

    @property
    def is_new(self) -> bool:
        return not self.last_read and as_utc(self.created_at) >= new_since()

    @property
    def unread(self) -> int:
        """Posts after the reader's place, counted for topics they track or watch."""
        if not self.last_read or (self.level or Level.NORMAL) < Level.TRACKING:
            return 0
        return max(0, self.post_count - self.last_read)

    @property
    def first_unread(self) -> int:
        """Where a link to the topic lands: the first post the reader has not read."""
        return min((self.last_read or 0) + 1, self.post_count)


def new_since() -> datetime:
    return utcnow() - timedelta(days=NEW_DAYS)


_author, _poster = aliased(User), aliased(User)


@cache
def _topic_rows() -> Select:
    """The columns of TopicItem, with the reader's place (bound `reader_id`)."""
    return (
        select(
            Topic.id,
            Topic.title,
            Topic.category_id,
            Category.names,
            Category.slug,
            _author.name,
            _poster.name,
            Topic.post_count,
            Topic.created_at,
            Topic.last_posted_at,
            Topic.is_pinned,
            Topic.is_locked,
            TopicReader.last_read,
            TopicReader.level,
            Topic.is_question,
            Topic.solution_number,
        )
        .join(Category, Category.id == Topic.category_id)
        .outerjoin(_author, _author.id == Topic.author_id)
        .outerjoin(_poster, _poster.id == Topic.last_poster_id)
        .outerjoin(
            TopicReader,
            and_(TopicReader.topic_id == Topic.id, TopicReader.user_id == bindparam("reader_id")),
        )
    )


def _shown(reader, category=None) -> tuple[bool, ...]:
    """The is_hidden values the reader sees: moderators see hidden topics too (a list, so the
    indexes that start with is_hidden still serve them) — the PMO everywhere, a category's
    own moderators on its page."""
    if can_moderate_forum(reader) or (
        category is not None and can_moderate_category(reader, category)
    ):
        return (False, True)
    return (False,)


def _params(reader, category, **more) -> dict:
    return {
        "reader_id": reader.id,
        "since": new_since(),
        "shown": list(_shown(reader, category)),
        "category_id": category.id if category is not None else None,
        "muted": muted_categories(reader) if category is None else [],
        **more,
    }


def category_levels(reader) -> dict[int, int]:
    """The reader's chosen level of each category they chose one for (a handful; read once
    per request, forgotten when they choose again)."""
    known = g.setdefault("forum_category_levels", {})
    if reader.id not in known:
        rows = read(
            select(CategoryReader.category_id, CategoryReader.level).where(
                CategoryReader.user_id == reader.id
            )
        )
        known[reader.id] = dict(rows.all())
    return known[reader.id]


def forget_category_levels() -> None:
    g.pop("forum_category_levels", None)


def muted_categories(reader) -> list[int]:
    return [cid for cid, level in category_levels(reader).items() if level == Level.MUTED]


def _behind() -> list:
    """The reader's rows with posts they have not read, in a topic they track or watch (the
    last two as models.BEHIND says, so its partial index serves the count)."""
    return [
        TopicReader.level >= Level.TRACKING,
        TopicReader.last_read > literal_column("0"),
        TopicReader.topic_posts > TopicReader.last_read,
    ]


def _scope(which: str, in_category: bool, muting: bool) -> list:
    """What the reader may see of the list's topics: shown ones, of the category, and (in the
    whole forum's latest and new lists, when the reader muted categories) not of those."""
    conditions = [Topic.is_hidden.in_(bindparam("shown", expanding=True))]
    if in_category:
        conditions.append(Topic.category_id == bindparam("category_id"))
    elif muting and which != "unread":
        conditions.append(Topic.category_id.not_in(bindparam("muted", expanding=True)))
    return conditions


def _conditions(
    which: str, in_category: bool, muting: bool = False, *, walking: bool = False
) -> list:
    """The list's conditions, with the reader, the moment and the category as parameters.
    `walking`: for a page of the list, which walks topics newest first and stops at the page's
    end; the reader's unread index is for counting (its level is taken as an expression so
    the planner does not sort every unread topic instead)."""
    conditions = _scope(which, in_category, muting)
    if which == "new":
        conditions += [
            Topic.created_at >= bindparam("since"),
            func.coalesce(TopicReader.last_read, 0) == 0,
            func.coalesce(TopicReader.level, Level.NORMAL) > Level.MUTED,
        ]
    elif which == "unread" and walking:
        conditions += [(TopicReader.level + 0) >= Level.TRACKING, *_behind()[1:]]
    elif which == "unread":
        conditions += _behind()
    else:  # latest: what the reader muted is left out; pinned topics they have not opened head it
        conditions += [
            func.coalesce(TopicReader.level, Level.NORMAL) > Level.MUTED,
            or_(Topic.is_pinned.is_(False), func.coalesce(TopicReader.last_read, 0) > 0),
        ]
    return conditions


@lru_cache(maxsize=16)
def _list(which: str, in_category: bool, muting: bool = False) -> Select:
    """A page of one list (built once per list and whether it is one category's)."""
    order = (Topic.created_at if which == "new" else Topic.last_posted_at).desc(), Topic.id.desc()
    # the page's topics first (walking the index, skipping earlier pages without joining
    # anything else), then their columns
    page = (
        select(Topic.id)
        .outerjoin(
            TopicReader,
            and_(TopicReader.topic_id == Topic.id, TopicReader.user_id == bindparam("reader_id")),
        )
        .where(*_conditions(which, in_category, muting, walking=True))
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    return _topic_rows().join(page, page.c.id == Topic.id).order_by(*order)


@lru_cache(maxsize=16)
def _counted(which: str, in_category: bool, muting: bool = False) -> Select:
    """How many topics a list has (built once per list and whether it is one category's)."""
    if which == "latest":
        query = select(func.count()).select_from(Topic).where(*_scope(which, in_category, muting))
    elif which == "unread":
        # the reader's own rows (their unread index) in topics shown to them (of the category)
        shown = select(Topic.id).where(Topic.is_hidden.in_(bindparam("shown", expanding=True)))
        if in_category:
            shown = shown.where(Topic.category_id == bindparam("category_id"))
        else:  # nearly every topic is shown: leave out the hidden ones instead
            shown = select(Topic.id).where(
                Topic.is_hidden.is_(True),
                Topic.is_hidden.not_in(bindparam("shown", expanding=True)),
            )
        behind = (
            select(func.count())
            .select_from(TopicReader)
            .where(TopicReader.user_id == bindparam("reader_id"), *_behind())
        )
        if in_category:
            query = behind.where(TopicReader.topic_id.in_(shown))
        else:  # one walk of the reader's rows, leaving out the few hidden topics
            query = behind.where(TopicReader.topic_id.not_in(shown))
    else:
        query = (
            select(func.count())
            .select_from(Topic)
            .outerjoin(
                TopicReader,
                and_(
                    TopicReader.topic_id == Topic.id,
                    TopicReader.user_id == bindparam("reader_id"),
                ),
            )
            .where(*_conditions(which, in_category, muting))
        )
    return query


def topics(
    reader,
    which: str,
    page: int,
    per_page: int = TOPICS_PER_PAGE,
    category=None,
    counted: dict[str, int] | None = None,
):
    """A page of TopicItem: the latest topics (by last post), those new to the reader (by
    creation) or those with posts they have not read (by last post). `counted`: the reader's
    counts() when the page has them already (the whole forum's, so not for a category)."""
    params = _params(reader, category)
    if counted is not None and category is None and which in counted:
        total = counted[which]
    else:
        total = _count(reader, which, category, params)
    page = last_page_for(max(page, 1), total, per_page)
    params.update(limit=per_page, offset=(page - 1) * per_page)
    query = _list(which, category is not None, bool(params["muted"]))
    items = [TopicItem(*row) for row in read(query, params)]
    return CountedPage(items, total, page, per_page)


def _count(reader, which: str, category, params: dict) -> int:
    if which == "latest" and params["shown"] == [False]:
        # the categories' counts of shown topics (already read); a muted topic still counts
        if category is not None:
            return category.topic_count
        return sum(c.topic_count for c in categories() if c.id not in params["muted"])
    query = _counted(which, category is not None, bool(params["muted"]))
    return read(query, params).scalar_one()


@lru_cache(maxsize=4)
def _pinned(in_category: bool) -> Select:
    query = _topic_rows().where(
        Topic.is_pinned.is_(True),
        Topic.is_hidden.in_(bindparam("shown", expanding=True)),
        func.coalesce(TopicReader.last_read, 0) == 0,
    )
    if in_category:
        query = query.where(Topic.category_id == bindparam("category_id"))
    return query.order_by(Topic.last_posted_at.desc()).limit(10)


def pinned(reader, category=None) -> list[TopicItem]:
    """Pinned topics the reader has not opened yet (they head page 1 of the latest list)."""
    rows = read(_pinned(category is not None), _params(reader, category))
    return [TopicItem(*row) for row in rows]


def counts(reader) -> dict[str, int]:
    """How many topics are new and unread for the reader (the list tabs)."""
    params = _params(reader, None)
    return {which: _count(reader, which, None, params) for which in ("new", "unread")}


@dataclass(frozen=True)
class PostItem:
    id: int
    number: int
    author_id: int | None
    author: str | None
    html: str
    reply_to_number: int | None
    created_at: datetime
    edited_at: datetime | None
    is_hidden: bool
    like_count: int
    revision_count: int
    liked: bool  # by the reader
    is_deleted: bool
    flagged: bool  # by the reader
    topic: Topic | None = None  # what the predicates on a post ask about


def page_of_post(number: int) -> int:
    return max(1, (number - 1) // POSTS_PER_PAGE + 1)


def posts(topic: Topic, page: int, reader) -> CountedPage:
    """A page of the topic's posts: the numbers (page - 1) x 20 + 1 ... page x 20."""
    page = last_page_for(max(page, 1), topic.post_count, POSTS_PER_PAGE)
    first = (page - 1) * POSTS_PER_PAGE + 1
    rows = read(
        _posts(),
        {
            "topic_id": topic.id,
            "first": first,
            "last": first + POSTS_PER_PAGE - 1,
            "reader_id": reader.id,
        },
    )
    items = [PostItem(*row, topic=topic) for row in rows]
    return CountedPage(items, topic.post_count, page, POSTS_PER_PAGE)


@cache
def _posts() -> Select:
    return (
        select(
            Post.id,
            Post.number,
            Post.author_id,
            User.name,
            Post.html,
            Post.reply_to_number,
            Post.created_at,
            Post.edited_at,
            Post.is_hidden,
            Post.like_count,
            Post.revision_count,
            PostLike.user_id.is_not(None),
            Post.is_deleted,
            PostFlag.id.is_not(None),
        )
        .outerjoin(User, User.id == Post.author_id)
        .outerjoin(
            PostLike, and_(PostLike.post_id == Post.id, PostLike.user_id == bindparam("reader_id"))
        )
        .outerjoin(
            PostFlag,
            and_(
                PostFlag.post_id == Post.id,
                PostFlag.user_id == bindparam("reader_id"),
            ),
        )
        .where(
            Post.topic_id == bindparam("topic_id"),
            Post.number.between(bindparam("first"), bindparam("last")),
        )
        .order_by(Post.number)
    )


def place_of(reader, topic: Topic) -> tuple[int, int]:
    """(the reader's last read post number, 0 if never; their level in the topic)."""
    row = read(
        select(TopicReader.last_read, TopicReader.level).where(
            TopicReader.user_id == reader.id, TopicReader.topic_id == topic.id
        )
    ).first()
    return (row[0], row[1]) if row else (0, int(Level.NORMAL))


def post_of(topic: Topic, number: int):
    """(Markdown, author name) of one post of the topic, for quoting; None if it is not there
    or is hidden."""
    return read(
        select(Post.body, User.name)
        .outerjoin(User, User.id == Post.author_id)
        .where(
            Post.topic_id == topic.id,
            Post.number == number,
            Post.is_hidden.is_(False),
            Post.is_deleted.is_(False),
        )
    ).first()


def solution(topic: Topic):
    """(number, author name, html) of the accepted answer of a solved question, else None."""
    if not topic.solution_number:
        return None
    return read(
        select(Post.number, User.name, Post.html)
        .outerjoin(User, User.id == Post.author_id)
        .where(
            Post.topic_id == topic.id,
            Post.number == topic.solution_number,
            Post.is_hidden.is_(False),
            Post.is_deleted.is_(False),
        )
    ).first()


def get_post_or_404(post_id: int, user) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or not can_read_topic(user, post.topic):
        abort(404)
    if (post.is_hidden or post.is_deleted) and not (
        can_moderate_category(user, post.topic.category) or post.author_id == user.id
    ):
        abort(404)
    return post


@dataclass(frozen=True)
class Version:
    """One version of a post in its history: 1 is as first written, the last is as it is now."""

    number: int
    html: str
    body: str
    editor: str | None
    reason: str
    at: datetime | None
    title: str | None = None  # the topic's title then (a first post's versions)


def history(post: Post) -> list[Version]:
    """Every version of the post, oldest first: each revision holds what the post said
    before that edit; the post itself is the newest."""
    rows = read(
        select(
            PostRevision.number,
            PostRevision.html,
            PostRevision.body,
            User.name,
            PostRevision.reason,
            PostRevision.created_at,
            PostRevision.title,
        )
        .outerjoin(User, User.id == PostRevision.editor_id)
        .where(PostRevision.post_id == post.id)
        .order_by(PostRevision.number)
    ).all()
    versions = []
    for index, (number, html, body, _editor, _reason, _at, title) in enumerate(rows):
        # version n is what revision n kept; who changed it (and why) is revision n's editor
        previous = rows[index - 1] if index else None
        versions.append(
            Version(
                number,
                html,
                body,
                previous[3] if previous else None,
                previous[4] if previous else "",
                previous[5] if previous else post.created_at,
                title,
            )
        )
    last = rows[-1] if rows else None
    versions.append(
        Version(
            len(rows) + 1,
            post.html,
            post.body,
            last[3] if last else None,
            last[4] if last else "",
            last[5] if last else post.created_at,
            post.topic.title if post.number == 1 else None,
        )
    )
    return versions


def draft_of(user, key: str):
    """The person's kept draft for `key` ("new", "topic-<id>"), or None."""
    return db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.key == key))


def participant_ids(topic_id: int, limit: int = 50) -> list[int]:
    """Who wrote in the topic, most recent first (the mention composer suggests them first)."""
    rows = read(
        select(Post.author_id, func.max(Post.number).label("last"))
        .where(Post.topic_id == topic_id, Post.author_id.is_not(None))
        .group_by(Post.author_id)
        .order_by(func.max(Post.number).desc())
        .limit(limit)
    )
    return [row[0] for row in rows]


class Answered(NamedTuple):
    topic_id: int
    title: str
    number: int  # the accepted post
    created_at: datetime


def accepted_answers(user_id: int, limit: int = 10) -> tuple[int, list[Answered]]:
    """How many of the person's posts askers accepted as the answer, and the latest of them
    (shown topics only): from the person's posts (the author index), two statements."""
    solved = (
        select(Topic.id, Topic.title, Post.number, Post.created_at)
        .select_from(Post)
        .join(Topic, and_(Topic.id == Post.topic_id, Topic.solution_number == Post.number))
        .where(Post.author_id == user_id, Topic.is_hidden.is_(False), Post.is_hidden.is_(False))
    )
    total = read(select(func.count()).select_from(solved.subquery())).scalar_one()
    rows = read(solved.order_by(Post.created_at.desc(), Post.id.desc()).limit(limit))
    return total, [Answered(*row) for row in rows]


WAITING_READ = 500  # unanswered questions of one's competencies read before the newest


def waiting_questions(idnumbers: list[str], limit: int = 5) -> list[Answered]:
    """Questions asked of these competencies' experts that have no accepted answer yet,
    newest first (`number`: the post count)."""
    # the few asked topics first (their own index), then the newest of them: ordered in one
    # statement, SQLite would walk every topic newest first to spare itself sorting five rows
    asked = (
        select(Topic.id, Topic.title, Topic.post_count, Topic.created_at)
        .where(
            Topic.competency_idnumber.in_(idnumbers or [""]),  # never an empty IN
            Topic.solution_number.is_(None),
            Topic.is_question.is_(True),
            Topic.is_hidden.is_(False),
        )
        .limit(WAITING_READ)
        .subquery()
    )
    rows = read(select(asked).order_by(asked.c.created_at.desc(), asked.c.id.desc()).limit(limit))
    return [Answered(*row) for row in rows]


REVIEW_PER_PAGE = 20


@dataclass(frozen=True)
class FlaggedPost:
    """A post waiting in the review queue, with its open flags (oldest first)."""

    id: int
    number: int
    topic_id: int
    topic_title: str
    author: str | None
    html: str
    first_flagged_at: datetime
    count: int
    flags: list = field(default_factory=list)  # (reason, text, flagger name, when)


def review_queue(reader, page: int) -> CountedPage:
    """The posts with open flags in the categories the reader moderates, the longest waiting
    first: one statement for the page (with its total) and one for its flags."""
    first = func.min(PostFlag.created_at)
    query = (
        select(
            Post.id,
            Post.number,
            Topic.id,
            Topic.title,
            User.name,
            Post.html,
            first,
            func.count(PostFlag.id),
        )
        .join(Post, Post.id == PostFlag.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .outerjoin(User, User.id == Post.author_id)
        .where(PostFlag.state == FlagState.OPEN)
        .group_by(Post.id, Post.number, Topic.id, Topic.title, User.name, Post.html)
        .order_by(first, Post.id)
    )
    if not can_moderate_forum(reader):
        query = query.where(Topic.category_id.in_(moderated_category_ids(reader)))
    return page_of(query, page, REVIEW_PER_PAGE, rows=_with_flags)


def _with_flags(rows) -> list[FlaggedPost]:
    items = [FlaggedPost(*row) for row in rows]
    flags = db.session.execute(
        select(PostFlag.post_id, PostFlag.reason, PostFlag.text, User.name, PostFlag.created_at)
        .join(User, User.id == PostFlag.user_id)
        .where(PostFlag.post_id.in_([i.id for i in items]), PostFlag.state == FlagState.OPEN)
        .order_by(PostFlag.created_at, PostFlag.id)
    ).all()
    by_post = {item.id: item for item in items}
    for post_id, *rest in flags:
        by_post[post_id].flags.append(tuple(rest))
    return items


def review_count(reader) -> int:
    """How many posts wait in the reader's review queue (the forum index's badge)."""
    query = (
        select(func.count(func.distinct(PostFlag.post_id)))
        .join(Post, Post.id == PostFlag.post_id)
        .where(PostFlag.state == FlagState.OPEN)
    )
    if not can_moderate_forum(reader):
        query = query.join(Topic, Topic.id == Post.topic_id).where(
            Topic.category_id.in_(moderated_category_ids(reader))
        )
    return db.session.scalar(query) or 0


def tags_of(topic_ids) -> dict[int, list]:
    """Each listed topic's tags (one statement; the tags themselves are read once per
    request)."""
    return tag_queries.tags_of(topic_tags, topic_ids)


@cache
def _tagged() -> Select:
    """A page of one tag's topics by last post: walking the topics newest first and keeping
    those with the tag (a tag is on a small share of them, so a page ends soon)."""
    order = Topic.last_posted_at.desc(), Topic.id.desc()
    has_tag = (
        select(topic_tags.c.topic_id)
        .where(topic_tags.c.topic_id == Topic.id, topic_tags.c.tag_id == bindparam("tag_id"))
        .exists()
    )
    page = (
        select(Topic.id)
        .where(Topic.is_hidden.in_(bindparam("shown", expanding=True)), has_tag)
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    return _topic_rows().join(page, page.c.id == Topic.id).order_by(*order)


@cache
def _tagged_count() -> Select:
    """How many of a tag's topics the reader sees: the tag's links (on its index), less those
    of hidden topics the reader does not see (few)."""
    links = (
        select(func.count())
        .select_from(topic_tags)
        .where(topic_tags.c.tag_id == bindparam("tag_id"))
    )
    unseen = links.join(Topic, Topic.id == topic_tags.c.topic_id).where(
        Topic.is_hidden.is_(True), Topic.is_hidden.not_in(bindparam("shown", expanding=True))
    )
    return select(links.scalar_subquery() - unseen.scalar_subquery())


def tagged_topics(reader, tag, page: int, per_page: int = TOPICS_PER_PAGE) -> CountedPage:
    """A page of the topics with `tag` the reader may see, latest activity first."""
    params = {"reader_id": reader.id, "tag_id": tag.id, "shown": list(_shown(reader))}
    total = read(_tagged_count(), params).scalar_one()
    page = last_page_for(max(page, 1), total, per_page)
    params.update(limit=per_page, offset=(page - 1) * per_page)
    items = [TopicItem(*row) for row in read(_tagged(), params)]
    return CountedPage(items, total, page, per_page)


def tag_topic_counts() -> dict[int, int]:
    """How many shown topics carry each tag: every link counted on the tag index, less the
    links of hidden topics (few; found from the topics' is_hidden index)."""
    per_tag = select(topic_tags.c.tag_id, func.count()).group_by(topic_tags.c.tag_id)
    counts = dict(read(per_tag).all())
    hidden = per_tag.join(Topic, Topic.id == topic_tags.c.topic_id).where(Topic.is_hidden.is_(True))
    for tag_id, count in read(hidden):
        counts[tag_id] -= count
    return {tag_id: count for tag_id, count in counts.items() if count}
