"""The club's home-page panels, drawn after the page: New and Unread, with the unread topics."""

from __future__ import annotations

from community.forum import services

from .conftest import start

TOPICS_PANEL = "/home/panels/club_topics"


def test_the_home_page_fetches_the_club_panel_after_it_has_loaded(client, db, people, login_as):
    login_as(people["pm"])
    home = client.get("/").get_data(as_text=True)
    placeholder = home[home.index('data-panel="club_topics"') :].split("</section>")[0]
    assert f'hx-get="{TOPICS_PANEL}"' in placeholder and 'hx-trigger="load"' in placeholder
    assert 'id="panel-club_topics"' in placeholder  # the section keeps its accessible name
    assert "data-failed=" in placeholder  # said instead of "Loading…" when it cannot be fetched


def test_the_panel_counts_new_and_unread_and_lists_what_is_unread(
    client, db, people, login_as, category
):
    topic = start(category, people["director"], title="Contingency in fixed-price bids")
    start(category, people["director"], title="Stand-ups that stay short")
    reader = people["pm"]
    services.mark_topic_read(topic, actor=reader, up_to=1)
    services.reply_to_topic(topic, actor=people["director"], body="One more thought.")
    login_as(reader)
    panel = client.get(TOPICS_PANEL).get_data(as_text=True)
    assert 'data-testid="panel-new">1<' in panel  # the topic never opened
    assert 'data-testid="panel-unread">1<' in panel  # the reply after what was read
    assert "Contingency in fixed-price bids" in panel
    assert f"/club/t/{topic.id}/2" in panel  # straight to the first unread post


def test_a_panel_is_only_for_those_who_see_it(client, db, people, login_as):
    login_as(people["admin"])  # not in the club
    assert client.get(TOPICS_PANEL).status_code == 404
    assert 'data-panel="club_topics"' not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login_as(people["pm"])
    assert client.get("/home/panels/no_such_panel").status_code == 404
    assert client.get("/home/panels/people").status_code == 404  # administrators' only
