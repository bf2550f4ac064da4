"""Who is using the app: personal mode, or sign-in on a team server.

With no ``[auth]`` section in ``.streamlit/secrets.toml`` the app is in personal mode: one user on
one machine, no sign-in (:data:`ecomap.access.PERSONAL`). With one, it is a team server: until
someone signs in (Streamlit's ``st.login``, OpenID Connect), every page shows only a sign-in
control, and a signed-in address that is not a user of the store sees only "ask your
administrator". A session left idle for ``$ECOMAP_IDLE_MINUTES`` (default 30) is signed out.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from ecomap.access import PERSONAL, Identity, identity_of
from ecomap.ui import state
from ecomap.ui.views import md_text

#: Environment variable: minutes without any action after which a session is signed out.
IDLE_MINUTES_ENV = "ECOMAP_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30
_ACTIVE_KEY = "ecomap.active_at"
_UNKNOWN_KEY = "ecomap.unknown_recorded"


def sign_in_configured() -> bool:
    """Whether this is a team server: ``[auth]`` is in the secrets."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def idle_seconds() -> float:
    """The idle time before sign-out, from ``$ECOMAP_IDLE_MINUTES``; a bad value stops the app
    with a message naming the setting."""
    text = os.environ.get(IDLE_MINUTES_ENV, "").strip()
    if not text:
        return DEFAULT_IDLE_MINUTES * 60.0
    try:
        minutes = float(text)
    except ValueError:
        minutes = 0.0
    if not minutes > 0:
        st.error(f"{IDLE_MINUTES_ENV} is {text!r}: give the idle time before sign-out in minutes, e.g. 30.")
        st.stop()
    return minutes * 60.0


def signed_in_user() -> Identity:
    """The user of this run. On a team server, a run without a known, active, signed-in user
    shows the sign-in control or "ask your administrator" and stops here: no page is drawn."""
    if not sign_in_configured():
        return PERSONAL
    if not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    email = str(st.user.get("email") or "")
    found = state.shared_store().user(email) if email else None
    if found is None:
        _not_a_user(email)
        st.stop()
    user = identity_of(found)
    if state.sign_in_as(user):
        state.store().record("sign_in")
    elif _idle_for() > idle_seconds():
        _sign_out("idle")
        st.stop()
    st.session_state[_ACTIVE_KEY] = time.monotonic()
    with st.sidebar:
        _who(user)
    return user


def _idle_for() -> float:
    return time.monotonic() - st.session_state.get(_ACTIVE_KEY, time.monotonic())


def _sign_out(reason: str) -> None:
    state.store().record("sign_out", detail=reason)
    state.close()
    st.logout()


def _sign_in_page() -> None:
    st.title("ecomap")
    st.markdown(
        "This ecomap server keeps personal data about the people a team works with. **Sign in** "
        "with your work account to continue."
    )
    st.button("Sign in", type="primary", on_click=st.login, icon=":material/login:")


def _not_a_user(email: str) -> None:
    if st.session_state.get(_UNKNOWN_KEY) != email:
        st.session_state[_UNKNOWN_KEY] = email
        state.shared_store().record(email or "(no e-mail address)", "denied", detail="not a user")
    st.title("ecomap")
    st.warning(
        f"You are signed in as {md_text(email) or 'an account without an e-mail address'}, which is not "
        "a user of this ecomap server. Ask your administrator to add you."
    )
    st.button("Sign out", on_click=st.logout)


def _who(user: Identity) -> None:
    team = f", {md_text(user.team)}" if user.team else ""
    st.caption(f"Signed in as {md_text(user.email)} ({user.role.replace('_', ' ')}{team})")
    st.button("Sign out", key="sign-out", on_click=_sign_out, args=("signed out",), icon=":material/logout:")
    # Checked every minute (more often for a shorter limit) even if no one touches the page again:
    # the screen of an unattended laptop stops showing anyone's map.
    st.fragment(_idle_watch, run_every=min(60.0, idle_seconds() / 2))()


def _idle_watch() -> None:
    if _idle_for() > idle_seconds():
        _sign_out("idle")
