from __future__ import annotations

import pytest

from community.forum import services
from lms.permissions import SYSTEM


def make_category(slug: str = "risk", *, read_only: bool = False, position: int = 0):
    return services.save_category(
        None,
        actor=SYSTEM,
        slug=slug,
        names={"en": slug.title(), "zh_CN": "风险"},
        descriptions={"en": f"About {slug}."},
        position=position,
        is_read_only=read_only,
    )


@pytest.fixture
def category(db):
    return make_category()


def start(category, person, title: str = "How do you size contingency?", body: str = "Question?"):
    return services.start_topic(category, actor=person, title=title, body=body)
