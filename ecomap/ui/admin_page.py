"""The admin page of a team server: users and their roles, and the audit trail.

Everything here goes through the scoped store, which refuses it to anyone but an admin, and the
audit trail can only be read: the store has no way to change or delete an entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import streamlit as st

from ecomap.access import ROLES, audit_frame
from ecomap.store import StoreError
from ecomap.ui import state


def page() -> None:
    st.title("Users and audit")
    users_tab, audit_tab, retention_tab = st.tabs(["Users", "Audit trail", "Retention"])
    with users_tab:
        users()
    with audit_tab:
        audit_trail()
    with retention_tab:
        retention()


def users() -> None:
    s = state.store()
    found = s.users()
    st.dataframe(
        [{"e-mail": u.email, "role": u.role, "team": u.team} for u in found],
        hide_index=True,
        width="stretch",
    )
    with st.form("add-user", clear_on_submit=True):
        st.markdown("**Add a user, or change a user's role and team**")
        c1, c2, c3 = st.columns([3, 2, 2])
        email = c1.text_input("E-mail address they sign in with")
        role = c2.selectbox("Role", ROLES, format_func=lambda r: r.replace("_", " "))
        team = c3.text_input("Team")
        if st.form_submit_button("Add", type="primary"):
            try:
                added = s.add_user(email, role, team)
            except StoreError as error:
                st.error(str(error))
            else:
                st.success(f"{added.email} is a {added.role.replace('_', ' ')}.")
                st.rerun()
    if found:
        c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
        leaving = c1.selectbox("Remove a user", [u.email for u in found], key="remove-user")
        if c2.button("Remove", key="remove-user-button"):
            s.remove_user(leaving)
            st.rerun()


def audit_trail() -> None:
    c1, c2 = st.columns(2)
    person_id = c1.text_input("Person id (blank: everyone)", key="audit-person").strip()
    since = c2.date_input("From", value=None, format="YYYY-MM-DD", key="audit-since")
    entries = state.store().audit_trail(
        person_id=person_id or None, since=_start_of(since) if since else None
    )
    frame = audit_frame(entries)
    st.caption(f"{len(frame)} entries, oldest first; times in UTC. The trail can be read, never changed.")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        "Download as CSV", frame.to_csv(index=False), file_name="ecomap-audit.csv", mime="text/csv"
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def retention() -> None:
    s = state.store()
    years = st.number_input(
        "Keep maps for this many years after the last snapshot", 1, 100, 7, key="keep-years"
    )
    due = s.retention_due(int(years))
    st.caption(
        f"{len(due)} people have no snapshot in the last {years} years. They are listed by id only: "
        "an administrator does not open anyone's map."
    )
    if not due:
        return
    st.dataframe(
        [{"person id": p.person_id, "last saved": f"{p.latest_saved_at:%Y-%m-%d}"} for p in due],
        hide_index=True,
    )
    confirm = st.checkbox(
        f"Erase these {len(due)} people completely; this cannot be undone", key="retention-ok"
    )
    if st.button("Erase", disabled=not confirm, type="primary", key="retention-erase"):
        for person in due:
            s.erase_for_retention(person.person_id)
        st.success(f"Erased {len(due)} people.")
