"""search: one full-text index per kind holding only visible entries, filters as words

Revision ID: 5e1f0c2a9b7d
Revises: 20ff701ab760
Create Date: 2026-12-03 15:30:00

search_entries.labels: an entry's tags as words. SQLite only: the single FTS5 table search_index (every kind, hidden entries too, filters by a
join) becomes search_index_<kind> with a facets column (category, author, solved, tags), kept in step
by triggers; PostgreSQL's GIN index is unchanged.
"""
from alembic import op
import sqlalchemy as sa


revision = "5e1f0c2a9b7d"
down_revision = "20ff701ab760"
branch_labels = None
depends_on = None


# As lms.search.models makes them at this revision.
SQLITE_DDL = ['CREATE VIRTUAL TABLE IF NOT EXISTS search_index_post USING fts5(title_words, body_words, facets, '
 "content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
 "prefix='2 3 4 5 6')",
 'CREATE TRIGGER search_index_post_ai AFTER INSERT ON search_entries BEGIN INSERT INTO '
 'search_index_post(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'post' AND new.is_visible; END",
 'CREATE TRIGGER search_index_post_ad AFTER DELETE ON search_entries BEGIN INSERT INTO '
 "search_index_post(search_index_post, rowid, title_words, body_words, facets) SELECT 'delete', "
 "old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' || "
 "coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'post' AND old.is_visible; END",
 'CREATE TRIGGER search_index_post_au AFTER UPDATE OF title_words, body_words, kind, is_visible, '
 'is_solved, scope_id, author_id, labels ON search_entries BEGIN INSERT INTO '
 "search_index_post(search_index_post, rowid, title_words, body_words, facets) SELECT 'delete', "
 "old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' || "
 "coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'post' AND old.is_visible; INSERT INTO "
 'search_index_post(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'post' AND new.is_visible; END",
 'CREATE VIRTUAL TABLE IF NOT EXISTS search_index_lesson USING fts5(title_words, body_words, '
 "facets, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
 "prefix='2 3 4 5 6')",
 'CREATE TRIGGER search_index_lesson_ai AFTER INSERT ON search_entries BEGIN INSERT INTO '
 'search_index_lesson(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'lesson' AND new.is_visible; END",
 'CREATE TRIGGER search_index_lesson_ad AFTER DELETE ON search_entries BEGIN INSERT INTO '
 'search_index_lesson(search_index_lesson, rowid, title_words, body_words, facets) SELECT '
 "'delete', old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' "
 "|| coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'lesson' AND old.is_visible; END",
 'CREATE TRIGGER search_index_lesson_au AFTER UPDATE OF title_words, body_words, kind, is_visible, '
 'is_solved, scope_id, author_id, labels ON search_entries BEGIN INSERT INTO '
 'search_index_lesson(search_index_lesson, rowid, title_words, body_words, facets) SELECT '
 "'delete', old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' "
 "|| coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'lesson' AND old.is_visible; INSERT INTO "
 'search_index_lesson(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'lesson' AND new.is_visible; END",
 'CREATE VIRTUAL TABLE IF NOT EXISTS search_index_document USING fts5(title_words, body_words, '
 "facets, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
 "prefix='2 3 4 5 6')",
 'CREATE TRIGGER search_index_document_ai AFTER INSERT ON search_entries BEGIN INSERT INTO '
 'search_index_document(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'document' AND new.is_visible; END",
 'CREATE TRIGGER search_index_document_ad AFTER DELETE ON search_entries BEGIN INSERT INTO '
 'search_index_document(search_index_document, rowid, title_words, body_words, facets) SELECT '
 "'delete', old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' "
 "|| coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'document' AND old.is_visible; END",
 'CREATE TRIGGER search_index_document_au AFTER UPDATE OF title_words, body_words, kind, '
 'is_visible, is_solved, scope_id, author_id, labels ON search_entries BEGIN INSERT INTO '
 'search_index_document(search_index_document, rowid, title_words, body_words, facets) SELECT '
 "'delete', old.id, old.title_words, old.body_words, 'zzs' || coalesce(old.scope_id, 0) || ' zza' "
 "|| coalesce(old.author_id, 0) || CASE WHEN old.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
 "coalesce(old.labels, '') WHERE old.kind = 'document' AND old.is_visible; INSERT INTO "
 'search_index_document(rowid, title_words, body_words, facets) SELECT new.id, new.title_words, '
 "new.body_words, 'zzs' || coalesce(new.scope_id, 0) || ' zza' || coalesce(new.author_id, 0) || "
 "CASE WHEN new.is_solved THEN ' zzsolved' ELSE ' zzopen' END || coalesce(new.labels, '') WHERE "
 "new.kind = 'document' AND new.is_visible; END"]
FILL = ['INSERT INTO search_index_post(rowid, title_words, body_words, facets) SELECT id, title_words, '
 "body_words, 'zzs' || coalesce(search_entries.scope_id, 0) || ' zza' || "
 "coalesce(search_entries.author_id, 0) || CASE WHEN search_entries.is_solved THEN ' zzsolved' "
 "ELSE ' zzopen' END || coalesce(search_entries.labels, '') FROM search_entries WHERE kind = "
 "'post' AND is_visible",
 'INSERT INTO search_index_lesson(rowid, title_words, body_words, facets) SELECT id, title_words, '
 "body_words, 'zzs' || coalesce(search_entries.scope_id, 0) || ' zza' || "
 "coalesce(search_entries.author_id, 0) || CASE WHEN search_entries.is_solved THEN ' zzsolved' "
 "ELSE ' zzopen' END || coalesce(search_entries.labels, '') FROM search_entries WHERE kind = "
 "'lesson' AND is_visible",
 'INSERT INTO search_index_document(rowid, title_words, body_words, facets) SELECT id, '
 "title_words, body_words, 'zzs' || coalesce(search_entries.scope_id, 0) || ' zza' || "
 "coalesce(search_entries.author_id, 0) || CASE WHEN search_entries.is_solved THEN ' zzsolved' "
 "ELSE ' zzopen' END || coalesce(search_entries.labels, '') FROM search_entries WHERE kind = "
 "'document' AND is_visible"]
DROP = ['DROP TABLE IF EXISTS search_index_post',
 'DROP TABLE IF EXISTS search_index_lesson',
 'DROP TABLE IF EXISTS search_index_document']

OLD_TRIGGERS = ["search_entries_ai", "search_entries_ad", "search_entries_au"]
OLD_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(title_words, body_words, "
    "content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN INSERT INTO "
    "search_index(rowid, title_words, body_words) VALUES (new.id, new.title_words, "
    "new.body_words); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN INSERT INTO "
    "search_index(search_index, rowid, title_words, body_words) VALUES ('delete', old.id, "
    "old.title_words, old.body_words); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE OF title_words, body_words ON search_entries "
    "BEGIN INSERT INTO search_index(search_index, rowid, title_words, body_words) VALUES "
    "('delete', old.id, old.title_words, old.body_words); INSERT INTO search_index(rowid, "
    "title_words, body_words) VALUES (new.id, new.title_words, new.body_words); END",
    "INSERT INTO search_index(search_index) VALUES ('rebuild')",
]


def upgrade():
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("labels", sa.Text(), server_default="", nullable=False))
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_index")
    for statement in SQLITE_DDL + FILL:
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in DROP:
            table = statement.rsplit(" ", 1)[1]
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            op.execute(statement)
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_column("labels")
    if sqlite:
        for statement in OLD_DDL:
            op.execute(statement)
