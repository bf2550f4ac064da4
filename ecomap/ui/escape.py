"""The one way text from a map, a directory or a person becomes Markdown in the app.

Names, notes, team names and directory entries are data: ``![i](http://...)`` must show as those
characters, never as a picture fetched from another site; ``$x$`` never as maths; ``:red[...]`` or
``:material/...:`` never as Streamlit's colours and icons; ``<img ...>`` never as HTML.
Backslash escapes are not enough: a web address is turned into a link *before* escapes apply
(GitHub-flavoured autolinks), so ``http://example\\.org`` still became a link with the
backslashes in it. Every ASCII punctuation character is therefore written as a numeric character
reference (``&#46;``), which Markdown shows as the character and never reads as syntax; and
since Streamlit also turns web addresses in *shown* text into links, an invisible word joiner
(U+2060) is put inside ``://``, ``www.`` and ``@`` so that no address or e-mail is recognised.
"""

from __future__ import annotations

import string

_REFERENCES = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
_JOINER = "\u2060"
_LINK_STARTS = {"://": f":{_JOINER}//", "www.": f"www{_JOINER}.", "@": f"@{_JOINER}"}


def md_text(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters (see the module docstring)."""
    text = str(text)
    for start, broken in _LINK_STARTS.items():
        text = text.replace(start, broken)
    return text.translate(_REFERENCES)
