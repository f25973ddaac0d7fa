"""Chinese fonts in Word documents (python-docx).

Chinese text needs its East-Asian font named on every style (``w:rFonts/@w:eastAsia``):
Word and LibreOffice otherwise fall back to a Latin font and show boxes or a poor
substitute. Noto Serif CJK SC is named for the Latin slot's fallback and is what
LibreOffice on Linux finds. The meeting documents and the partners' contribution
statements both set their styles here.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle

LATIN_FONT = "Noto Serif CJK SC"


def set_fonts(style: BaseStyle, east_asian: str, latin: str = LATIN_FONT) -> None:
    element = style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    # Theme fonts would override the names above.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
