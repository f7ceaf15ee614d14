"""The default framework PMO-CORE, shipped in both languages and loaded by `flask --app lms seed`."""

from __future__ import annotations

from pathlib import Path

from lms.permissions import SYSTEM

from .files import json_format
from .files.exchange import save_framework
from .models import FrameworkState
from .queries import find_framework

DEFAULT_FILE = Path(__file__).parent / "data" / "pmo_core.json"


def seed_default_framework() -> str:
    """Load PMO-CORE once, published; a second run finds it and changes nothing."""
    data = json_format.parse(DEFAULT_FILE.read_bytes())
    if find_framework(data.idnumber, data.version_label):
        return f"framework {data.idnumber} {data.version_label}: present"
    framework = save_framework(data, actor=SYSTEM, state=FrameworkState.PUBLISHED)
    return f"framework {framework.idnumber} {framework.version_label}: loaded {len(data.competencies)} competencies"
