"""Word (.docx) building blocks over python-docx for documents in the Party's form: one font
everywhere (theme fonts removed, so Word shows Times New Roman for Vietnamese too), fields Word
updates (page numbers, caption numbers), tables whose header row repeats on every page,
pictures with alt text."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)


def set_font(element, size: float | None = None, *, bold: bool | None = None,
             italic: bool | None = None) -> None:
    """Times New Roman for every script on a style or run (theme fonts dropped), in black."""
    element.font.name = FONT
    element.font.color.rgb = BLACK
    if size is not None:
        element.font.size = Pt(size)
    if bold is not None:
        element.font.bold = bold
    if italic is not None:
        element.font.italic = italic
    fonts = element.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
        fonts.attrib.pop(qn(f"w:{script}Theme"), None)


def paragraph(container, text: str = "", *, size: float = 14, bold: bool = False,
              italic: bool = False, underline: bool = False, align: str | None = None,
              style: str | None = None, before: float = 0, after: float = 0):
    """A paragraph of one run in the document's font."""
    para = container.add_paragraph(style=style)
    if align:
        para.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    para.paragraph_format.space_before = Pt(before)
    para.paragraph_format.space_after = Pt(after)
    para.paragraph_format.first_line_indent = Mm(0)
    if text:
        run = para.add_run(text)
        set_font(run, size, bold=bold, italic=italic)
        run.font.underline = underline
    return para


def field(para, instruction: str, shown: str, *, size: float | None = None):
    """A Word field (`PAGE`, `SEQ Figure \\* ARABIC`) with the value shown until Word updates it."""
    def run_with(child):
        run = para.add_run()
        if size is not None:
            set_font(run, size)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    result = para.add_run(shown)
    if size is not None:
        set_font(result, size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def repeat_header(table, rows: int = 1) -> None:
    """Mark the first `rows` rows as the header Word repeats at the top of each page."""
    for row in table.rows[:rows]:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)
        unsplit(row)


def grid(document, header: list[str], rows: list[list[str]], *, widths_mm: list[float],
         numeric_from: int = 1, size: float = 12, bold_last: bool = False,
         groups: list[tuple[str | None, int]] | None = None):
    """A bordered table: a bold header repeated on each page, rows never broken across pages,
    numbers right-aligned from column `numeric_from`, the last row bold when it is a total.
    With `groups` (label, columns) the header has two rows: each group's label over its
    columns' own short headers, and a column in no group (label None, one column) with its
    header over both rows, so narrow columns are headed by a word each, not by a phrase
    broken word by word."""
    table = document.add_table(rows=2 if groups else 1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    top = len(table.rows)
    for r, values in enumerate(rows):
        row = table.add_row()
        unsplit(row)  # a row reads whole
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            write(cell, value, size, bold=bold_last and r == len(rows) - 1,
                  align="right" if c >= numeric_from else "left")
    for c, value in enumerate(header):
        write(table.rows[top - 1].cells[c], value, size, bold=True, align="center")
    start = 0
    for label, span in groups or []:
        first = table.rows[0].cells[start]
        if label is None:
            first.merge(table.rows[1].cells[start])
        else:
            first.merge(table.rows[0].cells[start + span - 1])
            write(first, label, size, bold=True, align="center")
        start += span
    widths(table, widths_mm)
    repeat_header(table, rows=top)
    return table


def write(cell, value: object, size: float, *, bold: bool, align: str) -> None:
    """A cell's one paragraph: its text in the document's font, no indent or spacing."""
    para = cell.paragraphs[0]
    para.paragraph_format.first_line_indent = Mm(0)
    para.paragraph_format.space_after = Pt(0)
    para.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    set_font(para.add_run(str(value)), size, bold=bold)


def widths(table, widths_mm: list[float]) -> None:
    """Column widths in the table grid (what LibreOffice and Word lay out by) and every cell."""
    for column, mm in zip(table.columns, widths_mm):
        column.width = Mm(mm)
        for cell in column.cells:
            cell.width = Mm(mm)


def picture(document, png: bytes, *, width_mm: float, alt: str, title: str):
    """A centred picture whose alt text (Word's "description") a screen reader reads."""
    document.add_picture(io.BytesIO(png), width=Mm(width_mm))
    para = document.paragraphs[-1]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Mm(0)
    para.paragraph_format.keep_with_next = True
    shape = document.inline_shapes[-1]
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", title)
    return shape


def no_borders(table) -> None:
    """Remove every border of a layout table (the heading and signature blocks)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def set_language(doc, tag: str) -> None:
    """The document's proofing language (`tag`, e.g. "vi-VN") in its default run properties,
    so Word checks spelling in that language, not the template's en-US."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    for script in ("val", "eastAsia"):
        lang.set(qn(f"w:{script}"), tag)
    for rel_id, rel in list(doc.part.rels.items()):  # the template's Word 2010 copy of its styles
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)


def unsplit(row) -> None:
    """A table row Word never breaks across pages."""
    props = row._tr.get_or_add_trPr()
    if props.find(qn("w:cantSplit")) is None:
        props.append(OxmlElement("w:cantSplit"))
