"""The one way text from a map, a directory or a person becomes Markdown in the app.

Names, notes, team names and directory entries are data: ``![i](http://...)`` must show as those
characters, never as a picture fetched from another site; ``$x$`` never as maths; ``<img ...>``
never as HTML; ``:red[...]`` never as Streamlit's colours. Markdown's special characters are
escaped with a backslash. That alone is not enough: a web address is made a link *before*
escapes apply (GitHub-flavoured "autolinks"), so ``http://example\\.org`` still became a link,
backslashes and all, and Streamlit's directives (``:red[``) are read in the unescaped text. So an
invisible word joiner (U+2060) is also put inside ``://``, ``www.`` and a ``:`` before a letter,
where no web address or directive is then recognised. (An e-mail address may still become a
``mailto:`` link: it fetches nothing, and the signed-in user's address must read as typed.)
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")
_JOINER = "\u2060"
_LINK_OR_DIRECTIVE = re.compile(r"(?<=://)|(?<=\bwww)(?=\.)|(?<=:)(?=[A-Za-z/])", re.IGNORECASE)


def md_text(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters (see the module docstring)."""
    return _SPECIAL.sub(r"\\\1", _LINK_OR_DIRECTIVE.sub(_JOINER, str(text)))
