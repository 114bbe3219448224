"""What text in an agenda may contain, and how each output carries it: the one rule.

Characters fall into four classes:

- **line breaks**: LF, CR, NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029);
- **control characters**: the rest of C0 (U+0000-U+001F) but TAB, DEL (U+007F) and C1
  (U+0080-U+009F); VT, FF and the separators U+001C-U+001E, which ``str.splitlines`` also
  splits on, are among them;
- **lone surrogates** (U+D800-U+DFFF): not characters at all, and UTF-8 cannot encode them;
- everything else, TAB included, is text.

The model (`agenda._model`) applies `text_problem` to every text field when a value is built:
a one-line field (a title, a name, an id, a link) refuses line breaks, control characters and
surrogates; a multi-line field (a description) refuses control characters and surrogates and
keeps its line breaks. Both have a length limit (`MAX_LINE`, `MAX_NAME`, `MAX_URL`,
`MAX_TEXT`). So a loaded agenda never holds a control character, and only a description holds
a line break. E-mail addresses have their own rule, `mailbox_problem`.

Outputs then carry what is left safely, each with one function here: `header_text` for mail
headers (no line break, no RFC 2047 encoded-word that a reader would decode), set by
`put_header` and `put_address` in time linear in the text; `ical_text` for iCalendar TEXT and
parameter values (every line break one LF, for the writer's ``\\n`` and RFC 6868 ``^n``);
`escape_breaks` for JSON and TOML files; `escaped` for messages that quote a file. They also
make safe what did not come through the model (an `agenda.ical.Attendee` built in code),
replacing any control character or surrogate with U+FFFD.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import EmailMessage

__all__ = [
    "MAX_LINE",
    "MAX_NAME",
    "MAX_TEXT",
    "MAX_URL",
    "SHORT_TEXT",
    "escape_breaks",
    "escaped",
    "header_text",
    "ical_text",
    "mailbox_problem",
    "put_address",
    "put_header",
    "text_problem",
]

#: The longest one-line text (a title, a name): longer is a mistake, and costs in every message.
MAX_LINE = 500
#: The longest name (of a person, an organisation, an audience): it goes into mail headers.
MAX_NAME = 200
#: The longest link.
MAX_URL = 2_000
#: The longest multi-line text (a description).
MAX_TEXT = 20_000

LINE_BREAKS = "\n\r\x85\u2028\u2029"
_CONTROL = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t" + LINE_BREAKS)
_SURROGATE = "\ud800-\udfff"


def _compiled(pattern: str) -> Callable[[], re.Pattern[str]]:
    """`pattern`, compiled when first used: most runs need few of these (and common text none,
    see `text_problem`), and compiling them all costs start-up more than a small file's load."""
    return functools.cache(lambda: re.compile(pattern))


_LINE_BREAK = _compiled(f"\r\n|[{LINE_BREAKS}]")
_NOT_ONE_LINE = _compiled(f"[{re.escape(LINE_BREAKS + _CONTROL)}{_SURROGATE}]")
_NOT_TEXT = _compiled(f"[{re.escape(_CONTROL)}{_SURROGATE}]")
_SURROGATES = _compiled(f"[{_SURROGATE}]")
# What a mail header may not carry raw: line breaks, TAB and controls (they become spaces).
_HEADER_SPACE = _compiled(f"[{re.escape(LINE_BREAKS + _CONTROL)}\t]+")

#: One-line text at most this long is within every limit above; if it is also printable
#: (`str.isprintable`: no control character, line break or surrogate, nor TAB nor a separator
#: but the space), every text field takes it as it is.
SHORT_TEXT = min(MAX_LINE, MAX_NAME, MAX_URL, MAX_TEXT)

_NAMES = {
    "\x00": "NUL",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x1c": "FILE SEPARATOR",
    "\x1d": "GROUP SEPARATOR",
    "\x1e": "RECORD SEPARATOR",
    "\x1f": "UNIT SEPARATOR",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def describe(char: str) -> str:
    """``U+000A LINE FEED``: a character named so that a person can find it."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate, not a character)"
    import unicodedata

    name = _NAMES.get(char) or unicodedata.name(char, "a control character")
    return f"U+{code:04X} {name}"


def text_problem(value: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """Why `value` cannot be agenda text, or None when it can.

    One-line text refuses line breaks, control characters and lone surrogates; multi-line text
    keeps line breaks (and TAB) and refuses the rest. `limit` is the longest it may be
    (`MAX_LINE` for one line, `MAX_TEXT` for several).
    """
    longest = limit if limit is not None else (MAX_TEXT if multiline else MAX_LINE)
    if len(value) > longest:
        return f"is too long: {len(value):,} characters, the limit is {longest:,}"
    if value.isprintable():
        return None  # the common case: nothing printable is refused
    match = (_NOT_TEXT() if multiline else _NOT_ONE_LINE()).search(value)
    if match is None:
        return None
    char = match.group()
    where = f"at character {match.start() + 1}"
    if char in LINE_BREAKS:
        return f"must be one line: it contains a line break ({describe(char)}) {where}"
    if "\ud800" <= char <= "\udfff":
        return f"contains {describe(char)} {where}: the text is not valid Unicode"
    return f"contains a control character ({describe(char)}) {where}"


def escaped(text: str) -> str:
    """`text` with each line break, control character and surrogate written as a Python escape
    (``\\x1b``, ``\\u2028``): for messages that quote what a file holds, one line, printable."""
    if text.isprintable():
        return text
    return _NOT_ONE_LINE().sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def first_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in `text`, if any (text that UTF-8 cannot encode)."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")  # what it fails on is a surrogate, and it says where
    except UnicodeEncodeError as error:
        return error.start
    return None


def _replace_unsafe(value: str) -> str:
    return _NOT_TEXT().sub("\ufffd", value)


def header_text(value: str) -> str:
    """`value` made safe for a mail header (a Subject, a display name): one line, no controls,
    single spaces, and no ``=?`` that a reader would take for the start of an RFC 2047
    encoded-word (it could decode to a line break and a header of the sender's choosing: the
    CVE-2024-6923 class). ``=?`` gets an invisible ZERO WIDTH SPACE between its two characters,
    so the text reads the same."""
    spaced = _SURROGATES().sub("\ufffd", _HEADER_SPACE().sub(" ", value))
    return " ".join(spaced.split()).replace("=?", "=\u200b?")


def put_header(message: EmailMessage, name: str, value: str) -> None:
    """Set an unstructured header (a Subject) to `header_text` of `value`.

    Text beyond ASCII is written as RFC 2047 encoded-words here, folded in one pass: the `email`
    package's own folding takes time that grows with the square of the text's length (a second
    for a long Cyrillic title), in every message."""
    text = header_text(value)
    if text.isascii():
        message[name] = text
    else:
        message.set_raw(name, _encoded_words(text, len(name) + 2))


def put_address(message: EmailMessage, name: str, display: str, address: str) -> None:
    """Set an address header (From, To) to ``display <address>``: the name as `header_text`
    makes it, encoded in one pass unless it is short ASCII; an `address` that `mailbox_problem`
    refuses raises `InvalidValueError` (it would go into the header as it is)."""
    from email.headerregistry import Address

    from agenda.exceptions import InvalidValueError

    problem = mailbox_problem(address)
    if problem is not None:
        raise InvalidValueError(f"{name}: {address!r} {problem}", value=address, field=name)
    text = header_text(display)
    if text.isascii() and len(text) <= _SHORT:
        username, _, domain = address.rpartition("@")
        message[name] = Address(display_name=text, username=username, domain=domain)
        return
    words = _encoded_words(text, len(name) + 2)
    lines = words.split("\r\n ")
    used = len(lines[-1]) + (len(name) + 2 if len(lines) == 1 else 1)
    glue = " " if used + len(address) + 3 <= _FOLD_AT else "\r\n "
    message.set_raw(name, f"{words}{glue}<{address}>")


# RFC 5322 2.1.1: lines of at most 78 characters; a base64 encoded-word adds 12 to its text.
_FOLD_AT = 78
_EW_OVERHEAD = len("=?utf-8?b??=")
# ASCII names up to this length are left to the `email` package, which quotes them as needed.
_SHORT = 60


def _encoded_words(text: str, prefix: int) -> str:
    """`text` as base64 encoded-words on folded lines of at most 78 characters (the first after
    a `prefix` of that many), each word ending after a space where there is one, none split
    inside a character."""
    import base64

    words: list[bytes] = []
    room = (_FOLD_AT - prefix - _EW_OVERHEAD) // 4 * 3
    chunk = b""
    for token in re.findall(r"\S*\s*", text):
        encoded = token.encode("utf-8")
        if chunk and len(chunk) + len(encoded) > room:
            words.append(chunk)
            chunk = b""
            room = (_FOLD_AT - 1 - _EW_OVERHEAD) // 4 * 3
        for char in token if len(encoded) > room else (token,):
            piece = char.encode("utf-8")
            if chunk and len(chunk) + len(piece) > room:
                words.append(chunk)
                chunk = b""
                room = (_FOLD_AT - 1 - _EW_OVERHEAD) // 4 * 3
            chunk += piece
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words if word)


def ical_text(value: str) -> str:
    """`value` for an iCalendar TEXT or parameter value, before the writer escapes it (RFC 5545
    3.3.11 and 3.1, RFC 6868): every line break one LF, any control character or surrogate
    U+FFFD."""
    return _replace_unsafe(_LINE_BREAK().sub("\n", value))


def escape_breaks(text: str) -> str:
    """JSON or TOML file text with NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR written as
    ``\\uXXXX`` escapes (both formats have them), so that no reader splitting lines with
    ``str.splitlines`` cuts a string in two. The writers put these characters only in strings."""
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# A mailbox as mail headers, SMTP and calendar URIs can all carry without SMTPUTF8: an RFC 5322
# dot-atom local part and a host name, both ASCII.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_MAILBOX = _compiled(rf"{_ATEXT}(?:\.{_ATEXT})*@{_LABEL}(?:\.{_LABEL})*")


def mailbox_problem(address: str) -> str | None:
    """Why `address` is not a plain ``local@domain`` mailbox this library can send to, or None."""
    if not address.isascii():
        return (
            "has non-ASCII characters: internationalised addresses need SMTPUTF8 end to end, which "
            "invitations do not use; give an ASCII address (a domain as xn--...)"
        )
    if len(address) > 254:  # RFC 5321 4.5.3.1.3: a path is at most 256 octets with its brackets
        return f"is too long ({len(address)} characters, at most 254)"
    if _MAILBOX().fullmatch(address) is None:
        return "is not a plain e-mail address such as 'name@example.org'"
    if "=?" in address:
        return "contains '=?', which mail readers take for an encoded word"
    return None
