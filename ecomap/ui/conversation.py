"""The conversation in the person's words, and their own answers, on the Map page.

- :func:`conversation_record`: what a good day or a good life looks like (verbatim, quote marks
  kept), the stage of the three conversations, who was there, and what the person agreed about
  sharing their map;
- :func:`own_answers`: UCLA-3, the ONS loneliness question, the person's own LSNS-6 and ONS4,
  each labelled with its instrument and scale, kept apart from the map's estimates;
- :func:`stage_notice`: in a crisis conversation, the page says so.

Each form saves through :func:`ecomap.ui.state.change`, so every change is one step of Undo and
is kept with the next snapshot.
"""

from __future__ import annotations

import streamlit as st

from ecomap import edit
from ecomap.describe import third_person_words
from ecomap.instruments import INSTRUMENTS, ONS4_ENDS
from ecomap.model import SHARINGS, STAGES, EcoMap
from ecomap.ui import state
from ecomap.ui.views import md_text

STAGE_WORDS: dict[str | None, str] = {
    None: "not recorded",
    "connect": "Connect: getting to know the person and what matters",
    "crisis": "Crisis: something urgent has to be sorted first",
    "longer_term": "Longer term: building a good life over time",
}
SHARING_WORDS: dict[str | None, str] = {
    None: "not asked yet",
    "nobody": "Nobody: the map stays between us",
    "team": "The coordinator's team",
    "partners": "The team and the partners named below",
}
CRISIS_NOTICE = (
    "**Crisis conversation.** Something urgent comes first: ideas for the longer term wait until "
    "the person is ready. Change the stage under **The person** when the crisis has passed."
)
NOT_ASKED = "not asked"


def stage_notice(m: EcoMap) -> None:
    """Say so when the conversation is a crisis one."""
    if m.ego.stage == "crisis":
        st.warning(CRISIS_NOTICE, icon=":material/emergency:")


def _values(prefix: str) -> dict:
    return {k.removeprefix(prefix): v for k, v in st.session_state.items() if k.startswith(prefix)}


def _save(prefix: str) -> None:
    state.change(edit.update_person, **_values(prefix))


def conversation_record(m: EcoMap) -> None:
    """The conversation in the person's words: a good life, the stage, who was there, sharing."""
    e = m.ego
    k = f"conversation.{state.workspace().revision}."
    st.markdown("##### The conversation, in the person's words")
    with st.form("conversation", border=False):
        st.text_area(
            "What a good day or a good life looks like, in their own words",
            value=e.good_life,
            placeholder='"A good day is when I get out, see someone I know and have a laugh."',
            help="Write it as they said it (\"my flat\", not \"his flat\"); quote marks are kept.",
            key=k + "good_life",
        )
        c1, c2 = st.columns(2)
        c1.selectbox(
            "Which conversation",
            [None, *STAGES],
            index=[None, *STAGES].index(e.stage),
            format_func=STAGE_WORDS.get,
            key=k + "stage",
        )
        c2.text_input(
            "Who was there",
            value="; ".join(e.present),
            placeholder="the person; their daughter Ruth; the coordinator",
            key=k + "present",
        )
        c1.selectbox(
            "They agreed their map may be shared with",
            [None, *SHARINGS],
            index=[None, *SHARINGS].index(e.sharing),
            format_func=SHARING_WORDS.get,
            key=k + "sharing",
        )
        c2.text_input(
            "Named partners they agreed to",
            value="; ".join(e.sharing_partners),
            placeholder="GP practice; Age UK",
            key=k + "sharing_partners",
        )
        st.form_submit_button("Save the conversation record", on_click=_save, args=(k,))
    retold = third_person_words(" ".join([*e.what_matters, e.good_life]))
    if retold:
        st.info(
            f"The app reads these words to the person. {md_text(', '.join(repr(w) for w in retold))} "
            "sounds like someone talking about them: write what they said as they said it (\"my flat\")."
        )


def _answer_label(answers: dict[int, str] | None):
    def label(code: int | None) -> str:
        if code is None:
            return NOT_ASKED
        return f"{code}: {answers[code]}" if answers else str(code)

    return label


def own_answers(m: EcoMap) -> None:
    """Every instrument the person answers, labelled with its name, scale and source."""
    st.caption(
        "The person's own answers, asked in these words. They are kept and shown apart from the "
        "estimates worked out from the map; docs/instruments.md explains each one."
    )
    k = f"answers.{state.workspace().revision}."
    with st.form("own-answers", border=False):
        for ins in INSTRUMENTS:
            st.markdown(f"**{ins.name}**")
            st.caption(f"{ins.scale}. Source: {ins.source}.")
            for field, question in ins.questions.items():
                codes = [None, *(ins.answers or range(11))]
                help_text = None
                if ins.answers is None:
                    low, high = ONS4_ENDS[field]
                    help_text = f"0 = {low}, 10 = {high}"
                    question = f"{question} (0 {low} ... 10 {high})"
                st.radio(
                    question,
                    codes,
                    index=codes.index(getattr(m.ego, field)),
                    format_func=_answer_label(ins.answers),
                    horizontal=True,
                    help=help_text,
                    key=k + field,
                )
        st.form_submit_button("Record their answers", on_click=_save, args=(k,))
