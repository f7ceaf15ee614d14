"""`create-admin` takes its password from a pipe, so a deployment script can make the first admin."""

from __future__ import annotations

from lms.accounts.services import find_user_by_email
from lms.accounts.sign_in import sign_in

PASSWORD = "a-long-enough-password"


def test_create_admin_reads_the_piped_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "Root@Example.com", "--name", "Site Admin"], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "administrator Root@Example.com created" in result.output
    admin = sign_in("root@example.com", PASSWORD).user
    assert admin is not None and admin.name == "Site Admin"
    assert [row.role for row in admin.role_rows] == ["admin"]
    assert not admin.must_change_password


def test_create_admin_refuses_a_short_piped_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "root@example.com"], input="short\n"
    )
    assert result.exit_code == 1
    assert "Use at least" in result.output
    assert find_user_by_email("root@example.com") is None


def test_create_admin_refuses_an_empty_pipe(app, db):
    result = app.test_cli_runner().invoke(args=["create-admin", "root@example.com"], input="")
    assert result.exit_code == 1
    assert find_user_by_email("root@example.com") is None
