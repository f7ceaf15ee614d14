"""JSON columns are read with orjson (lms.config): what the standard library wrote comes back
the same, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import orjson
from sqlalchemy import select

from competencies.framework.models import Framework, FrameworkState


def test_json_columns_read_back_what_was_written(db):
    names = {"en": "Délivery “plans” \\ / \t", "zh_CN": "交付 🚀", "levels": [0, 1.5, None, True]}
    framework = Framework(
        idnumber="JSON", version_label="1", names=names, state=FrameworkState.DRAFT
    )
    db.session.add(framework)
    db.session.flush()
    db.session.expire_all()
    stored = db.session.scalar(select(Framework.names).where(Framework.id == framework.id))
    assert stored == names
    assert db.engine.dialect._json_deserializer is orjson.loads
