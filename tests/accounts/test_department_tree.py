"""Department tree queries: the subtree below and the director chain above, in one query each."""

from __future__ import annotations

import pytest
from flask import g

from lms.accounts.queries import department_subtree_ids, director_chain_ids
from tests.factories import DepartmentFactory, UserFactory
from tests.querycount import count_queries


def director():
    return UserFactory(roles=["director"])


def chain(db, depth: int, *, directed: bool = True) -> list:
    """Departments root -> ... -> leaf, `depth` levels below the root, each with a director."""
    departments = [DepartmentFactory(director=director() if directed else None)]
    for _ in range(depth):
        departments.append(
            DepartmentFactory(parent=departments[-1], director=director() if directed else None)
        )
    db.session.flush()
    return departments


def test_subtree_is_the_department_and_every_descendant_not_siblings(db):
    root = DepartmentFactory(name="Root")
    child = DepartmentFactory(name="Child", parent=root)
    grandchild = DepartmentFactory(name="Grandchild", parent=child)
    great = DepartmentFactory(name="Great-grandchild", parent=grandchild)
    second_child = DepartmentFactory(name="Second child", parent=root)
    sibling = DepartmentFactory(name="Sibling of root")
    DepartmentFactory(name="Below the sibling", parent=sibling)
    nephew = DepartmentFactory(name="Sibling of child's subtree", parent=second_child)
    db.session.flush()
    assert department_subtree_ids([root.id]) == {
        root.id,
        child.id,
        grandchild.id,
        great.id,
        second_child.id,
        nephew.id,
    }
    assert department_subtree_ids([child.id]) == {child.id, grandchild.id, great.id}
    assert department_subtree_ids([great.id]) == {great.id}
    assert department_subtree_ids([child.id, second_child.id]) == {
        child.id,
        grandchild.id,
        great.id,
        second_child.id,
        nephew.id,
    }
    assert department_subtree_ids([]) == set()


def test_director_chain_is_the_directors_of_the_department_and_its_ancestors(db):
    top, middle, bottom, other = director(), director(), director(), director()
    root = DepartmentFactory(name="Root", director=top)
    undirected = DepartmentFactory(name="No director", parent=root)
    middle_dept = DepartmentFactory(name="Middle", parent=undirected, director=middle)
    leaf = DepartmentFactory(name="Leaf", parent=middle_dept, director=bottom)
    DepartmentFactory(name="Sibling of leaf", parent=middle_dept, director=other)
    leaderless_leaf = DepartmentFactory(name="Leaderless leaf", parent=middle_dept)
    db.session.flush()
    assert director_chain_ids(leaf.id) == {bottom.id, middle.id, top.id}
    assert director_chain_ids(leaderless_leaf.id) == {middle.id, top.id}
    assert director_chain_ids(undirected.id) == {top.id}
    assert director_chain_ids(root.id) == {top.id}
    assert director_chain_ids(None) == set()


def test_a_department_cycle_does_not_loop_forever(db):
    first, second = director(), director()
    a = DepartmentFactory(name="A", director=first)
    b = DepartmentFactory(name="B", director=second, parent=a)
    a.parent = b
    db.session.flush()
    assert department_subtree_ids([a.id]) == {a.id, b.id}
    assert director_chain_ids(a.id) == {first.id, second.id}


@pytest.mark.parametrize("depth", [2, 5])
def test_the_org_chart_is_read_once_whatever_the_depth(db, depth):
    departments = chain(db, depth)
    ids, directors = [d.id for d in departments], {d.director_id for d in departments}
    db.session.commit()  # committed: a new reference token, the org chart read once under it
    g.pop("reference_token", None)  # as in the next request
    with count_queries(db.engine) as counter:
        below = department_subtree_ids([ids[0]])
    assert below == set(ids)
    assert counter.count == 2, counter.statements  # the token, then every department
    with count_queries(db.engine) as counter:
        above = director_chain_ids(ids[-1])
    assert above == directors
    assert counter.count == 0, counter.statements
