"""The framework editor's text areas keep line breaks and tabs and refuse control characters
(every form is a lms.web.forms.BaseForm; tests/platform/test_form_text.py has the rule)."""

from __future__ import annotations

from competencies.framework import services


def test_a_framework_description_keeps_its_line_breaks_but_not_a_bell(
    client, db, people, login_as, small_framework
):
    draft = services.new_version(small_framework, actor=people["pmo"], version_label="1.1")
    login_as(people["pmo"])
    form = {"name_en": "Edited", "version": draft.version}
    refused = client.post(
        f"/frameworks/{draft.id}/edit", data={**form, "description_en": "Ding\x07"}
    )
    assert refused.status_code == 422 and "U+0007" in refused.get_data(as_text=True)
    saved = client.post(
        f"/frameworks/{draft.id}/edit", data={**form, "description_en": "One\r\n\tTwo"}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert draft.descriptions["en"] == "One\r\n\tTwo"
