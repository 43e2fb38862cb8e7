"""Fitting chart texts into the room a chart has for them: an estimate of a text's width, and
wrapping a label onto a few lines, shortened with an ellipsis when it still does not fit.

An SVG chart does not wrap its texts, and what runs past the drawing is cut off (on the screen and
in the PDF). The widths below are those of DejaVu Sans, the PDF's font, rounded up per group of
characters; the screen's fonts (Noto Sans, Arial...) are narrower, so a text that fits here fits
there too. The council report's test reads every glyph's box from the PDF to hold this.
"""

#: Width of a character in ems, by group; anything not listed counts as DEFAULT_EM.
EMS = {
    **dict.fromkeys(" '’.,:;|ilIjJïì", 0.34),
    **dict.fromkeys("!()[]-/frt", 0.42),
    **dict.fromkeys("sz?cç–", 0.6),
    **dict.fromkeys("ABCEFKLPRSTVXYZ&", 0.78),
    **dict.fromkeys("DGHNOQU#+<=>^~", 0.86),
    **dict.fromkeys("mwMW%…@", 1.05),
}
#: Lower-case letters, digits and the rest of the Latin letters.
DEFAULT_EM = 0.72
#: Characters outside Latin-1 and Latin Extended-A (other scripts, symbols) are counted wide.
WIDE_EM = 1.05
ELLIPSIS = "…"


def text_width(text, font_size):
    """The width of `text` at `font_size`, in the same units; an estimate on the wide side."""
    return font_size * sum(EMS.get(char, DEFAULT_EM if ord(char) < 0x180 else WIDE_EM) for char in text)


def _shortened(text, width, font_size):
    """`text` cut so that it fits `width` with an ellipsis after it (the whole text if it fits)."""
    if text_width(text, font_size) <= width:
        return text
    while text and text_width(text.rstrip() + ELLIPSIS, font_size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _split_word(word, width, font_size):
    """A word wider than `width` in pieces that each fit (no hyphens: chart labels are short)."""
    pieces, piece = [], ""
    for char in word:
        if piece and text_width(piece + char, font_size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def fit_lines(text, width, font_size, max_lines=2):
    """`text` wrapped onto at most `max_lines` lines of at most `width`; the last line ends in an
    ellipsis when the text does not fit (the table beside each chart gives the whole text)."""
    words = [piece for word in str(text).split() for piece in _split_word(word, width, font_size)]
    lines = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*kept, _shortened(rest, width, font_size)]
    return lines or [""]
