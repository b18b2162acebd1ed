"""PowerPoint decks (python-pptx, 16:9): the briefing and the slides of each view. Every slide's
title is in its layout's title placeholder (editable, in the outline and the slide sorter, read
by screen readers); maps are pictures drawn by `render.figures` at a 1920×1080 projector's
resolution, in a 256-colour palette (a briefing stays a few MB), each with alt text; key figures
and the district × domain table are native text; every slide carries speaker notes with the data
source, the last import and the filters.
"""

from __future__ import annotations

import io

import segno
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from geo import palette, settings
from geo.analysis import aggregate, views
from geo.analysis.filters import Filters, to_query
from geo.render import catalog, figures, i18n, office, words

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
PICTURE_DPI = 150  # a 16:9 figure (12.8 × 7.2 in) at 1920 × 1080: a projector's pixels
TITLE_TOP, TITLE_HEIGHT = Inches(0.2), Inches(0.95)
BODY_TOP = Inches(1.2)
PICTURE_HEIGHT = HEIGHT - BODY_TOP - Inches(0.35)
PICTURE_WIDTH = int(PICTURE_HEIGHT * 16 / 9)
PICTURE_WIDTH_MM = PICTURE_WIDTH / 36_000  # EMU per mm
DEMO_RED = RGBColor(*palette.rgb(palette.DEMO_RED))


class Deck:
    """A presentation being built, with what every slide's notes and footer say."""

    def __init__(self, ds: views.Dataset, filters: Filters) -> None:
        self.ds, self.filters, self.lang = ds, filters, filters.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.titled = self.prs.slide_layouts[5]  # "Title Only"
        self.opening = self.prs.slide_layouts[0]  # "Title Slide"
        self.words = words.title(filters, self.lang, views.district_names(ds))

    def notes(self) -> str:
        lang = self.lang
        source = (i18n.t("present.source_demo", lang) if self.ds.is_demo
                  else i18n.t("present.source_store", lang))
        imported = (self.ds.last_import.strftime("%d-%m-%Y %H:%M") if self.ds.last_import
                    else i18n.t("present.never", lang))
        return i18n.t("present.notes", lang, source=source, imported=imported, filters=self.words)

    def slide(self, title: str, notes_extra: str = "", *, layout=None):
        """A slide whose title placeholder says `title` (kept to two lines at 28 pt)."""
        slide = self.prs.slides.add_slide(layout or self.titled)
        heading = slide.shapes.title
        heading.text = title
        if layout is None:
            heading.left, heading.top = Inches(0.4), TITLE_TOP
            heading.width, heading.height = WIDTH - Inches(0.8), TITLE_HEIGHT
            frame = heading.text_frame
            frame.word_wrap = True
            for paragraph in frame.paragraphs:
                paragraph.font.size = Pt(28 if len(title) <= 70 else 22)
                paragraph.font.bold = True
        slide.notes_slide.notes_text_frame.text = (notes_extra + "\n" if notes_extra else "") \
            + self.notes()
        if self.ds.is_demo:
            self.text(slide, i18n.t("app.demo_banner", self.lang), Inches(0.3), Inches(7.05),
                      Inches(12.7), Inches(0.4), size=12, colour=DEMO_RED)
        return slide

    @staticmethod
    def text(slide, text: str, left, top, width, height, *, size: int = 20, bold: bool = False,
             colour: RGBColor | None = None):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        paragraph.text = text
        paragraph.font.size, paragraph.font.bold = Pt(size), bold
        if colour is not None:
            paragraph.font.color.rgb = colour
        return box

    def picture(self, fig, title: str, alt: str, notes_extra: str = "") -> None:
        """A slide of one figure under its title, the picture described by `alt`."""
        slide = self.slide(title, notes_extra)
        image = io.BytesIO(palette_png(figures.to_bytes(fig, "png", PICTURE_DPI)))
        height, width = PICTURE_HEIGHT, PICTURE_WIDTH
        picture = slide.shapes.add_picture(image, (WIDTH - width) // 2, BODY_TOP, width, height)
        picture._element.nvPicPr.cNvPr.set("descr", alt)

    def save(self) -> bytes:
        from geo.render import report

        tag = i18n.LOCALES[self.lang].replace("_", "-")
        set_language(self.prs, tag)
        office.set_properties(self.prs.core_properties, title=self.words,
                         subject=i18n.t("present.briefing", self.lang),
                         author=report.issuing_body(report.letterhead(self.lang)), tag=tag)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def set_language(prs, tag: str) -> None:
    """Every text's language (`tag`) in the deck, its masters, layouts and notes, so that
    PowerPoint proofs it in the deck's language, not the template's en-US."""
    from pptx.oxml.ns import qn

    notes = [s.notes_slide for s in prs.slides if s.has_notes_slide]
    parts = [prs, *prs.slide_masters, *prs.slide_layouts, *prs.slides, *notes,
             *([prs.notes_master] if notes else [])]
    names = {qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")}
    for part in parts:
        for element in part.element.iter():
            if element.tag in names:
                element.set("lang", tag)


def palette_png(png: bytes) -> bytes:
    """The picture in 256 colours (maps are flat colours: no visible change, a third the size)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def title_slide(deck: Deck, audience_url: str | None = None) -> None:
    """The briefing's title; a QR code to the audience link when one is published, else to the
    live view when the public address is known."""
    lang = deck.lang
    slide = deck.slide(deck.words, layout=deck.opening)
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = (
        Inches(0.8), Inches(2.2), Inches(11.5), Inches(2.2))
    for paragraph in heading.text_frame.paragraphs:
        paragraph.font.size, paragraph.font.bold = Pt(36), True
    subtitle = slide.placeholders[1]
    subtitle.text = i18n.t("present.briefing", lang) + " · " + words.made_on(lang)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(0.8), Inches(4.5), Inches(9), Inches(0.8))
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(20)
        paragraph.font.color.rgb = RGBColor(*palette.rgb(palette.TEXT_MUTED))
    public = settings.get("DVK_PUBLIC_URL")
    link, label = audience_url, i18n.t("present.audience", lang)
    if not link and public:
        query = "&".join(f"{k}={v}" for k, v in to_query(
            deck.filters, latest_year=deck.ds.latest_year).items())
        link = public.rstrip("/") + "/" + (f"?{query}" if query else "")
        label = i18n.t("present.live", lang)
    if link:
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=10, border=2)
        qr.seek(0)
        picture = slide.shapes.add_picture(qr, Inches(10.3), Inches(4.3), height=Inches(2.3))
        picture._element.nvPicPr.cNvPr.set("descr", f"QR: {link}")
        deck.text(slide, label + ": " + link, Inches(0.8), Inches(5.6), Inches(9.2),
                  Inches(0.8), size=14)


def key_figures_slide(deck: Deck) -> None:
    """The four key figures of the period, large, each with its figure to date below it."""
    lang = deck.lang
    numbers = views.key_figures(deck.ds, deck.filters)
    slide = deck.slide(i18n.t("present.key_figures", lang))
    deck.text(slide, deck.words, Inches(0.6), Inches(1.2), Inches(12), Inches(0.8), size=18)
    for i, (label, value, to_date) in enumerate(words.figure_cards(numbers, lang)):
        left = Inches(0.6 + i * 3.1)
        deck.text(slide, value, left, Inches(2.6), Inches(3.0), Inches(1.2), size=48, bold=True)
        deck.text(slide, label, left, Inches(3.9), Inches(3.0), Inches(0.8), size=20)
        deck.text(slide, i18n.t("kpi.to_date", lang, year=deck.filters.year_to, n=to_date),
                  left, Inches(4.9), Inches(3.0), Inches(0.8), size=16,
                  colour=RGBColor(*palette.rgb(palette.TEXT_MUTED)))


def domain_table_slide(deck: Deck) -> None:
    """District × domain as a native table (editable in PowerPoint), with a total row."""
    lang = deck.lang
    shown = views.domain_table(deck.ds, deck.filters)
    table = shown.table
    slide = deck.slide(i18n.t("present.domain_table", lang))
    header = [i18n.t("column.district", lang)] + [
        i18n.domain_label(d, lang) for d in aggregate.DOMAIN_ORDER] + [
        i18n.t("domains.total", lang)]
    rows = len(table) + 2
    shape = slide.shapes.add_table(rows, len(header), Inches(0.4), BODY_TOP, Inches(12.5),
                                   Emu(int(Inches(5.8))))
    cells = shape.table
    body = [[name, *[i18n.number(int(v), lang) for v in row]] for name, row in
            zip(table.index, table.to_numpy())]
    body.append([i18n.t("domains.total", lang)] + [i18n.number(int(v), lang)
                                                   for v in table.sum().to_numpy()])
    for r, values in enumerate([header, *body]):
        for c, value in enumerate(values):
            cell = cells.cell(r, c)
            cell.text = str(value)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(11)
                paragraph.font.bold = r == 0 or r == rows - 1
    if shown.left_out:
        deck.text(slide, words.left_out(shown, lang), Inches(0.4), Inches(6.55), Inches(12.5),
                  Inches(0.5), size=12)


def typical_slides(deck: Deck) -> int:
    """One slide per typical model the filters select (domain, then reach)."""
    typical = views.typical_models(deck.ds, deck.filters)
    for _, model in typical.iterrows():
        facts = words.card(deck.ds, model, deck.filters)
        deck.picture(figures.card_figure(deck.ds, deck.filters, model, size="16:9", facts=facts,
                                         titled=False),
                     model["name"], alt=" ".join(facts["lines"]),
                     notes_extra=f"{model['id']}: {model['name']}")
    return len(typical)


def build(request: catalog.Request, view: catalog.View, *, audience_url: str | None = None
          ) -> bytes:
    """The deck of `view`: its sections in the catalog's order (the briefing: title, key
    figures, density map, leading domain, the four domain maps, district × domain table, the
    targets of the period's last year, one slide per typical model)."""
    ds, filters = request.ds, request.filters
    deck = Deck(ds, filters)
    heading, lang = deck.words, deck.lang
    for section in view.slides:
        if section == "title":
            title_slide(deck, audience_url)
        elif section == "figures":
            key_figures_slide(deck)
        elif section == "density":
            deck.picture(figures.density_figure(ds, filters, title="", size="16:9"), heading,
                         alt=catalog.alternative(request, "overview"))
        elif section == "leading":
            deck.picture(figures.leading_figure(ds, filters, title="", size="16:9"),
                         catalog.title_of(request, "domains"),
                         alt=catalog.alternative(request, "domains"))
        elif section == "domain_maps":
            deck.picture(figures.domains_figure(ds, filters, title="", size="16:9"),
                         i18n.t("present.domain_maps", lang),
                         alt=catalog.alternative(request, "domains"))
        elif section == "table":
            domain_table_slide(deck)
        elif section == "replication":
            ids = views.typical_models(ds, filters)["id"].tolist()
            deck.picture(figures.replication_figure(ds, filters, ids, title="", size="16:9",
                                                    printed_mm=PICTURE_WIDTH_MM),
                         catalog.title_of(request, "replication"),
                         alt=catalog.alternative(request, "replication"))
        elif section == "targets" and ds.rules:
            shown = catalog.target_status(request)
            deck.picture(figures.targets_figure(ds, lang, shown.year, shown.level, titled=False),
                         words.targets_title(shown, lang),
                         alt=catalog.alternative(request, "targets"),
                         notes_extra=i18n.t("targets.all_models", lang))
        elif section == "typical":
            typical_slides(deck)
    return deck.save()
